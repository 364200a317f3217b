// The strategy contract: Medusa's AbstractBatchJobStrategy in a form that fits Temporal.
// Strategies hold no Temporal code; the activities adapt them (src/activities).
import type { BatchJob, BatchJobResult } from '../batch-job';

export interface CreateBatchJobInput {
  type: string;
  context: Record<string, unknown>;
  dry_run: boolean;
}

export interface RequestContext {
  /** The authenticated user creating the job. */
  userId: string;
}

export interface PreProcessingContext {
  /** Aborted when the job is canceled. Pass it to long awaits. */
  readonly signal: AbortSignal;
}

export interface ProcessingContext<Checkpoint = unknown> extends PreProcessingContext {
  /** The checkpoint saved by an earlier attempt or run, or null when starting from the beginning. */
  readonly checkpoint: Checkpoint | null;
  /** 1 for the first attempt, 2 for the first retry… */
  readonly attempt: number;
  /**
   * Reports progress (`count`, `advancement_count` and any other result keys). Cheap: it is sent
   * to the record at most about once a second, the last report always.
   */
  progress(result: BatchJobResult): void;
  /**
   * Saves a checkpoint, durably, before it returns: every unit of work before it is done, and a
   * retried or restarted attempt starts here. Also the point where a long job may pause for the
   * workflow to continue-as-new; it does so by throwing, so let errors from the context propagate.
   */
  saveCheckpoint(value: Checkpoint, result?: BatchJobResult): Promise<void>;
  /** Throws when the job was canceled. */
  throwIfCanceled(): void;
}

export interface ChunkedWork {
  /** How many chunks, once pre-processed (the job's result holds what pre-processing found). */
  count(job: BatchJob): number;
  /** Does chunk `index`; may run again after a crash, so it must be idempotent. Returns units done. */
  process(job: BatchJob, index: number, context: PreProcessingContext): Promise<number>;
  /** After every chunk: assemble, tidy up. Returns the final result keys. */
  finish(job: BatchJob, context: PreProcessingContext): Promise<BatchJobResult | void>;
}

export interface BatchJobStrategy<Checkpoint = unknown> {
  /** The job `type` this strategy handles. */
  readonly batchType: string;
  /** A name for logs, e.g. the class or package that provides it. */
  readonly identifier: string;
  /** Before the job exists (in the API): validate the input and optionally rewrite it. */
  prepareBatchJobForProcessing?(
    input: CreateBatchJobInput,
    request: RequestContext,
  ): CreateBatchJobInput | Promise<CreateBatchJobInput>;
  /** After creation: count the work, preview it (`stat_descriptors`), plan it. */
  preProcessBatchJob?(job: BatchJob, context: PreProcessingContext): Promise<BatchJobResult | void>;
  /** The work, in one activity that checkpoints as it goes. Returns the result keys to merge. */
  processJob?(job: BatchJob, context: ProcessingContext<Checkpoint>): Promise<BatchJobResult | void>;
  /**
   * Or the work split into independent chunks: the workflow runs up to CHUNK_PARALLELISM of them at
   * once, on any workers, each retried on its own, then `finish` once. Give one of the two.
   */
  chunks?: ChunkedWork;
  /** A CSV header or template users can download. */
  buildTemplate?(): string | Promise<string>;
  /** Whether an error should be retried. Default: retry unless it is a BatchJobInputError. */
  shouldRetryOnProcessingError?(job: BatchJob, error: Error): boolean | Promise<boolean>;
  /** Turns the final error into result keys. Default: append its message to `result.errors`. */
  handleProcessingError?(job: BatchJob, error: Error): BatchJobResult | Promise<BatchJobResult>;
  /**
   * After cancel, once running work has stopped: remove partial output (e.g. an export's file).
   * Not called on failure, so a failed job reset by hand can resume from its checkpoint.
   */
  cleanUp?(job: BatchJob): Promise<void>;
}
