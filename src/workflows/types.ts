// Plain-JSON shapes that cross the workflow boundary: workflow input, activity inputs and outputs,
// signals. Only keys, counts and the (small) BatchJob record travel here, never rows or files.
import type { BatchJob, BatchJobEventName, BatchJobResult } from '../batch-job';
import type { ChunkProgress } from './chunk-runner';

/** Knobs the workflow needs; read from the environment by whoever starts the workflow. */
export interface WorkflowSettings {
  /** How long a dry-run job waits in `pre_processed` for confirm before it is canceled. */
  confirmTimeoutMs: number;
  /** Attempts at pre-processing or processing before the job fails (1 = no retry). */
  processingMaxAttempts: number;
  /** First retry delay; doubles per attempt up to processingRetryMaxIntervalMs. */
  processingRetryInitialIntervalMs: number;
  processingRetryMaxIntervalMs: number;
  /** A worker that stops heartbeating for this long is taken as dead and its work retried. */
  heartbeatTimeoutMs: number;
  /** A processing activity returns at its first checkpoint after this long (bounds history). */
  sliceMs: number;
  /** Continue-as-new once this run's history has more events than this. */
  maxHistoryEvents: number;
  /** Minimum time between memo refreshes and `batch.updated` events for progress alone. */
  progressPublishIntervalMs: number;
  /** Attempts at delivering one event to one subscriber before it is dropped (and logged). */
  eventMaxAttempts: number;
  /** Chunks of a chunked strategy running at once (across all workers). */
  chunkParallelism: number;
}

export interface BatchJobWorkflowInput {
  job: BatchJob;
  settings: WorkflowSettings;
  /** Carried through continue-as-new; absent on a job's first run. */
  carried?: CarriedState;
}

export interface CarriedState {
  checkpoint: unknown;
  /** For a chunked strategy: how many chunks and which are done. */
  chunks: { total: number; progress: ChunkProgress } | null;
  failedAttempts: number;
  attemptCounter: number;
  pendingEvents: BatchJobEvent[];
  nextEventSequence: number;
}

export interface BatchJobEvent {
  name: BatchJobEventName;
  /** Per job, increasing across runs: lets a subscriber drop a redelivered event. */
  sequence: number;
  data: { id: string };
  batch_job: BatchJob;
}

/** Sent by a processing activity to its workflow. `attemptId` names the attempt that sent it. */
export interface ProgressReport {
  attemptId: number;
  result?: BatchJobResult;
  /** Present when the strategy saved a checkpoint: all work before it is done. */
  checkpoint?: { value: unknown };
}

export interface ProcessSliceInput {
  job: BatchJob;
  /** Numbers every attempt of the job's work, across runs; progress reports carry it. */
  attemptId: number;
  /** 1 for a first attempt, 2 for its first retry… (what the strategy sees). */
  attempt: number;
  checkpoint: unknown;
  sliceMs: number;
}

export interface PreProcessOutcome {
  result: BatchJobResult | null;
  /** The number of chunks when the strategy splits its work, else null. */
  chunks: number | null;
}

export type ProcessSliceOutcome =
  | { kind: 'completed'; result: BatchJobResult }
  | { kind: 'yielded'; checkpoint: unknown; result: BatchJobResult };

/** The application failure type for errors that must not be retried. */
export const NON_RETRYABLE_JOB_ERROR = 'BatchJobNonRetryableError';
