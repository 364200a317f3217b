// The worker killed mid-job and restarted; a failed job reset by hand with the temporal CLI.
// Both resume from the last checkpoint.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRetryResetEventId } from '../src/temporal/reset-point';
import { startHarness, type Harness } from './support/harness';
import { temporalCli } from './support/temporal-cli';
import { readExecutions } from './support/test-strategies';
import { killHard, startWorkerProcess } from './support/spawn-worker';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-crash-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a worker killed mid-job', () => {
  let h: Harness;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startHarness({ startWorker: false, settings: { heartbeatTimeoutMs: 2000 } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await h.close();
  });

  it('is restarted and the job completes from its checkpoint, no unit done twice', async () => {
    const executions = path.join(folder, 'killed.log');
    const starts = path.join(folder, 'killed.starts');
    worker = await startWorkerProcess(h.taskQueue);
    const firstPid = worker.pid!;
    const job = await h.createJob({
      type: 'test-units',
      context: { units: 60, unit_ms: 50, executions_file: executions, starts_file: starts },
    });
    await h.waitForJob(job.id, (j) => (j.result?.advancement_count ?? 0) >= 15);

    await killHard(worker);
    const doneBeforeKill = readExecutions(executions).length;
    worker = await startWorkerProcess(h.taskQueue);

    const done = await h.waitForJob(job.id, (j) => j.status === 'completed', { timeoutMs: 45_000 });
    expect(done.result).toMatchObject({ count: 60, advancement_count: 60, progress: 1 });
    expect(done.result?.errors).toBeUndefined();

    // every unit's effect is there exactly once
    const runs = readExecutions(executions);
    expect(runs.map((r) => r.unit)).toEqual(Array.from({ length: 60 }, (_, unit) => unit));
    expect(runs.filter((r) => r.pid !== firstPid)[0]!.unit).toBe(doneBeforeKill);
    // and the restarted worker resumed at the last durable checkpoint: the unit after the last one
    // done, or that last one itself when the kill fell between its write and its checkpoint
    const attempts = readExecutions(starts); // `<checkpoint> <attempt> <pid>` per attempt
    expect(attempts.map((a) => a.unit)).toEqual([0, attempts[1]!.unit]);
    expect(attempts[1]!.pid).not.toBe(firstPid);
    expect(attempts[1]!.unit).toBeGreaterThanOrEqual(Math.max(15, doneBeforeKill - 1));
    expect(attempts[1]!.unit).toBeLessThanOrEqual(doneBeforeKill);
  });
});

describe('a failed job reset with `temporal workflow reset`', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('resumes from its last checkpoint under the same id, in a new run', async () => {
    const executions = path.join(folder, 'reset.log');
    const fault = path.join(folder, 'fault');
    await writeFile(fault, 'the disk is full');
    const job = await h.createJob({
      type: 'test-units',
      context: { units: 10, fail_at: 6, fail_kind: 'transient', fail_while_file: fault, executions_file: executions },
    });
    const failed = await h.waitForJob(job.id, (j) => j.status === 'failed');
    expect(failed.result).toMatchObject({ advancement_count: 6, errors: ['transient fault at unit 6'] });
    const failedRun = (await h.client.workflow.getHandle(job.id).describe()).runId;

    await rm(fault); // the person fixes the fault, then retries the job by hand
    const history = JSON.parse(await temporalCli(['workflow', 'show', '-w', job.id, '-o', 'json']));
    const eventId = findRetryResetEventId(history.events);
    await temporalCli(['workflow', 'reset', '-w', job.id, '--event-id', String(eventId), '--reason', 'retry after fixing the fault']);

    const done = await h.waitForJob(job.id, (j) => j.status === 'completed');
    expect(done).toMatchObject({ id: job.id, failed_at: null, result: { advancement_count: 10 } });
    expect((await h.client.workflow.getHandle(job.id).describe()).runId).not.toBe(failedRun);
    // units 0-5 ran once, before the failure; the reset run started at unit 6
    expect(readExecutions(executions).map((r) => r.unit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // the list shows the job once, as its new run, and filters on the job's status, not the old run's
    const listed = await h.request('GET', `/admin/batch-jobs?id=${job.id}`);
    expect(listed.body.batch_jobs.map((j: { status: string }) => j.status)).toEqual(['completed']);
    expect((await h.request('GET', `/admin/batch-jobs?id=${job.id}&status=failed`)).body.count).toBe(0);
    expect((await h.request('GET', `/admin/batch-jobs?id=${job.id}&status=completed`)).body.count).toBe(1);
  });
});
