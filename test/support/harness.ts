// A real stack for one test file: a worker on its own task queue against the shared dev server,
// and the API served over real HTTP. Nothing here is mocked.
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import pino from 'pino';
import { inject } from 'vitest';
import { createApp } from '../../src/api/app';
import { parseApiTokens } from '../../src/api/auth';
import { createBatchJobService } from '../../src/api/batch-job-service';
import type { FileDependencies } from '../../src/api/upload-routes';
import type { BatchJob } from '../../src/batch-job';
import { createEventBus, type EventBus } from '../../src/events/event-bus';
import { createLocalFileStore } from '../../src/files/local-file-store';
import { openCatalog, type Catalog } from '../../src/catalog/database';
import type { FileStore } from '../../src/files/file-store';
import { createLinkSigner } from '../../src/files/signed-links';
import { createStrategyRegistry, type StrategyRegistry } from '../../src/strategies/registry';
import type { BatchJobStrategy } from '../../src/strategies/strategy';
import { createBatchJobWorker } from '../../src/worker';
import type { WorkflowSettings } from '../../src/workflows/types';
import { testUnitsStrategy } from './test-strategies';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // already installed in this process
}

export const TOKENS = { alice: 'alice-token', bob: 'bob-token' } as const;
export type TestUser = keyof typeof TOKENS;

export const TEST_SETTINGS: WorkflowSettings = {
  confirmTimeoutMs: 7 * 86_400_000,
  processingMaxAttempts: 3,
  processingRetryInitialIntervalMs: 200,
  processingRetryMaxIntervalMs: 1000,
  heartbeatTimeoutMs: 3000,
  sliceMs: 60_000,
  maxHistoryEvents: 2000,
  progressPublishIntervalMs: 300,
  eventMaxAttempts: 3,
  chunkParallelism: 3,
};

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export interface Harness {
  baseUrl: string;
  address: string;
  taskQueue: string;
  client: Client;
  events: EventBus;
  strategies: StrategyRegistry;
  /** This harness's file store folder (a fresh temp dir, removed by close()) and what the API uses. */
  filesDir: string;
  catalog: Catalog;
  files: FileDependencies;
  request<T = any>(method: string, path: string, options?: { user?: TestUser | null; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  createJob(body: Record<string, unknown>, user?: TestUser): Promise<BatchJob>;
  getJob(id: string, user?: TestUser): Promise<BatchJob>;
  waitForJob(id: string, until: (job: BatchJob) => boolean, options?: { user?: TestUser; timeoutMs?: number }): Promise<BatchJob>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

let queueCounter = 0;

export async function startHarness(
  options: {
    /** The strategies, or a function building them on the harness's own catalog and file store. */
    strategies?: BatchJobStrategy<any>[] | ((deps: { catalog: Catalog; files: FileStore }) => BatchJobStrategy<any>[]);
    settings?: Partial<WorkflowSettings>;
    startWorker?: boolean;
    /** Defaults: 10 MB per file, links valid for an hour. */
    files?: { maxUploadBytes?: number; downloadUrlTtlMs?: number };
  } = {},
): Promise<Harness> {
  const address = inject('temporalAddress');
  const taskQueue = `test-${process.pid}-${Date.now()}-${++queueCounter}`;
  const settings = { ...TEST_SETTINGS, ...options.settings };
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const events = createEventBus();
  const logger = pino({ level: 'silent' });
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-files-'));
  const store = createLocalFileStore(filesDir);
  const catalog = await openCatalog(path.join(filesDir, '.catalog.db'));
  const strategies = createStrategyRegistry(
    typeof options.strategies === 'function' ? options.strategies({ catalog, files: store }) : (options.strategies ?? [testUnitsStrategy]),
  );
  const files: FileDependencies = {
    store,
    signer: createLinkSigner(randomBytes(32).toString('hex')),
    maxUploadBytes: options.files?.maxUploadBytes ?? 10 * 1024 * 1024,
    downloadUrlTtlMs: options.files?.downloadUrlTtlMs ?? 3_600_000,
  };

  const jobs = createBatchJobService({ client, taskQueue, strategies, settings, queryTimeoutMs: 1000, updateTimeoutMs: 3000 });
  const app = createApp({
    jobs,
    tokens: parseApiTokens(Object.entries(TOKENS).map(([user, token]) => `${user}:${token}`).join(',')),
    logger,
    checkTemporal: async () => {
      await client.workflowService.getSystemInfo({});
    },
    files,
    catalog,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let running: { worker: Worker; done: Promise<void>; connection: NativeConnection } | null = null;

  const harness: Harness = {
    baseUrl,
    address,
    taskQueue,
    client,
    events,
    strategies,
    filesDir,
    files,
    catalog,
    async request(method, path, { user = 'alice', body, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(user ? { 'x-medusa-access-token': TOKENS[user] } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async createJob(body, user = 'alice') {
      const response = await harness.request('POST', '/admin/batch-jobs', { user, body });
      if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.batch_job;
    },
    async getJob(id, user = 'alice') {
      const response = await harness.request('GET', `/admin/batch-jobs/${id}`, { user });
      if (response.status !== 200) throw new Error(`get failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.batch_job;
    },
    async waitForJob(id, until, { user = 'alice', timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let job = await harness.getJob(id, user);
      while (!until(job)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${id}; last: ${JSON.stringify(job)}`);
        await new Promise((r) => setTimeout(r, 100));
        job = await harness.getJob(id, user);
      }
      return job;
    },
    async startWorker() {
      if (running) return;
      const nativeConnection = await NativeConnection.connect({ address });
      const worker = await createBatchJobWorker({
        connection: nativeConnection,
        client,
        namespace: 'default',
        taskQueue,
        strategies,
        events,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      running = { worker, done: worker.run(), connection: nativeConnection };
    },
    async stopWorker() {
      if (!running) return;
      const { worker, done, connection: native } = running;
      running = null;
      worker.shutdown();
      await done;
      await native.close();
    },
    async close() {
      await harness.stopWorker();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      await catalog.destroy();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
  if (options.startWorker !== false) await harness.startWorker();
  return harness;
}

export const isTerminalJob = (job: BatchJob) => ['completed', 'canceled', 'failed'].includes(job.status);

export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 150));
  }
}
