// Carries a processing attemptId's progress and checkpoints to its workflow. Progress is throttled
// (one signal a second at most, the last one always sent); a checkpoint is sent at once and
// awaited, so once `checkpoint()` returns it survives any crash.
import type { BatchJobResult } from '../batch-job';
import type { ProgressReport } from '../workflows/types';

export type SendProgress = (jobId: string, report: ProgressReport) => Promise<void>;

export interface ProgressReporter {
  progress(result: BatchJobResult): void;
  checkpoint(value: unknown, result?: BatchJobResult): Promise<void>;
  /** The result keys reported so far, merged. */
  readonly result: BatchJobResult;
  /** Stops the timer; nothing more is sent. */
  stop(): void;
}

export function createProgressReporter(options: {
  jobId: string;
  attemptId: number;
  send: SendProgress;
  intervalMs: number;
  onSendError: (err: unknown) => void;
}): ProgressReporter {
  const { jobId, attemptId, send, intervalMs } = options;
  let result: BatchJobResult = {};
  let dirty = false;
  let stopped = false;
  let lastSentAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  // Signals go out one after another so the workflow sees them in order.
  function enqueue(report: ProgressReport): Promise<void> {
    const sent = chain.then(() => send(jobId, report));
    chain = sent.catch(() => undefined);
    return sent;
  }

  function sendPending(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty || stopped) return chain;
    dirty = false;
    lastSentAt = Date.now();
    return enqueue({ attemptId, result }).catch(options.onSendError);
  }

  return {
    get result() {
      return result;
    },
    progress(patch) {
      result = { ...result, ...patch };
      dirty = true;
      if (stopped || timer) return;
      const wait = lastSentAt + intervalMs - Date.now();
      if (wait <= 0) void sendPending();
      else timer = setTimeout(() => void sendPending(), wait);
    },
    async checkpoint(value, patch) {
      if (patch) result = { ...result, ...patch };
      if (timer) clearTimeout(timer);
      timer = undefined;
      dirty = false;
      lastSentAt = Date.now();
      await enqueue({ attemptId, result, checkpoint: { value } });
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
