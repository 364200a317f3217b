// Cancel that really stops work, failures that fail, retries that resume from the checkpoint.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExecutions } from './support/test-strategies';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
let folder: string;
beforeAll(async () => {
  h = await startHarness();
  folder = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-cancel-'));
});
afterAll(async () => {
  await h.close();
  await rm(folder, { recursive: true, force: true });
});

const file = (name: string) => path.join(folder, name);

describe('cancel', () => {
  it('in created (while pre-processing): stops pre-processing, status canceled', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 1, pre_process_ms: 20_000 } });
    const canceled = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.batch_job).toMatchObject({ status: 'canceled', pre_processed_at: null });
    const handle = h.client.workflow.getHandle(job.id);
    const started = Date.now();
    await handle.result();
    expect(Date.now() - started).toBeLessThan(5000); // the 20 s pre-processing did not run to its end
    expect((await h.getJob(job.id)).status).toBe('canceled');
  });

  it('in pre_processed (a dry run waiting for confirm)', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 1 }, dry_run: true });
    await h.waitForJob(job.id, (j) => j.status === 'pre_processed');
    const canceled = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(canceled.body.batch_job).toMatchObject({ status: 'canceled', confirmed_at: null });
    expect(canceled.body.batch_job.canceled_at).not.toBeNull();
  });

  it('while processing: work stops within 2 s and the strategy removes its partial output', async () => {
    const executions = file('running.log');
    const output = file('running.out');
    const job = await h.createJob({
      type: 'test-units',
      context: { units: 400, unit_ms: 50, executions_file: executions, output_file: output },
    });
    await h.waitForJob(job.id, (j) => (j.result?.advancement_count ?? 0) >= 5);
    expect(existsSync(output)).toBe(true);

    const canceled = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.batch_job.status).toBe('canceled');
    const canceledAt = Date.now();
    await h.client.workflow.getHandle(job.id).result();
    expect(Date.now() - canceledAt).toBeLessThan(2000);

    const unitsAtEnd = readExecutions(executions).length;
    await new Promise((r) => setTimeout(r, 700));
    expect(readExecutions(executions).length).toBe(unitsAtEnd); // nothing runs any more
    expect(unitsAtEnd).toBeLessThan(400);
    expect(existsSync(output)).toBe(false);
    const final = await h.getJob(job.id);
    expect(final).toMatchObject({ status: 'canceled', completed_at: null });
  });

  it('in confirmed, between confirm and processing: the dry run is canceled right after confirm', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 200, unit_ms: 20 }, dry_run: true });
    await h.waitForJob(job.id, (j) => j.status === 'pre_processed');
    const confirmed = await h.request('POST', `/admin/batch-jobs/${job.id}/confirm`);
    expect(confirmed.body.batch_job.status).toBe('confirmed');
    const canceled = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.batch_job.status).toBe('canceled');
    expect(canceled.body.batch_job.confirmed_at).not.toBeNull();
  });

  it('of a failed job is accepted and leaves it failed, as Medusa (failed takes precedence)', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 3, fail_at: 1, fail_kind: 'input' } });
    await h.waitForJob(job.id, (j) => j.status === 'failed');
    const canceled = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.batch_job.status).toBe('failed');
  });
});

describe('failure and retry', () => {
  it('bad input fails at once: no retry, the message in result.errors, failed_at set', async () => {
    const executions = file('bad-input.log');
    const job = await h.createJob({
      type: 'test-units',
      context: { units: 5, fail_at: 2, fail_kind: 'input', executions_file: executions },
    });
    const failed = await h.waitForJob(job.id, (j) => j.status === 'failed');
    expect(failed.result?.errors).toEqual(['unit 2 is bad input']);
    expect(failed.failed_at).not.toBeNull();
    expect(failed.completed_at).toBeNull();
    expect(failed.result?.advancement_count).toBe(2);
    expect(new Set(readExecutions(executions).map((e) => e.attempt))).toEqual(new Set([1]));
  });

  it('a transient fault is retried with backoff and resumes from the last checkpoint', async () => {
    const executions = file('transient.log');
    const job = await h.createJob({
      type: 'test-units',
      context: { units: 6, fail_at: 3, fail_kind: 'transient', fail_attempts: 1, executions_file: executions },
    });
    const done = await h.waitForJob(job.id, (j) => j.status === 'completed');
    expect(done.result).toMatchObject({ count: 6, advancement_count: 6 });
    expect(done.result?.errors).toBeUndefined();
    const runs = readExecutions(executions);
    // Units 0-2 ran once, in the first attempt; the retry started at unit 3.
    expect(runs.map((r) => r.unit)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runs.filter((r) => r.attempt === 1).map((r) => r.unit)).toEqual([0, 1, 2]);
  });

  it('a transient fault that never clears fails the job after the configured attempts', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 3, fail_at: 0, fail_kind: 'transient' } });
    const failed = await h.waitForJob(job.id, (j) => j.status === 'failed');
    expect(failed.result?.errors).toEqual(['transient fault at unit 0']);
  });

  it('a pre-processing error fails the job before it is pre-processed', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 3, pre_process_fail: 'input' } });
    const failed = await h.waitForJob(job.id, (j) => j.status === 'failed');
    expect(failed).toMatchObject({ pre_processed_at: null, result: { errors: ['pre-processing found bad input'] } });
  });

  it('a strategy can decide what is retried and how the error is recorded', async () => {
    const custom = await startHarness({
      strategies: [
        {
          batchType: 'picky',
          identifier: 'picky',
          async processJob(_job, context) {
            if (context.attempt < 2) throw new Error('EAGAIN: try again');
            throw new Error('ENOSPC: disk full');
          },
          shouldRetryOnProcessingError: (_job, error) => error.message.startsWith('EAGAIN'),
          handleProcessingError: (job, error) => ({ errors: [{ message: error.message, code: 'disk_full' }], attempts_seen: 2 }),
        },
      ],
    });
    try {
      const job = await custom.createJob({ type: 'picky', context: {} });
      const failed = await custom.waitForJob(job.id, (j) => j.status === 'failed');
      expect(failed.result).toMatchObject({ errors: [{ message: 'ENOSPC: disk full', code: 'disk_full' }], attempts_seen: 2 });
    } finally {
      await custom.close();
    }
  });
});
