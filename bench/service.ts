// The service as it is deployed: `src/api-main.ts` and `src/worker-main.ts` as child processes on
// one data folder, driven over HTTP. The worker's peak RSS is read from /proc (VmHWM).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BatchJob } from '../src/batch-job';

const ROOT = path.resolve(__dirname, '..');
export const BENCH_TOKEN = 'bench-token';

export interface RunningService {
  url: string;
  worker: ChildProcess;
  request<T = any>(method: string, route: string, body?: unknown): Promise<T>;
  upload(name: string, content: Buffer): Promise<string>;
  /**
   * Creates a job and waits for a terminal status, polling every `pollMs` (default 100). Timings come
   * from the record's own timestamps, so the interval only decides how much load polling adds.
   */
  run(body: Record<string, unknown>, options?: { pollMs?: number }): Promise<BatchJob>;
  /** The worker's peak RSS in MB since the last reset. */
  workerPeakRssMb(): number;
  resetWorkerPeakRss(): void;
  stop(): Promise<void>;
}

/**
 * Runs a compiled entry point (dist/, built by `npm run build`) exactly as `npm run api`/`worker`
 * do; the script execs node, so the child's pid is the service's own (its RSS is what we read).
 */
function startNode(entry: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(path.join(ROOT, 'scripts/run-service.sh'), [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', (code, signal) => {
    if (code !== 0) console.error(`${entry} exited with ${code ?? signal}:\n${output}`);
  });
  return { child, output: () => output };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startService(options: { address: string; dataDir: string; taskQueue: string; port: number }): Promise<RunningService> {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    API_TOKENS: `bench:${BENCH_TOKEN}`,
    TEMPORAL_ADDRESS: options.address,
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    DATA_DIR: options.dataDir,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    // A 10×N export is well over the default 100 MB upload limit.
    MAX_UPLOAD_SIZE: '4GB',
  };
  const { child: api, output: apiOutput } = startNode('dist/src/api-main.js', env);
  const { child: worker, output: workerOutput } = startNode('dist/src/worker-main.js', env);
  const url = `http://127.0.0.1:${options.port}`;
  const headers = { 'x-medusa-access-token': BENCH_TOKEN };

  const request = async <T = any>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as T;
    if (response.status >= 400) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  for (let i = 0; ; i++) {
    const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (i > 600) throw new Error(`the API did not start; its output:\n${apiOutput()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The worker bundles its workflows first; a no-op job tells when it polls.
  const service: RunningService = {
    url,
    worker,
    request,
    async upload(name, content) {
      const form = new FormData();
      form.append('files', new Blob([content], { type: 'text/csv' }), name);
      const response = await fetch(`${url}/admin/uploads/protected`, { method: 'POST', headers, body: form });
      const json = (await response.json()) as any;
      if (response.status !== 200) throw new Error(`upload: ${response.status} ${JSON.stringify(json)}`);
      return json.uploads[0].key;
    },
    async run(body, options = {}) {
      const { batch_job: created } = await request('POST', '/admin/batch-jobs', body);
      for (;;) {
        // A job waits for a worker forever; a benchmark whose worker died should not.
        if (worker.exitCode !== null || worker.signalCode !== null) throw new Error(`the worker exited with ${worker.exitCode ?? worker.signalCode}; its output:\n${workerOutput()}`);
        const { batch_job: job } = await request('GET', `/admin/batch-jobs/${created.id}`);
        if (['completed', 'failed', 'canceled'].includes(job.status)) return job;
        await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
      }
    },
    workerPeakRssMb() {
      const status = readFileSync(`/proc/${worker.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    resetWorkerPeakRss() {
      // Writing 5 to clear_refs resets the peak RSS the kernel keeps (VmHWM).
      writeFileSync(`/proc/${worker.pid}/clear_refs`, '5');
    },
    async stop() {
      await Promise.all([stopChild(api), stopChild(worker)]);
    },
  };
  const warmUp = await service.run({ type: 'noop', context: { units: 1 } });
  if (warmUp.status !== 'completed') throw new Error(`warm-up job ended ${warmUp.status}`);
  return service;
}

/** Milliseconds from creation to completion, in the service's own timestamps. */
export const jobMs = (job: BatchJob) => Date.parse(job.completed_at!) - Date.parse(job.created_at);
