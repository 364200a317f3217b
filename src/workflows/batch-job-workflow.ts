// One workflow per batch job; its state is the BatchJob record. Deterministic: no I/O, no clocks
// but the workflow's own (`new Date()` here is workflow time), strategies only through activities.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  BATCH_JOB_EVENTS,
  cancelRefusal,
  confirmRefusal,
  isTerminal,
  withErrors,
  withResult,
  withStatus,
  type BatchJob,
  type BatchJobEventName,
  type BatchJobResult,
  type BatchJobStatus,
} from '../batch-job';
import {
  cancelSignal,
  cancelUpdate,
  confirmSignal,
  confirmUpdate,
  getBatchJobQuery,
  progressSignal,
} from './messages';
import { runChunks } from './chunk-runner';
import { BATCH_JOB_MEMO_KEY, batchJobStatusKey } from './search-attributes';
import { NON_RETRYABLE_JOB_ERROR, type BatchJobEvent, type BatchJobWorkflowInput } from './types';

type Activities = ReturnType<typeof createActivities>;

/** Raised inside the workflow when the job's work has failed for good. */
class JobFailed extends Error {
  constructor(
    message: string,
    readonly result: BatchJobResult | undefined,
  ) {
    super(message);
  }
}

export async function batchJobWorkflow(input: BatchJobWorkflowInput): Promise<BatchJob> {
  const { settings } = input;
  const carried = input.carried;
  let job = input.job;
  let checkpoint: unknown = carried?.checkpoint ?? null;
  let chunks = carried?.chunks ?? null;
  let failedAttempts = carried?.failedAttempts ?? 0;
  const pendingEvents: BatchJobEvent[] = carried?.pendingEvents ?? [];
  let nextEventSequence = carried?.nextEventSequence ?? 1;
  // Attempts are numbered across the job's runs; progress reports name the attempt they come from.
  let attemptCounter = carried?.attemptCounter ?? 0;
  let activeAttempt = 0;
  let lastProgressPublishMs = 0;
  let delivering = false;
  let dispatcherMode = 'running' as 'running' | 'draining' | 'pausing';

  // Work may be stopped by cancel; strategies' work runs with a heartbeat so cancel reaches it.
  const work = proxyActivities<Activities>({
    startToCloseTimeout: '24h',
    heartbeatTimeout: settings.heartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    // The workflow retries work itself, so each attempt starts from the newest checkpoint.
    retry: { maximumAttempts: 1 },
  });
  // Chunks are independent and idempotent: Temporal retries each one itself, with backoff.
  const chunkWork = proxyActivities<Activities>({
    // Through the task queue, not started eagerly on this worker: chunks are meant to spread.
    allowEagerDispatch: false,
    startToCloseTimeout: '24h',
    heartbeatTimeout: settings.heartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: settings.processingRetryInitialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: settings.processingRetryMaxIntervalMs,
      maximumAttempts: settings.processingMaxAttempts,
      nonRetryableErrorTypes: [NON_RETRYABLE_JOB_ERROR],
    },
  });
  const housekeeping = proxyActivities<Activities>({
    startToCloseTimeout: '5m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
  });
  const events = proxyActivities<Activities>({
    startToCloseTimeout: '1m',
    heartbeatTimeout: '30s',
    retry: {
      initialInterval: '500ms',
      backoffCoefficient: 2,
      maximumInterval: '30s',
      maximumAttempts: settings.eventMaxAttempts,
    },
  });

  const now = () => new Date().toISOString();

  function emit(name: BatchJobEventName): void {
    const event: BatchJobEvent = { name, sequence: nextEventSequence++, data: { id: job.id }, batch_job: job };
    // Coalesce progress: a queued, not yet delivering `batch.updated` is replaced by the newer one.
    const last = pendingEvents[pendingEvents.length - 1];
    const lastIsIdle = pendingEvents.length > (delivering ? 1 : 0);
    if (name === BATCH_JOB_EVENTS.updated && last?.name === name && lastIsIdle) {
      pendingEvents[pendingEvents.length - 1] = event;
    } else {
      pendingEvents.push(event);
    }
  }

  let recorded: BatchJob | null = null;
  function recordMemo(): void {
    upsertMemo({ [BATCH_JOB_MEMO_KEY]: job });
    recorded = job;
  }

  function setStatus(status: BatchJobStatus): void {
    if (isTerminal(job.status)) return;
    job = withStatus(job, status, now());
    upsertSearchAttributes([{ key: batchJobStatusKey, value: status }]);
    recordMemo();
    emit(BATCH_JOB_EVENTS[status]);
  }

  /** Merges result keys; progress alone is published at most once per interval. */
  function updateResult(patch: BatchJobResult, kind: 'progress' | 'result'): void {
    job = withResult(job, patch, now());
    const nowMs = Date.now();
    if (kind === 'progress' && nowMs - lastProgressPublishMs < settings.progressPublishIntervalMs) return;
    lastProgressPublishMs = nowMs;
    recordMemo();
    emit(BATCH_JOB_EVENTS.updated);
  }

  const workScope = new CancellationScope();

  function cancel(reason?: string): void {
    if (isTerminal(job.status)) return; // canceling twice is accepted; a failed job stays failed
    if (reason) job = withErrors(job, [reason], now());
    setStatus('canceled');
    workScope.cancel();
  }

  function confirm(): void {
    setStatus('confirmed');
  }

  // Handlers are registered before the first await, so no message is ever dropped.
  setHandler(getBatchJobQuery, () => job);
  setHandler(confirmSignal, () => {
    const refusal = confirmRefusal(job);
    if (refusal) log.warn('confirm signal ignored', { id: job.id, status: job.status, refusal });
    else confirm();
  });
  setHandler(cancelSignal, () => {
    const refusal = cancelRefusal(job);
    if (refusal) log.warn('cancel signal ignored', { id: job.id, status: job.status, refusal });
    else cancel();
  });
  setHandler(
    confirmUpdate,
    () => {
      confirm();
      return job;
    },
    { validator: () => refuseWith(confirmRefusal(job)) },
  );
  setHandler(
    cancelUpdate,
    () => {
      cancel();
      return job;
    },
    { validator: () => refuseWith(cancelRefusal(job)) },
  );
  setHandler(progressSignal, (report) => {
    // Reports from the running attempt count, and so do reports numbered beyond every attempt
    // started so far: only a reset brings those, reapplied from the run it replaced, and they
    // carry that run's newest checkpoint. Anything else comes from an attempt given up on.
    // After a cancel the running attempt still reports until it stops, so the record says how far
    // the work really got.
    const fromRunningAttempt = activeAttempt !== 0 && report.attemptId === activeAttempt;
    const reappliedByReset = report.attemptId > attemptCounter && !isTerminal(job.status);
    if (!(fromRunningAttempt || reappliedByReset)) return;
    if (report.checkpoint) checkpoint = report.checkpoint.value;
    if (report.result) updateResult(report.result, 'progress');
  });

  // Events go out in order, through an activity, beside the job: a failing subscriber never
  // blocks or fails it. The dispatcher cannot be canceled (a canceled job still announces it);
  // pausing it for continue-as-new cancels the delivery in flight, which the next run repeats
  // (at least once), and carries the rest over.
  let deliveryScope: CancellationScope | null = null;
  const pausing = () => dispatcherMode === 'pausing';
  const startDispatcher = () =>
    CancellationScope.nonCancellable(async () => {
      for (;;) {
        await condition(() => pendingEvents.length > 0 || dispatcherMode !== 'running');
        if (dispatcherMode === 'pausing' || pendingEvents.length === 0) return;
        const event = pendingEvents[0]!;
        delivering = true;
        deliveryScope = new CancellationScope();
        try {
          await deliveryScope.run(() => events.deliverBatchJobEvent(event));
          pendingEvents.shift();
        } catch (err) {
          if (isCancellation(err) && pausing()) return; // redelivered by the next run
          log.error('event dropped after its last delivery attempt', { event: event.name, id: job.id, err });
          pendingEvents.shift();
        } finally {
          delivering = false;
          deliveryScope = null;
        }
      }
    });
  let dispatcher = startDispatcher();
  let dispatcherStopped = false;
  void dispatcher.then(() => (dispatcherStopped = true));

  if (!carried) {
    recordMemo();
    emit(BATCH_JOB_EVENTS.created);
  }

  /** Runs work with the job's retry policy; a cancel propagates, the last failure is JobFailed. */
  async function withRetries<T>(run: (attemptId: number, attempt: number) => Promise<T>): Promise<T> {
    for (;;) {
      activeAttempt = ++attemptCounter;
      try {
        const value = await run(activeAttempt, failedAttempts + 1);
        failedAttempts = 0;
        return value;
      } catch (err) {
        // Only our own cancel counts: a worker shutting down also cancels its activities.
        if (isCancellation(err) && CancellationScope.current().consideredCancelled) throw err;
        failedAttempts++;
        const { message, retryable, result } = describeFailure(err);
        log.warn('batch job attempt failed', { id: job.id, attempt: failedAttempts, message, retryable });
        if (!retryable || failedAttempts >= settings.processingMaxAttempts) throw new JobFailed(message, result);
        const delay = settings.processingRetryInitialIntervalMs * 2 ** (failedAttempts - 1);
        await sleep(Math.min(delay, settings.processingRetryMaxIntervalMs));
      } finally {
        activeAttempt = 0;
      }
    }
  }

  async function runLifecycle(): Promise<void> {
    if (job.status === 'created') {
      const outcome = await withRetries(() => work.preProcessBatchJob(job));
      if (outcome.result) updateResult(outcome.result, 'result');
      if (outcome.chunks !== null) chunks = { total: outcome.chunks, progress: { doneBelow: 0, doneAbove: [] } };
      setStatus('pre_processed');
    }
    if (job.status === 'pre_processed') {
      if (!job.dry_run) confirm();
      else if (!(await condition(() => job.status !== 'pre_processed', settings.confirmTimeoutMs))) {
        cancel(`Batch job was not confirmed within ${formatDuration(settings.confirmTimeoutMs)}`);
        return;
      }
    }
    if (job.status === 'confirmed') setStatus('processing');
    if (chunks) return processChunks(chunks);
    while (job.status === 'processing') {
      const outcome = await withRetries((attemptId, attempt) =>
        work.processBatchJobSlice({ job, attemptId, attempt, checkpoint, sliceMs: settings.sliceMs }),
      );
      updateResult(outcome.result, 'result');
      if (outcome.kind === 'completed') {
        setStatus('completed');
        return;
      }
      checkpoint = outcome.checkpoint;
      if (historyIsLong()) await continueAsNewCarryingState();
    }
  }

  const historyIsLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > settings.maxHistoryEvents;
  };

  async function processChunks(plan: NonNullable<typeof chunks>): Promise<void> {
    const chunkScope = new CancellationScope();
    let outcome: 'finished' | 'paused';
    try {
      outcome = await chunkScope.run(() =>
        runChunks({
          total: plan.total,
          parallelism: settings.chunkParallelism,
          progress: plan.progress,
          runChunk: (index) => chunkWork.processBatchJobChunk({ job, index }),
          onChunkDone: (_index, units) => updateResult({ advancement_count: (job.result?.advancement_count ?? 0) + units }, 'progress'),
          shouldPause: historyIsLong,
          onFailure: () => chunkScope.cancel(),
        }),
      );
    } catch (err) {
      if (isCancellation(err) && CancellationScope.current().consideredCancelled) throw err;
      const { message, result } = describeFailure(err);
      throw new JobFailed(message, result);
    }
    if (outcome === 'paused') return continueAsNewCarryingState();
    const finished = await withRetries(() => work.finishBatchJob(job));
    updateResult(finished, 'result');
    setStatus('completed');
  }

  async function continueAsNewCarryingState(): Promise<never> {
    dispatcherMode = 'pausing';
    (deliveryScope as CancellationScope | null)?.cancel();
    await dispatcher;
    await condition(allHandlersFinished);
    return continueAsNew<typeof batchJobWorkflow>({
      job,
      settings,
      carried: { checkpoint, chunks, failedAttempts, attemptCounter, pendingEvents, nextEventSequence },
    });
  }

  try {
    await workScope.run(runLifecycle);
  } catch (err) {
    if (err instanceof JobFailed) {
      if (err.result) job = withResult(job, err.result, now());
      try {
        job = withResult(job, await housekeeping.handleProcessingError({ job, message: err.message }), now());
      } catch (handlerError) {
        // The strategy's error handler failing must not keep the job from failing.
        log.error('handleProcessingError failed; recording the message as it is', { id: job.id, handlerError });
        job = withErrors(job, [err.message], now());
      }
      setStatus('failed');
    } else if (isCancellation(err)) {
      // Our cancel already set the status; `temporal workflow cancel` reaches here without it.
      cancel();
    } else {
      throw err;
    }
  }
  if (job.status === 'canceled') {
    try {
      await CancellationScope.nonCancellable(() => housekeeping.cleanUpBatchJob(job));
    } catch (cleanUpError) {
      log.error('clean-up after cancel failed; partial output may remain', { id: job.id, cleanUpError });
    }
  }

  // The memo is what GET serves once the workflow has closed: leave it exactly as the record.
  if (recorded !== job) recordMemo();
  dispatcherMode = 'draining';
  // A cancel that came while pausing for continue-as-new left the dispatcher stopped: restart it.
  if (dispatcherStopped) dispatcher = startDispatcher();
  await dispatcher;
  await condition(allHandlersFinished);
  if (recorded !== job) recordMemo();
  return job;
}

function refuseWith(refusal: string | null): void {
  if (refusal) throw ApplicationFailure.create({ message: refusal, type: 'not_allowed', nonRetryable: true });
}

function describeFailure(err: unknown): { message: string; retryable: boolean; result: BatchJobResult | undefined } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  const application = cause instanceof ApplicationFailure ? cause : null;
  const retryable = application?.type !== NON_RETRYABLE_JOB_ERROR;
  return { message, retryable, result: application?.details?.[0] as BatchJobResult | undefined };
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms / size === 1 ? '' : 's'}`;
  }
  return `${ms} ms`;
}
