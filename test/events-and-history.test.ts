// Events from the workflow to subscribers in the worker; strategy override; bounded history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_JOB_EVENTS } from '../src/batch-job';
import { createStrategyRegistry } from '../src/strategies/registry';
import type { BatchJobStrategy } from '../src/strategies/strategy';
import type { BatchJobEvent } from '../src/workflows/types';
import { eventually, startHarness, type Harness } from './support/harness';
import { testUnitsStrategy } from './support/test-strategies';

let h: Harness;
const received = new Map<string, BatchJobEvent[]>();
beforeAll(async () => {
  h = await startHarness();
  h.events.subscribe('*', (event) => {
    received.set(event.data.id, [...(received.get(event.data.id) ?? []), event]);
  });
});
afterAll(async () => {
  await h.close();
});

const statusEvents = (id: string) => (received.get(id) ?? []).map((e) => e.name).filter((name) => name !== BATCH_JOB_EVENTS.updated);

describe('events', () => {
  it('every status change emits its event, in order, with the record; result updates emit batch.updated', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 20, unit_ms: 50 } });
    await h.client.workflow.getHandle(job.id).result();
    expect(statusEvents(job.id)).toEqual([
      'batch.created',
      'batch.pre_processed',
      'batch.confirmed',
      'batch.processing',
      'batch.completed',
    ]);
    const events = received.get(job.id)!;
    expect(events.map((e) => e.sequence)).toEqual([...events.map((e) => e.sequence)].sort((a, b) => a - b));
    expect(events.some((e) => e.name === 'batch.updated')).toBe(true);
    for (const event of events) expect(event.data).toEqual({ id: job.id });
    expect(events.at(-1)!.batch_job).toMatchObject({ status: 'completed', result: { advancement_count: 20 } });
  });

  it('a dry run emits pre_processed and waits; cancel emits batch.canceled', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 1 }, dry_run: true });
    await h.waitForJob(job.id, (j) => j.status === 'pre_processed');
    await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
    await h.client.workflow.getHandle(job.id).result();
    expect(statusEvents(job.id)).toEqual(['batch.created', 'batch.pre_processed', 'batch.canceled']);
  });

  it('a failing job emits batch.failed', async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 2, fail_at: 0, fail_kind: 'input' } });
    await h.client.workflow.getHandle(job.id).result();
    expect(statusEvents(job.id)).toEqual(['batch.created', 'batch.pre_processed', 'batch.confirmed', 'batch.processing', 'batch.failed']);
  });

  it('a failing subscriber is retried, and never fails or blocks the job; other subscribers get each event once', async () => {
    const flaky = await startHarness();
    try {
      const calls: string[] = [];
      const good: string[] = [];
      let processingFailures = 0;
      flaky.events.subscribe('batch.processing', () => {
        calls.push('processing');
        if (++processingFailures <= 2) throw new Error('subscriber down');
      });
      flaky.events.subscribe('batch.created', () => {
        throw new Error('this subscriber always fails');
      });
      flaky.events.subscribe('*', (event) => void good.push(event.name));

      const job = await flaky.createJob({ type: 'test-units', context: { units: 2 } });
      // the job itself completes while events are still being retried
      const done = await flaky.waitForJob(job.id, (j) => j.status === 'completed');
      expect(done.failed_at).toBeNull();
      await flaky.client.workflow.getHandle(job.id).result();

      expect(calls).toEqual(['processing', 'processing', 'processing']);
      // the good subscriber saw every event exactly once, in order, despite the retries around it
      expect(good.filter((name) => name !== 'batch.updated')).toEqual([
        'batch.created',
        'batch.pre_processed',
        'batch.confirmed',
        'batch.processing',
        'batch.completed',
      ]);
    } finally {
      await flaky.close();
    }
  });
});

describe('strategy registration', () => {
  it('a later registration of the same batchType replaces the earlier one', async () => {
    const override: BatchJobStrategy = {
      ...testUnitsStrategy,
      identifier: 'my-override',
      async processJob() {
        return { finished_by: 'my-override' };
      },
    };
    const registry = createStrategyRegistry([testUnitsStrategy]).register(override);
    expect(registry.get('test-units').identifier).toBe('my-override');
    expect(registry.types()).toEqual(['test-units']);

    const overridden = await startHarness({ strategies: [testUnitsStrategy, override] });
    try {
      const job = await overridden.createJob({ type: 'test-units', context: { units: 3 } });
      const done = await overridden.waitForJob(job.id, (j) => j.status === 'completed');
      expect(done.result?.finished_by).toBe('my-override');
    } finally {
      await overridden.close();
    }
  });
});

describe('bounded history', () => {
  it('a long job continues as new, keeping every run small, its checkpoint, its events and its id', async () => {
    const long = await startHarness({ settings: { sliceMs: 100, maxHistoryEvents: 100, progressPublishIntervalMs: 100 } });
    const seen: BatchJobEvent[] = [];
    long.events.subscribe('*', (event) => void seen.push(event));
    try {
      const job = await long.createJob({ type: 'test-units', context: { units: 150, unit_ms: 10 } });
      const done = await long.waitForJob(job.id, (j) => j.status === 'completed', { timeoutMs: 60_000 });
      expect(done.result).toMatchObject({ count: 150, advancement_count: 150, progress: 1 });
      await long.client.workflow.getHandle(job.id).result();

      const runs = [];
      for await (const run of long.client.workflow.list({ query: `WorkflowId = '${job.id}'` })) runs.push(run);
      expect(runs.filter((r) => r.status.name === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(2);
      for (const run of runs) expect(run.historyLength).toBeLessThan(400);
      // the list shows the job once, not once per run
      const listed = await eventually(async () => {
        const r = await long.request('GET', `/admin/batch-jobs?id=${job.id}`);
        return r.body.count === 1 && r.body.batch_jobs[0].status === 'completed' ? r.body : undefined;
      });
      expect(listed.batch_jobs[0].id).toBe(job.id);
      // events stayed in order across runs
      const sequences = seen.filter((e) => e.data.id === job.id).map((e) => e.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(new Set(sequences).size).toBe(sequences.length);
    } finally {
      await long.close();
    }
  });
});
