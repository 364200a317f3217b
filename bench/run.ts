// `npm run bench [-- --products N] [--json FILE] [--smoke]`: export and import throughput against
// raw pipelines, measured side by side in one run; per-job overhead; the worker's peak RSS at N and
// 10×N. N counts variants (CSV lines). Not a test: it asserts nothing and prints figures. The raw
// pipelines run in a process of their own with the services' process settings (bench/raw-main.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCatalog } from '../src/catalog/database';
import { seedCatalog, SEED_REGIONS } from '../src/catalog/seed';
import { createLocalFileStore } from '../src/files/local-file-store';
import { findTemporalCli } from '../src/temporal/cli';
import { startDevServer } from '../src/temporal/dev-server';
import { setUpNamespace } from '../src/temporal/namespace';
import { BATCH_JOB_SEARCH_ATTRIBUTES } from '../src/workflows/search-attributes';
import { Connection } from '@temporalio/client';
import { Readable } from 'node:stream';
import { createServer } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { jobMs, startService, type RunningService } from './service';
import type { BatchJob } from '../src/batch-job';

const ROOT = path.resolve(__dirname, '..');
const VARIANTS_PER_PRODUCT = 2.5; // the seed's average
const IMPORT_CHUNK = 1000;
/**
 * Exports take a few seconds at N, so they are run several times; imports take minutes and run
 * once. Single export rounds ranged from 3.7 to 6.9 s on one machine, and with three rounds the ratio
 * of medians still moved between 0.88 and 1.16 from one run of the same code to the next.
 */
const EXPORT_ROUNDS = 5;
/** Long jobs are watched as an admin page would, once a second (timings come from the record). */
const LONG_JOB = { pollMs: 1000 };

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Runs a raw pipeline (bench/raw-main.ts) in a plain process started as the services are, through
 * scripts/run-service.sh, so both sides run with the same process settings; returns its own timing.
 */
async function runRaw(...args: string[]): Promise<number> {
  const { stdout } = await promisify(execFile)(path.join(ROOT, 'scripts/run-service.sh'), ['--import', 'tsx', path.join(ROOT, 'bench/raw-main.ts'), ...args], { cwd: ROOT });
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number }).ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const rate = (rows: number, ms: number) => Math.round((rows / ms) * 1000);
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
};

async function main() {
  const { values } = parseArgs({ options: { products: { type: 'string' }, json: { type: 'string' }, smoke: { type: 'boolean', default: false } } });
  const variants = Number(values.products ?? (values.smoke ? 500 : 100_000));
  const overheadJobs = values.smoke ? 20 : 200;
  const concurrency = values.smoke ? 10 : 50;
  const root = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-bench-'));
  const server = await startDevServer({
    cliPath: await findTemporalCli(),
    port: await freePort(),
    uiPort: null,
    dbFile: null,
    namespace: 'default',
    searchAttributes: BATCH_JOB_SEARCH_ATTRIBUTES,
  });
  const connection = await Connection.connect({ address: server.address });
  await setUpNamespace(connection, 'default', 86_400_000);
  await connection.close();
  const services: RunningService[] = [];
  const start = async (name: string) => {
    const service = await startService({ address: server.address, dataDir: path.join(root, name), taskQueue: `bench-${name}`, port: await freePort() });
    services.push(service);
    return service;
  };

  /** A catalog with `count` variants' worth of products, under a data folder of its own. */
  const seeded = async (name: string, count: number) => {
    const catalog = await openCatalog(path.join(root, name, 'catalog.db'));
    if (count > 0) await seedCatalog(catalog, { products: Math.round(count / VARIANTS_PER_PRODUCT), orders: 0 });
    else await catalog.insertInto('region').values([...SEED_REGIONS]).execute();
    await catalog.destroy();
  };

  try {
    const results: Record<string, any> = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, variants };

    // 1. Export: the service and the raw pipeline on the same catalog, EXPORT_ROUNDS times, taking
    // turns at going first (the first run in a process is the coldest); medians are compared.
    await seeded('source', variants);
    const exporter = await start('source');
    exporter.resetWorkerPeakRss();
    const serviceExportMs: number[] = [];
    const rawExportMs: number[] = [];
    let exportJob: BatchJob | null = null;
    for (let round = 0; round < EXPORT_ROUNDS; round++) {
      const service = async () => {
        exportJob = await exporter.run({ type: 'product-export', context: {} }, LONG_JOB);
        serviceExportMs.push(jobMs(exportJob));
      };
      const raw = async () => rawExportMs.push(await runRaw('export', path.join(root, 'source', 'catalog.db'), path.join(root, 'raw-export.csv')));
      for (const run of round % 2 === 0 ? [service, raw] : [raw, service]) await run();
    }
    const exportPeak = exporter.workerPeakRssMb();
    const exportFile = path.join(root, 'source', 'files', exportJob!.result!.file_key as string);
    const exported = await readFile(exportFile, 'utf8');
    // Both sides did the same work only if they wrote the same file.
    if (exported !== (await readFile(path.join(root, 'raw-export.csv'), 'utf8'))) throw new Error('the raw export and the service export differ');
    const lines = exported.split('\r\n').length - 2;
    results.export = {
      rows: lines,
      rounds: EXPORT_ROUNDS,
      rows_per_s: rate(lines, median(serviceExportMs)),
      baseline_rows_per_s: rate(lines, median(rawExportMs)),
      each_ms: { service: serviceExportMs.map(Math.round), raw: rawExportMs.map(Math.round) },
    };
    results.export.ratio = +(results.export.rows_per_s / results.export.baseline_rows_per_s).toFixed(2);
    console.error('export', JSON.stringify(results.export), `worker peak ${Math.round(exportPeak)} MB`);

    // 2. Import of that file into empty catalogs: the service, then the raw pipeline.
    await seeded('import', 0);
    const importer = await start('import');
    const key = await importer.upload('export.csv', await readFile(exportFile));
    importer.resetWorkerPeakRss();
    const importJob = await importer.run({ type: 'product-import', context: { fileKey: key } }, LONG_JOB);
    if (importJob.status !== 'completed') throw new Error(`import ended ${importJob.status}: ${JSON.stringify(importJob.result?.errors)}`);
    const importPeak = importer.workerPeakRssMb();
    await seeded('raw-import', 0);
    const rawFilesDir = path.join(root, 'raw-import', 'files');
    await createLocalFileStore(rawFilesDir).put('export.csv', Readable.from([await readFile(exportFile)]), { owner: 'bench' });
    const rawImportMs = await runRaw('import', path.join(root, 'raw-import', 'catalog.db'), rawFilesDir, 'export.csv', String(IMPORT_CHUNK));
    results.import = { rows: lines, rows_per_s: rate(lines, jobMs(importJob)), baseline_rows_per_s: rate(lines, rawImportMs) };
    results.import.ratio = +(results.import.rows_per_s / results.import.baseline_rows_per_s).toFixed(2);
    console.error('import', JSON.stringify(results.import), `worker peak ${Math.round(importPeak)} MB`);

    // 3. Per-job overhead: no-op jobs one after another, then `concurrency` at a time.
    const latencies: number[] = [];
    const [, sequentialMs] = await timed(async () => {
      for (let i = 0; i < overheadJobs; i++) latencies.push(jobMs(await exporter.run({ type: 'noop', context: {} })));
    });
    const [, concurrentMs] = await timed(async () => {
      for (let i = 0; i < overheadJobs; i += concurrency) {
        const batch = await Promise.all(Array.from({ length: Math.min(concurrency, overheadJobs - i) }, () => exporter.run({ type: 'noop', context: {} })));
        latencies.push(...batch.map(jobMs));
      }
    });
    const sequential = latencies.slice(0, overheadJobs).sort((a, b) => a - b);
    results.overhead = {
      jobs: overheadJobs,
      p50_ms: percentile(sequential, 50),
      p95_ms: percentile(sequential, 95),
      p99_ms: percentile(sequential, 99),
      jobs_per_s: +((overheadJobs / sequentialMs) * 1000).toFixed(1),
      concurrent: { at_once: concurrency, p50_ms: percentile(latencies.slice(overheadJobs).sort((a, b) => a - b), 50), jobs_per_s: +((overheadJobs / concurrentMs) * 1000).toFixed(1) },
    };

    // 4. Memory at 10×N: the same export and import with ten times the rows.
    await seeded('source-10x', variants * 10);
    const exporter10 = await start('source-10x');
    exporter10.resetWorkerPeakRss();
    const export10 = await exporter10.run({ type: 'product-export', context: {} }, LONG_JOB);
    const exportPeak10 = exporter10.workerPeakRssMb();
    await seeded('import-10x', 0);
    const importer10 = await start('import-10x');
    const key10 = await importer10.upload('export.csv', await readFile(path.join(root, 'source-10x', 'files', export10.result!.file_key as string)));
    importer10.resetWorkerPeakRss();
    const import10 = await importer10.run({ type: 'product-import', context: { fileKey: key10 } }, LONG_JOB);
    if (import10.status !== 'completed') throw new Error(`10x import ended ${import10.status}`);
    const importPeak10 = importer10.workerPeakRssMb();
    results.memory = {
      export_peak_rss_mb: Math.round(exportPeak),
      import_peak_rss_mb: Math.round(importPeak),
      export_peak_rss_mb_10x: Math.round(exportPeak10),
      import_peak_rss_mb_10x: Math.round(importPeak10),
      products_10x: Number(export10.result?.count ?? 0),
      export_10x_rows_per_s: rate(lines * 10, jobMs(export10)),
      import_10x_rows_per_s: rate(lines * 10, jobMs(import10)),
    };

    printTable(results);
    if (values.json) await writeFile(values.json, JSON.stringify(results, null, 2));
  } finally {
    for (const service of services) await service.stop();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

function printTable(r: Record<string, any>) {
  const rows: [string, string][] = [
    ['machine', `${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node}`],
    ['export', `${r.export.rows} rows: ${r.export.rows_per_s} rows/s vs raw ${r.export.baseline_rows_per_s} rows/s = ${r.export.ratio} (medians of ${r.export.rounds} rounds)`],
    ['import', `${r.import.rows} rows: ${r.import.rows_per_s} rows/s vs raw ${r.import.baseline_rows_per_s} rows/s = ${r.import.ratio}`],
    ['overhead', `${r.overhead.jobs} no-op jobs in a row: p50 ${r.overhead.p50_ms} ms, p95 ${r.overhead.p95_ms} ms, p99 ${r.overhead.p99_ms} ms, ${r.overhead.jobs_per_s} jobs/s`],
    ['', `${r.overhead.concurrent.at_once} at a time: p50 ${r.overhead.concurrent.p50_ms} ms, ${r.overhead.concurrent.jobs_per_s} jobs/s`],
    ['memory', `worker peak RSS: export ${r.memory.export_peak_rss_mb} MB → ${r.memory.export_peak_rss_mb_10x} MB at 10×; import ${r.memory.import_peak_rss_mb} MB → ${r.memory.import_peak_rss_mb_10x} MB at 10×`],
  ];
  for (const [name, text] of rows) console.log(`${name.padEnd(9)} ${text}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
