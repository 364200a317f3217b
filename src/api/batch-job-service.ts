// What the API does with batch jobs, on the Temporal client. No database of its own: a job is its
// workflow; reads come from a query (live) or the memo (last recorded state), lists from visibility.
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import { ulid } from 'ulid';
import {
  BATCH_JOB_ID_PREFIX,
  cancelRefusal,
  confirmRefusal,
  isTerminal,
  newBatchJob,
  withErrors,
  withStatus,
  type BatchJob,
} from '../batch-job';
import type { StrategyRegistry } from '../strategies/registry';
import type { CreateBatchJobInput } from '../strategies/strategy';
import type { batchJobWorkflow } from '../workflows/batch-job-workflow';
import { cancelUpdate, confirmUpdate, getBatchJobQuery } from '../workflows/messages';
import {
  BATCH_JOB_MEMO_KEY,
  batchJobCreatedByKey,
  batchJobStatusKey,
  batchJobTypeKey,
} from './../workflows/search-attributes';
import type { WorkflowSettings } from '../workflows/types';
import { ApiError, notAllowed, notFound, unavailable } from './http-errors';
import { compareForOrder, matchesListQuery, toVisibilityQuery, type ListQuery } from './list-query';

export const WORKFLOW_TYPE = 'batchJobWorkflow';

export interface BatchJobServiceDependencies {
  client: Client;
  taskQueue: string;
  strategies: StrategyRegistry;
  settings: WorkflowSettings;
  /** How long to wait for a worker to answer a query (then the memo is served). */
  queryTimeoutMs: number;
  /** How long to wait for a worker to take a confirm or cancel. */
  updateTimeoutMs: number;
}

export interface BatchJobList {
  batch_jobs: BatchJob[];
  count: number;
  offset: number;
  limit: number;
}

export function createBatchJobService(deps: BatchJobServiceDependencies) {
  const { client } = deps;
  const withDeadline = <T>(ms: number, fn: () => Promise<T>) => client.withDeadline(Date.now() + ms, fn);

  /** The job as recorded in an execution's memo, with a dead workflow shown as a failed job. */
  function recordOf(info: Pick<WorkflowExecutionInfo, 'memo' | 'status' | 'closeTime'>): BatchJob | null {
    const job = info.memo?.[BATCH_JOB_MEMO_KEY] as BatchJob | undefined;
    if (!job) return null;
    const ended = ['TERMINATED', 'TIMED_OUT', 'FAILED', 'CANCELLED'].includes(info.status.name);
    if (!ended || isTerminal(job.status)) return job;
    // Someone terminated the workflow (Web UI, CLI): the job must not look stuck in its status.
    const at = (info.closeTime ?? new Date()).toISOString();
    const reason = `The job's workflow ended as ${info.status.name.toLowerCase()} outside the service`;
    return withErrors(withStatus(job, 'failed', at), [reason], at);
  }

  /** The caller's own job: live from the worker when one answers, else the last recorded state. */
  async function retrieve(id: string, userId: string): Promise<{ job: BatchJob; running: boolean }> {
    if (!id.startsWith(BATCH_JOB_ID_PREFIX)) throw notFound(`Batch job with id ${id} was not found`);
    const handle = client.workflow.getHandle(id);
    let description;
    try {
      description = await handle.describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound(`Batch job with id ${id} was not found`);
      throw err;
    }
    const recorded = recordOf(description);
    // Another user's job answers exactly as a missing one, so its existence is not disclosed.
    if (!recorded || recorded.created_by !== userId) throw notFound(`Batch job with id ${id} was not found`);
    const running = description.status.name === 'RUNNING';
    if (!running) return { job: recorded, running };
    try {
      return { job: await withDeadline(deps.queryTimeoutMs, () => handle.query(getBatchJobQuery)), running };
    } catch {
      return { job: recorded, running }; // no worker answered in time: serve the last recorded state
    }
  }

  async function transition(
    id: string,
    userId: string,
    update: typeof confirmUpdate | typeof cancelUpdate,
    refusal: (job: BatchJob) => string | null,
  ): Promise<BatchJob> {
    const { job, running } = await retrieve(id, userId);
    if (!running) {
      const refused = refusal(job);
      if (refused) throw notAllowed(refused);
      return job; // a closed job that may be canceled is already canceled or failed
    }
    try {
      return await withDeadline(deps.updateTimeoutMs, () => client.workflow.getHandle(id).executeUpdate(update));
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw notAllowed(err.cause?.message ?? err.message);
      if (err instanceof WorkflowNotFoundError || /already completed/i.test((err as Error).message)) {
        return transition(id, userId, update, refusal); // it closed meanwhile: answer from its record
      }
      if (err instanceof ApiError) throw err;
      throw unavailable(
        `No worker answered within ${deps.updateTimeoutMs} ms; the batch job is unchanged. Is a worker running on task queue "${deps.taskQueue}"?`,
      );
    }
  }

  return {
    async create(input: CreateBatchJobInput, userId: string): Promise<BatchJob> {
      const strategy = deps.strategies.get(input.type);
      const prepared = (await strategy.prepareBatchJobForProcessing?.(input, { userId })) ?? input;
      const id = `${BATCH_JOB_ID_PREFIX}${ulid()}`;
      const job = newBatchJob({
        id,
        type: prepared.type,
        created_by: userId,
        context: prepared.context,
        dry_run: prepared.dry_run,
        now: new Date().toISOString(),
      });
      await client.workflow.start<typeof batchJobWorkflow>(WORKFLOW_TYPE, {
        workflowId: id,
        taskQueue: deps.taskQueue,
        args: [{ job, settings: deps.settings }],
        memo: { [BATCH_JOB_MEMO_KEY]: job },
        typedSearchAttributes: [
          { key: batchJobTypeKey, value: job.type },
          { key: batchJobStatusKey, value: job.status },
          { key: batchJobCreatedByKey, value: userId },
        ],
      });
      return job;
    },

    retrieve: async (id: string, userId: string) => (await retrieve(id, userId)).job,

    confirm: (id: string, userId: string) => transition(id, userId, confirmUpdate, confirmRefusal),

    cancel: (id: string, userId: string) => transition(id, userId, cancelUpdate, cancelRefusal),

    /** Lists from visibility: owner, type, status and id filtered there; dates and order here. */
    async list(query: ListQuery, userId: string): Promise<BatchJobList> {
      const newestRunByJob = new Map<string, { startTime: Date; job: BatchJob }>();
      for await (const info of client.workflow.list({ query: toVisibilityQuery(query, userId, WORKFLOW_TYPE) })) {
        const job = recordOf(info);
        if (!job || job.created_by !== userId) continue;
        // A reset leaves the old run behind, closed: the newest run speaks for the job.
        const seen = newestRunByJob.get(info.workflowId);
        if (!seen || seen.startTime < info.startTime) newestRunByJob.set(info.workflowId, { startTime: info.startTime, job });
      }
      const matching = [...newestRunByJob.values()]
        .map(({ job }) => job)
        .filter((job) => matchesListQuery(job, query))
        .sort(compareForOrder(query.order));
      return {
        batch_jobs: matching.slice(query.offset, query.offset + query.limit),
        count: matching.length,
        offset: query.offset,
        limit: query.limit,
      };
    },
  };
}

export type BatchJobService = ReturnType<typeof createBatchJobService>;
