// The pure rules: transitions, result arithmetic, configuration, list query translation.
import { describe, expect, it } from 'vitest';
import { cancelRefusal, confirmRefusal, newBatchJob, withErrors, withResult, withStatus, MAX_RESULT_ERRORS } from '../src/batch-job';
import { loadConfig, parseDurationMs } from '../src/config';
import { parseListQuery, toVisibilityQuery } from '../src/api/list-query';
import { findRetryResetEventId } from '../src/temporal/reset-point';

const job = newBatchJob({ id: 'batch_X', type: 't', created_by: 'u', context: {}, dry_run: false, now: '2026-01-01T00:00:00.000Z' });

describe('transitions', () => {
  it('confirm only from pre_processed; cancel from anything but completed', () => {
    for (const status of ['created', 'confirmed', 'processing', 'completed', 'canceled', 'failed'] as const) {
      expect(confirmRefusal({ status })).toBe('Cannot confirm processing for a batch job that is not pre processed');
    }
    expect(confirmRefusal({ status: 'pre_processed' })).toBeNull();
    expect(cancelRefusal({ status: 'completed' })).toBe('Cannot cancel completed batch job');
    for (const status of ['created', 'pre_processed', 'confirmed', 'processing', 'canceled', 'failed'] as const) {
      expect(cancelRefusal({ status })).toBeNull();
    }
  });

  it('a status change sets its timestamp and updated_at', () => {
    const next = withStatus(job, 'processing', '2026-01-02T00:00:00.000Z');
    expect(next).toMatchObject({ status: 'processing', processing_at: '2026-01-02T00:00:00.000Z', updated_at: '2026-01-02T00:00:00.000Z' });
  });

  it('progress is derived from the counts, and errors are capped', () => {
    expect(withResult(job, { count: 4, advancement_count: 1 }, job.created_at).result?.progress).toBe(0.25);
    expect(withResult(job, { count: 0, advancement_count: 0 }, job.created_at).result?.progress).toBe(1);
    const many = Array.from({ length: 150 }, (_, i) => `row ${i}`);
    expect(withErrors(job, many, job.created_at).result?.errors).toHaveLength(MAX_RESULT_ERRORS);
  });
});

describe('configuration', () => {
  it('reads durations and names every bad variable', () => {
    expect(parseDurationMs('7d')).toBe(7 * 86_400_000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('soon')).toBeNull();
    expect(loadConfig({ CONFIRM_TIMEOUT: '1h' }).workflow.confirmTimeoutMs).toBe(3_600_000);
    expect(() => loadConfig({ CONFIRM_TIMEOUT: 'soon', PORT: 'x' })).toThrow(/PORT: [\s\S]*CONFIRM_TIMEOUT: "soon" is not a duration/);
  });
});

describe('list query translation', () => {
  it("turns Medusa's qs forms into an exact visibility query where it can", () => {
    const query = parseListQuery('?type[0]=a&type[1]=b&completed_at=null&created_at[gte]=2026-01-01T00:00:00Z&status[]=processing');
    expect(query).toMatchObject({ type: ['a', 'b'], status: ['processing'], completed_at: 'null', created_at: { gte: '2026-01-01T00:00:00Z' } });
    expect(toVisibilityQuery(query, 'alice', 'wf')).toBe(
      "WorkflowType = 'wf' AND BatchJobCreatedBy = 'alice' AND ExecutionStatus != 'ContinuedAsNew' AND " +
        "BatchJobType IN ('a', 'b') AND StartTime >= '2026-01-01T00:00:00.000Z'",
    );
  });

  it('refuses quotes, which could change the visibility query', () => {
    expect(() => parseListQuery("?type=a' OR 'x'='x")).toThrow(/type/);
  });
});

describe('reset point', () => {
  const scheduled = (eventId: number, name: string, wftCompleted: number) => ({
    eventId: String(eventId),
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    activityTaskScheduledEventAttributes: { activityType: { name }, workflowTaskCompletedEventId: String(wftCompleted) },
  });
  const completed = (scheduledEventId: number) => ({
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
    activityTaskCompletedEventAttributes: { scheduledEventId: String(scheduledEventId) },
  });

  it('is the workflow task that scheduled the first attempt of the failing work', () => {
    const events = [
      scheduled(5, 'preProcessBatchJob', 4),
      scheduled(6, 'deliverBatchJobEvent', 4),
      completed(5),
      scheduled(12, 'processBatchJobSlice', 11),
      scheduled(20, 'processBatchJobSlice', 19),
    ];
    expect(findRetryResetEventId(events)).toBe(11);
    expect(() => findRetryResetEventId([scheduled(5, 'preProcessBatchJob', 4), completed(5)])).toThrow(/no failed work/);
  });
});
