// `npm start` as a user runs it: embedded dev server persisted under DATA_DIR, worker, API, Web UI;
// Ctrl-C stops it all; a restart keeps every job and the development token.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/global-setup';

const ROOT = path.resolve(__dirname, '..');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let service: ChildProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-start-'));
  env = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    JOB_RETENTION: '45d',
    LOG_LEVEL: 'warn',
  };
  delete env.API_TOKENS;
  delete env.TEMPORAL_ADDRESS;
});
afterAll(async () => {
  if (service && groupAlive(service)) process.kill(-service.pid!, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * `npm start` (build, then the compiled service) in a process group of its own, as a terminal runs
 * it; or, with `direct`, the compiled service itself, whose own exit code npm does not pass on.
 */
function start(extraEnv: NodeJS.ProcessEnv = {}, direct = false): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const [command, args] = direct ? ['scripts/run-service.sh', ['dist/src/main.js']] : ['npm', ['start', '--silent']];
  const child = spawn(command, args, { cwd: ROOT, env: { ...env, ...extraEnv }, detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Ctrl-C in a terminal: SIGINT to every process of the foreground group (npm and the service). */
const pressCtrlC = (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT');

/** Whether any process of the child's group still runs. */
function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForHealth(port: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error('service did not become healthy');
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function api(method: string, route: string, token: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${env.PORT}${route}`, {
    method,
    headers: { 'x-medusa-access-token': token, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('npm start', () => {
  it('refuses to start in production without API_TOKENS, saying what to set', async () => {
    const run = start({ NODE_ENV: 'production', TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/API_TOKENS is required in production/);
  }, 60_000);

  it('runs a job end to end, stops on Ctrl-C, and keeps the job and the token across a restart', async () => {
    const first = start();
    service = first.child;
    await waitForHealth(env.PORT!);
    const token = (await readFile(path.join(dataDir, 'api-token'), 'utf8')).trim();
    expect(first.output()).toContain(`curl -H 'x-medusa-access-token: ${token}' http://localhost:${env.PORT}/admin/batch-jobs`);

    const created = await api('POST', '/admin/batch-jobs', token, { type: 'noop', context: { units: 250 } });
    expect(created.status).toBe(201);
    const id = created.body.batch_job.id;
    let job = created.body.batch_job;
    for (let i = 0; i < 100 && job.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await api('GET', `/admin/batch-jobs/${id}`, token)).body.batch_job;
    }
    expect(job).toMatchObject({ status: 'completed', result: { count: 250, advancement_count: 250 } });

    // start-up set the namespace retention and the search attributes; the Web UI answers
    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    const namespace = await connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(Number(namespace.config?.workflowExecutionRetentionTtl?.seconds)).toBe(45 * 86_400);
    const attributes = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(attributes.customAttributes ?? {})).toEqual(expect.arrayContaining(['BatchJobType', 'BatchJobStatus', 'BatchJobCreatedBy']));
    await connection.close();
    const ui = await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`);
    expect(ui.status).toBe(200);

    pressCtrlC(first.child);
    await first.exited; // npm itself ends by the SIGINT; the service's exit code is checked below
    await expect.poll(() => groupAlive(first.child), { timeout: 15_000 }).toBe(false);
    // the embedded server is gone with it
    await expect(fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`)).rejects.toThrow();

    const second = start({}, true);
    service = second.child;
    await waitForHealth(env.PORT!);
    const again = await api('GET', `/admin/batch-jobs/${id}`, token);
    expect(again.status).toBe(200);
    expect(again.body.batch_job).toMatchObject({ id, status: 'completed' });
    expect(second.output()).toContain(`x-medusa-access-token: ${token}`); // the same token, kept
    pressCtrlC(second.child);
    expect(await second.exited).toBe(0);
  }, 180_000);
});
