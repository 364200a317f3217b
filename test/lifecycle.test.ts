// The status flow against the real dev server, through real HTTP: Medusa's rules and messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSITION_MESSAGES } from '../src/batch-job';
import { eventually, startHarness, type Harness } from './support/harness';
import { temporalCli } from './support/temporal-cli';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('a job created without dry_run', () => {
  it('is pre-processed, confirmed automatically, processed and completed, every timestamp set', async () => {
    const created = await h.createJob({ type: 'test-units', context: { units: 5 } });
    expect(created).toMatchObject({ status: 'created', created_by: 'alice', dry_run: false, result: null, deleted_at: null });
    expect(created.id).toMatch(/^batch_[0-9A-HJKMNP-TV-Z]{26}$/);

    const done = await h.waitForJob(created.id, (job) => job.status === 'completed');
    expect(done.result).toMatchObject({ count: 5, advancement_count: 5, progress: 1, finished_by: 'test-units' });
    expect(done.result?.stat_descriptors).toEqual([{ key: 'test-units-count', name: 'Units', message: 'There will be 5 units' }]);
    const order = ['created_at', 'pre_processed_at', 'confirmed_at', 'processing_at', 'completed_at'] as const;
    const times = order.map((field) => Date.parse(done[field]!));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(done.canceled_at).toBeNull();
    expect(done.failed_at).toBeNull();
  });
});

describe('a dry-run job', () => {
  it('waits in pre_processed with its preview, then runs when confirmed through the API', async () => {
    const created = await h.createJob({ type: 'test-units', context: { units: 3 }, dry_run: true });
    const waiting = await h.waitForJob(created.id, (job) => job.status === 'pre_processed');
    expect(waiting.confirmed_at).toBeNull();
    expect(waiting.result?.stat_descriptors?.[0]?.message).toBe('There will be 3 units');
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.getJob(created.id)).status).toBe('pre_processed');

    const confirmed = await h.request('POST', `/admin/batch-jobs/${created.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.batch_job.status).toBe('confirmed');
    expect(confirmed.body.batch_job.confirmed_at).not.toBeNull();
    await h.waitForJob(created.id, (job) => job.status === 'completed');
  });

  it('is confirmed by `temporal workflow signal --name confirm` and printed by `temporal workflow query`', async () => {
    const created = await h.createJob({ type: 'test-units', context: { units: 2 }, dry_run: true });
    await h.waitForJob(created.id, (job) => job.status === 'pre_processed');

    const queried = JSON.parse(await temporalCli(['workflow', 'query', '-w', created.id, '--name', 'getBatchJob', '-o', 'json']));
    const record = queried.queryResult?.[0] ?? queried.result?.[0] ?? queried;
    expect(record).toMatchObject({ id: created.id, status: 'pre_processed', type: 'test-units' });

    await temporalCli(['workflow', 'signal', '-w', created.id, '--name', 'confirm']);
    const done = await h.waitForJob(created.id, (job) => job.status === 'completed');
    expect(done.confirmed_at).not.toBeNull();
  });

  it('is canceled with the reason in result.errors when nobody confirms in time', async () => {
    const short = await startHarness({ settings: { confirmTimeoutMs: 1000 } });
    try {
      const created = await short.createJob({ type: 'test-units', context: { units: 1 }, dry_run: true });
      const canceled = await short.waitForJob(created.id, (job) => job.status === 'canceled');
      expect(canceled.result?.errors).toEqual(['Batch job was not confirmed within 1 second']);
      expect(canceled.canceled_at).not.toBeNull();
      expect(canceled.confirmed_at).toBeNull();
    } finally {
      await short.close();
    }
  });
});

describe('canceled from outside the service', () => {
  it('`temporal workflow cancel` on a running job ends it canceled, not stuck', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 200, unit_ms: 50 } });
    await h.waitForJob(job.id, (j) => j.status === 'processing');
    await temporalCli(['workflow', 'cancel', '-w', job.id]);
    const canceled = await h.waitForJob(job.id, (j) => j.status === 'canceled');
    expect(canceled.canceled_at).not.toBeNull();
    // and the workflow closes, its events delivered, rather than failing its tasks forever
    const closed = await eventually(async () => {
      const { status } = await h.client.workflow.getHandle(job.id).describe();
      return status.name === 'RUNNING' ? undefined : status.name;
    });
    expect(['COMPLETED', 'CANCELLED']).toContain(closed);
    expect((await h.getJob(job.id)).status).toBe('canceled');
  });
});

describe('refused transitions, with Medusa messages', () => {
  it('confirm is refused unless pre_processed: while processing and once completed', async () => {
    const running = await h.createJob({ type: 'test-units', context: { units: 40, unit_ms: 50 } });
    await h.waitForJob(running.id, (job) => job.status === 'processing');
    const whileRunning = await h.request('POST', `/admin/batch-jobs/${running.id}/confirm`);
    expect(whileRunning).toEqual({ status: 400, body: { type: 'not_allowed', message: TRANSITION_MESSAGES.confirmNotPreProcessed } });

    await h.waitForJob(running.id, (job) => job.status === 'completed');
    const afterCompletion = await h.request('POST', `/admin/batch-jobs/${running.id}/confirm`);
    expect(afterCompletion).toEqual({ status: 400, body: { type: 'not_allowed', message: TRANSITION_MESSAGES.confirmNotPreProcessed } });
  });

  it('cancel is refused once completed', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 1 } });
    await h.waitForJob(job.id, (j) => j.status === 'completed');
    const refused = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(refused).toEqual({ status: 400, body: { type: 'not_allowed', message: TRANSITION_MESSAGES.cancelCompleted } });
  });

  it('confirm of a canceled job is refused; cancelling twice is accepted', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 1 }, dry_run: true });
    await h.waitForJob(job.id, (j) => j.status === 'pre_processed');
    const first = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(first.status).toBe(200);
    expect(first.body.batch_job.status).toBe('canceled');
    const second = await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    expect(second.status).toBe(200);
    expect(second.body.batch_job.status).toBe('canceled');
    expect(second.body.batch_job.canceled_at).toBe(first.body.batch_job.canceled_at);
    const confirm = await h.request('POST', `/admin/batch-jobs/${job.id}/confirm`);
    expect(confirm).toEqual({ status: 400, body: { type: 'not_allowed', message: TRANSITION_MESSAGES.confirmNotPreProcessed } });
  });
});
