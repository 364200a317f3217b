// Errors a strategy throws to say what kind of failure it met.

import type { BatchJobResult } from '../batch-job';

/** Bad input (a malformed file, an unknown id…): retrying cannot help, so it is never retried. */
export class BatchJobInputError extends Error {
  override readonly name = 'BatchJobInputError';
  /** Result keys the failed job keeps (e.g. an import's row errors and error file). */
  readonly result: BatchJobResult | undefined;
  constructor(message: string, options?: { result?: BatchJobResult; cause?: unknown }) {
    super(message, options);
    this.result = options?.result;
  }
}

/** A job type no registered strategy handles. */
export class UnknownBatchJobTypeError extends Error {
  override readonly name = 'UnknownBatchJobTypeError';
  constructor(
    readonly type: string,
    readonly knownTypes: string[],
  ) {
    super(
      `Unable to find a BatchJob strategy with the type ${type}. Known types: ${knownTypes.join(', ') || '(none)'}`,
    );
  }
}
