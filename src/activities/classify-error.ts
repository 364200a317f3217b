import { ApplicationFailure } from '@temporalio/activity';
import type { BatchJob } from '../batch-job';
import { BatchJobInputError } from '../strategies/errors';
import type { BatchJobStrategy } from '../strategies/strategy';
import { NON_RETRYABLE_JOB_ERROR } from '../workflows/types';

/** Turns a strategy's error into a failure the workflow retries or not, as the strategy says. */
export async function classifyStrategyError(
  strategy: BatchJobStrategy<unknown>,
  job: BatchJob,
  thrown: unknown,
): Promise<ApplicationFailure> {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const retry = strategy.shouldRetryOnProcessingError
    ? await strategy.shouldRetryOnProcessingError(job, error)
    : !(error instanceof BatchJobInputError);
  // Result keys travel as the failure's details; the workflow merges them into the record.
  const result = error instanceof BatchJobInputError ? error.result : undefined;
  return ApplicationFailure.create({
    message: error.message,
    type: retry ? error.name : NON_RETRYABLE_JOB_ERROR,
    nonRetryable: !retry,
    details: result ? [result] : undefined,
  });
}
