// The worker SIGKILLed in the middle of a 50,000-variant export and of an import: both resume
// from their last chunk and end with output identical to an uninterrupted run, no duplicates.
// And an export's chunks spread over two worker processes.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../src/batch-job';
import { seedCatalog } from '../src/catalog/seed';
import { builtInStrategies } from '../src/strategies';
import { downloadFile, uploadFile } from './support/files';
import { isTerminalJob, startHarness, TEST_SETTINGS, type Harness } from './support/harness';
import { createBatchJobService } from '../src/api/batch-job-service';
import { killHard, startWorkerProcess } from './support/spawn-worker';

let h: Harness;
let worker: ChildProcess | undefined;
const workerEnv = () => ({
  CATALOG_FILE: path.join(h.filesDir, '.catalog.db'),
  FILES_DIR: h.filesDir,
  EXPORT_CHUNK_SIZE: '500',
  IMPORT_CHUNK_SIZE: '500',
});

beforeAll(async () => {
  // Jobs run only in the worker process, on the same catalog file and files folder (the harness's
  // own worker stays off; its API validates with the same built-ins).
  h = await startHarness({ startWorker: false, settings: { heartbeatTimeoutMs: 2000 }, strategies: (deps) => builtInStrategies(deps) });
  await seedCatalog(h.catalog, { products: 20_500, orders: 0 });
  worker = await startWorkerProcess(h.taskQueue, workerEnv());
}, 120_000);
afterAll(async () => {
  if (worker) await killHard(worker);
  await h?.close();
});

const createJob = (body: Record<string, unknown>) => h.createJob(body);

async function runToCompletionWithKill(body: Record<string, unknown>, killAfter: number): Promise<BatchJob> {
  const job = await createJob(body);
  await h.waitForJob(job.id, (j) => (j.result?.advancement_count ?? 0) >= killAfter || isTerminalJob(j), { timeoutMs: 120_000 });
  await killHard(worker!);
  const progressAtKill = (await h.getJob(job.id)).result?.advancement_count ?? 0;
  expect(progressAtKill).toBeLessThan((await h.getJob(job.id)).result?.count ?? 0); // it really was mid-job
  worker = await startWorkerProcess(h.taskQueue, workerEnv());
  const done = await h.waitForJob(job.id, isTerminalJob, { timeoutMs: 120_000 });
  expect(done.status).toBe('completed');
  return done;
}

describe('a worker killed mid-job', () => {
  it('export of 50,000 variants: resumes at its next chunk; the file equals an uninterrupted run', async () => {
    const variants = Number((await h.catalog.selectFrom('product_variant').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(variants).toBeGreaterThanOrEqual(50_000);
    const killed = await runToCompletionWithKill({ type: 'product-export', context: {} }, 5000);
    const uninterrupted = await createJob({ type: 'product-export', context: {} });
    const reference = await h.waitForJob(uninterrupted.id, isTerminalJob, { timeoutMs: 120_000 });
    const [a, b] = [await downloadFile(h, killed.result!.file_key as string), await downloadFile(h, reference.result!.file_key as string)];
    expect(a.length).toBe(reference.result!.file_size);
    expect(a.equals(b)).toBe(true);
    expect(a.toString().split('\r\n').filter((l) => l.startsWith('prod_')).length).toBeGreaterThanOrEqual(variants);
  }, 300_000);

  it('import: resumes at its next chunk; no product, variant or price is duplicated', async () => {
    // a 6,000-line file: the first 2,400 products exported, imported into fresh handles
    const exported = await createJob({ type: 'product-export', context: { batch_size: 2400 } });
    const file = await h.waitForJob(exported.id, isTerminalJob, { timeoutMs: 120_000 });
    const text = (await downloadFile(h, file.result!.file_key as string)).toString();
    const renamed = text.replace(/^prod_(\d+);product-/gm, ';copy-').replace(/;variant_\d+_\d+;/g, ';;').replace(/;SKU-/g, ';COPY-');
    const lines = renamed.split('\r\n').filter((l) => l.startsWith(';copy-')).length;
    const key = await uploadFile(h, 'copy.csv', renamed);

    const done = await runToCompletionWithKill({ type: 'product-import', context: { fileKey: key } }, 1000);
    expect(done.result).toMatchObject({ count: lines, advancement_count: lines, imported_rows: lines });
    const copies = await h.catalog.selectFrom('product').select('id').where('handle', 'like', 'copy-%').execute();
    expect(copies).toHaveLength(2400);
    const variants = await h.catalog.selectFrom('product_variant').select('id').where('sku', 'like', 'COPY-%').execute();
    expect(variants).toHaveLength(lines);
    const prices = await h.catalog.selectFrom('money_amount').innerJoin('product_variant', 'product_variant.id', 'money_amount.variant_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('product_variant.sku', 'like', 'COPY-%').executeTakeFirstOrThrow();
    const originalPrices = await h.catalog.selectFrom('money_amount').innerJoin('product_variant', 'product_variant.id', 'money_amount.variant_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('product_variant.product_id', 'in', (await h.catalog.selectFrom('product').select('id').where('handle', 'not like', 'copy-%').orderBy('created_at').orderBy('id').limit(2400).execute()).map((p) => p.id))
      .where('money_amount.price_list_id', 'is', null).executeTakeFirstOrThrow();
    expect(Number(prices.n)).toBe(Number(originalPrices.n));
  }, 300_000);
});

describe('chunks across workers', () => {
  it('spread over two worker processes, and the file is byte-identical to a one-chunk-at-a-time run', async () => {
    const second = await startWorkerProcess(h.taskQueue, workerEnv());
    try {
      const parallel = await createJob({ type: 'product-export', context: { batch_size: 6000 } });
      const done = await h.waitForJob(parallel.id, isTerminalJob, { timeoutMs: 120_000 });
      expect(done.status).toBe('completed');
      const history = await h.client.workflow.getHandle(parallel.id).fetchHistory();
      const chunkActivities = new Set<string>();
      const workers = new Set<string>();
      for (const event of history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled?.activityType?.name === 'processBatchJobChunk') chunkActivities.add(String(event.eventId));
        const started = event.activityTaskStartedEventAttributes;
        if (started && chunkActivities.has(String(started.scheduledEventId))) workers.add(started.identity!);
      }
      expect(chunkActivities.size).toBe(12);
      expect(workers.size).toBe(2);

      // the same export, one chunk at a time
      const sequentialService = createBatchJobService({
        client: h.client,
        taskQueue: h.taskQueue,
        strategies: h.strategies,
        settings: { ...TEST_SETTINGS, heartbeatTimeoutMs: 2000, chunkParallelism: 1 },
        queryTimeoutMs: 1000,
        updateTimeoutMs: 3000,
      });
      const sequential = await sequentialService.create({ type: 'product-export', context: { batch_size: 6000 }, dry_run: false }, 'alice');
      const reference = await h.waitForJob(sequential.id, isTerminalJob, { timeoutMs: 120_000 });
      const [a, b] = [await downloadFile(h, done.result!.file_key as string), await downloadFile(h, reference.result!.file_key as string)];
      expect(a.equals(b)).toBe(true);
    } finally {
      await killHard(second);
    }
  }, 300_000);
});
