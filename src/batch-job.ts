// The BatchJob record and its rules: the one place that knows statuses, transitions, event names
// and Medusa's messages. Pure and deterministic, so workflow code, activities and the API share it.

export const BATCH_JOB_STATUSES = [
  'created',
  'pre_processed',
  'confirmed',
  'processing',
  'completed',
  'canceled',
  'failed',
] as const;
export type BatchJobStatus = (typeof BATCH_JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly BatchJobStatus[] = ['completed', 'canceled', 'failed'];

/** The timestamp column that each status (but `created`) sets when the job reaches it. */
export const STATUS_TIMESTAMP = {
  pre_processed: 'pre_processed_at',
  confirmed: 'confirmed_at',
  processing: 'processing_at',
  completed: 'completed_at',
  canceled: 'canceled_at',
  failed: 'failed_at',
} as const satisfies Record<Exclude<BatchJobStatus, 'created'>, string>;

export const TIMESTAMP_FIELDS = [
  'created_at',
  'updated_at',
  ...Object.values(STATUS_TIMESTAMP),
] as const;
export type TimestampField = (typeof TIMESTAMP_FIELDS)[number];

export type BatchJobError = string | { message: string; code?: string; [key: string]: unknown };

export interface StatDescriptor {
  key: string;
  name: string;
  message: string;
}

export interface BatchJobResult {
  count?: number;
  advancement_count?: number;
  progress?: number;
  errors?: BatchJobError[];
  stat_descriptors?: StatDescriptor[];
  file_key?: string;
  file_size?: number;
  [key: string]: unknown;
}

export interface BatchJob {
  id: string;
  type: string;
  status: BatchJobStatus;
  created_by: string | null;
  context: Record<string, unknown>;
  dry_run: boolean;
  result: BatchJobResult | null;
  pre_processed_at: string | null;
  confirmed_at: string | null;
  processing_at: string | null;
  completed_at: string | null;
  canceled_at: string | null;
  failed_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: null;
}

export const BATCH_JOB_ID_PREFIX = 'batch_';

/** Medusa's event names, one per status plus `batch.updated` for result changes. */
export const BATCH_JOB_EVENTS = {
  created: 'batch.created',
  updated: 'batch.updated',
  pre_processed: 'batch.pre_processed',
  confirmed: 'batch.confirmed',
  processing: 'batch.processing',
  completed: 'batch.completed',
  canceled: 'batch.canceled',
  failed: 'batch.failed',
} as const satisfies Record<BatchJobStatus | 'updated', string>;
export type BatchJobEventName = (typeof BATCH_JOB_EVENTS)[keyof typeof BATCH_JOB_EVENTS];

/** Medusa's exact messages for refused transitions. */
export const TRANSITION_MESSAGES = {
  confirmNotPreProcessed: 'Cannot confirm processing for a batch job that is not pre processed',
  cancelCompleted: 'Cannot cancel completed batch job',
} as const;

export function isTerminal(status: BatchJobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Returns Medusa's refusal message, or null when the job may be confirmed. */
export function confirmRefusal(job: Pick<BatchJob, 'status'>): string | null {
  return job.status === 'pre_processed' ? null : TRANSITION_MESSAGES.confirmNotPreProcessed;
}

/** Returns Medusa's refusal message, or null when the job may be canceled (twice is fine). */
export function cancelRefusal(job: Pick<BatchJob, 'status'>): string | null {
  return job.status === 'completed' ? TRANSITION_MESSAGES.cancelCompleted : null;
}

export function newBatchJob(input: {
  id: string;
  type: string;
  created_by: string | null;
  context: Record<string, unknown>;
  dry_run: boolean;
  now: string;
}): BatchJob {
  return {
    id: input.id,
    type: input.type,
    status: 'created',
    created_by: input.created_by,
    context: input.context,
    dry_run: input.dry_run,
    result: null,
    pre_processed_at: null,
    confirmed_at: null,
    processing_at: null,
    completed_at: null,
    canceled_at: null,
    failed_at: null,
    created_at: input.now,
    updated_at: input.now,
    deleted_at: null,
  };
}

/** The record after a status change: status, its timestamp and `updated_at` set. */
export function withStatus(job: BatchJob, status: BatchJobStatus, now: string): BatchJob {
  const next: BatchJob = { ...job, status, updated_at: now };
  if (status !== 'created') next[STATUS_TIMESTAMP[status]] = now;
  return next;
}

/** Merges a result patch, keeping `progress` derived from the counts. */
export function withResult(job: BatchJob, patch: BatchJobResult, now: string): BatchJob {
  const result: BatchJobResult = { ...(job.result ?? {}), ...patch };
  if (typeof result.count === 'number' && typeof result.advancement_count === 'number') {
    result.progress = result.count > 0 ? Math.min(1, result.advancement_count / result.count) : 1;
  }
  return { ...job, result, updated_at: now };
}

export const MAX_RESULT_ERRORS = 100;

/** Appends errors to `result.errors`, keeping the first MAX_RESULT_ERRORS. */
export function withErrors(job: BatchJob, errors: BatchJobError[], now: string): BatchJob {
  const existing = job.result?.errors ?? [];
  return withResult(job, { errors: [...existing, ...errors].slice(0, MAX_RESULT_ERRORS) }, now);
}
