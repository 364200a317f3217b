// Activities: thin adapters between the workflow and the strategies, events and progress channel.
// Built from injected dependencies; nothing here opens a connection.
import { CancelledFailure, activityInfo, cancellationSignal, heartbeat, log } from '@temporalio/activity';
import { withErrors, withResult, type BatchJob, type BatchJobResult } from '../batch-job';
import type { EventBus } from '../events/event-bus';
import type { StrategyRegistry } from '../strategies/registry';
import type { ProcessingContext } from '../strategies/strategy';
import type { BatchJobEvent, PreProcessOutcome, ProcessSliceInput, ProcessSliceOutcome } from '../workflows/types';
import { classifyStrategyError } from './classify-error';
import { throttledHeartbeat, whileHeartbeating } from './heartbeat';
import { createProgressReporter, type SendProgress } from './progress-reporter';

export interface ActivityDependencies {
  strategies: StrategyRegistry;
  events: EventBus;
  /** Delivers a progress signal to the job's workflow. */
  sendProgress: SendProgress;
  /** How often progress goes to the record at most. */
  progressIntervalMs?: number;
}

/** Thrown by `saveCheckpoint()` when the slice has run its time: the attempt yields there. */
class SliceEnded extends Error {}

export function createActivities(deps: ActivityDependencies) {
  const progressIntervalMs = deps.progressIntervalMs ?? 1000;

  function throwIfCanceled(): void {
    if (cancellationSignal().aborted) throw new CancelledFailure('batch job canceled');
  }

  return {
    async preProcessBatchJob(job: BatchJob): Promise<PreProcessOutcome> {
      const strategy = deps.strategies.get(job.type);
      try {
        const result = strategy.preProcessBatchJob
          ? ((await whileHeartbeating(() => strategy.preProcessBatchJob!(job, { signal: cancellationSignal() }))) ?? null)
          : null;
        const chunks = strategy.chunks ? strategy.chunks.count(result ? withResult(job, result, job.updated_at) : job) : null;
        return { result, chunks };
      } catch (err) {
        throwIfCanceled();
        throw await classifyStrategyError(strategy, job, err);
      }
    },

    /** One chunk of a chunked strategy; returns the units it did. */
    async processBatchJobChunk(input: { job: BatchJob; index: number }): Promise<number> {
      const strategy = deps.strategies.get(input.job.type);
      try {
        return await whileHeartbeating(() => strategy.chunks!.process(input.job, input.index, { signal: cancellationSignal() }));
      } catch (err) {
        throwIfCanceled();
        throw await classifyStrategyError(strategy, input.job, err);
      }
    },

    async finishBatchJob(job: BatchJob): Promise<BatchJobResult> {
      const strategy = deps.strategies.get(job.type);
      try {
        return (await whileHeartbeating(() => strategy.chunks!.finish(job, { signal: cancellationSignal() }))) ?? {};
      } catch (err) {
        throwIfCanceled();
        throw await classifyStrategyError(strategy, job, err);
      }
    },

    async processBatchJobSlice(input: ProcessSliceInput): Promise<ProcessSliceOutcome> {
      const { job, attemptId, attempt, sliceMs } = input;
      const strategy = deps.strategies.get(job.type);
      const sliceEndsAt = Date.now() + sliceMs;
      let lastCheckpoint = input.checkpoint;
      const reporter = createProgressReporter({
        jobId: job.id,
        attemptId,
        send: deps.sendProgress,
        intervalMs: progressIntervalMs,
        onSendError: (err) => log.warn('progress report not delivered', { id: job.id, err }),
      });
      // Every call into the context also heartbeats: a strategy busy with synchronous work (SQLite)
      // can starve the heartbeat timer, and cancel only arrives on heartbeat responses.
      const beat = throttledHeartbeat();
      const context: ProcessingContext = {
        signal: cancellationSignal(),
        checkpoint: input.checkpoint ?? null,
        attempt,
        throwIfCanceled: () => {
          beat();
          throwIfCanceled();
        },
        progress: (result) => {
          beat();
          reporter.progress(result);
        },
        async saveCheckpoint(value, result) {
          // Recorded first: the work before it is done even when a cancel has just come.
          await reporter.checkpoint(value, result);
          lastCheckpoint = value;
          beat();
          throwIfCanceled();
          if (Date.now() >= sliceEndsAt) throw new SliceEnded();
        },
      };
      try {
        const final = await whileHeartbeating(() => strategy.processJob!(job, context));
        reporter.stop();
        return { kind: 'completed', result: { ...reporter.result, ...(final ?? {}) } };
      } catch (err) {
        reporter.stop();
        if (err instanceof SliceEnded) {
          return { kind: 'yielded', checkpoint: lastCheckpoint, result: reporter.result };
        }
        throwIfCanceled();
        throw await classifyStrategyError(strategy, job, err);
      }
    },

    async handleProcessingError(input: { job: BatchJob; message: string }): Promise<BatchJobResult> {
      const { job, message } = input;
      const strategy = deps.strategies.get(job.type);
      if (strategy.handleProcessingError) return strategy.handleProcessingError(job, new Error(message));
      return withErrors(job, [message], job.updated_at).result ?? {};
    },

    async cleanUpBatchJob(job: BatchJob): Promise<void> {
      await deps.strategies.get(job.type).cleanUp?.(job);
    },

    /**
     * Calls every subscriber of the event. Subscribers that took it are remembered in the
     * heartbeat, so a retry (after another subscriber failed) calls only those still owed it.
     */
    async deliverBatchJobEvent(event: BatchJobEvent): Promise<void> {
      const delivered = new Set<string>((activityInfo().heartbeatDetails as string[] | undefined) ?? []);
      const failures: string[] = [];
      for (const subscriber of deps.events.subscribersFor(event.name)) {
        if (delivered.has(subscriber.id)) continue;
        try {
          await subscriber.handler(event);
          delivered.add(subscriber.id);
          heartbeat([...delivered]);
        } catch (err) {
          failures.push(`${subscriber.id}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (failures.length > 0) {
        throw new Error(`subscribers failed on ${event.name} of ${event.data.id}: ${failures.join('; ')}`);
      }
    },
  };
}
