// Message definitions shared by the workflow, the activities and the API. The wire names are what
// a person types in the Web UI and the CLI (`temporal workflow signal -w <id> --name confirm`).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { BatchJob } from '../batch-job';
import type { ProgressReport } from './types';

/** Confirms a dry-run job waiting in `pre_processed`; ignored (and logged) in any other status. */
export const confirmSignal = defineSignal('confirm');
/** Cancels the job unless it is completed; running work stops and the strategy cleans up. */
export const cancelSignal = defineSignal('cancel');
/** The same two, for the API: they answer with the record, or reject with Medusa's message. */
export const confirmUpdate = defineUpdate<BatchJob>('confirmBatchJob');
export const cancelUpdate = defineUpdate<BatchJob>('cancelBatchJob');
/** Progress and checkpoints sent by the running activity (throttled, keys and counts only). */
export const progressSignal = defineSignal<[ProgressReport]>('progress');
/** The record exactly as the API serves it. */
export const getBatchJobQuery = defineQuery<BatchJob>('getBatchJob');
