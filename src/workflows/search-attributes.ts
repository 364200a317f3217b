// Search attributes the list route filters on; registered on the namespace at start-up.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const batchJobTypeKey = defineSearchAttributeKey('BatchJobType', SearchAttributeType.KEYWORD);
export const batchJobStatusKey = defineSearchAttributeKey('BatchJobStatus', SearchAttributeType.KEYWORD);
export const batchJobCreatedByKey = defineSearchAttributeKey('BatchJobCreatedBy', SearchAttributeType.KEYWORD);

export const BATCH_JOB_SEARCH_ATTRIBUTES = [batchJobTypeKey, batchJobStatusKey, batchJobCreatedByKey];

/** The memo key that holds the last recorded BatchJob (served when no worker answers queries). */
export const BATCH_JOB_MEMO_KEY = 'batch_job';
