// The catalog writer and an export's pages (in place and on the catalog thread) and the export's finishing step, run again as a crash would run them again.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../src/catalog/database';
import { writeProductRows } from '../src/catalog/product-writer';
import { SEED_REGIONS } from '../src/catalog/seed';
import { createLocalFileStore } from '../src/files/local-file-store';
import { runCatalogTasksInPlace } from '../src/threads/catalog-tasks';
import { createCatalogThread } from '../src/threads/catalog-thread';
import type { BatchJob } from '../src/batch-job';
import { chunkedExport, EXPORT_PAGE_SIZE, planExportChunks, type ExportKeys } from '../src/strategies/chunked-export';
import { csvLines } from '../src/strategies/csv-format';
import type { ImportRow } from '../src/strategies/product-csv/import-rows';
import { scanProductImport } from '../src/strategies/product-import/scan';

let dir: string;
let catalog: Catalog;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-catalog-'));
  catalog = await openCatalog(path.join(dir, 'catalog.db'));
  await catalog.insertInto('region').values([...SEED_REGIONS]).execute();
});
afterAll(async () => {
  await catalog.destroy();
  await rm(dir, { recursive: true, force: true });
});

const row = (line: number, handle: string, extra: Partial<ImportRow> = {}): ImportRow => ({
  line,
  product: { handle, title: handle },
  variant: { title: 'Default' },
  prices: [{ currency: 'eur', region: null, amount: 100 }],
  options: [],
  images: [],
  salesChannels: [],
  categories: [],
  ...extra,
});

describe('writing import rows', () => {
  it('a chunk written twice by the same job (no id, SKU or options) leaves one variant and one price', async () => {
    const rows = [row(2, 'plain-a'), row(3, 'plain-a')];
    await writeProductRows(catalog, rows, 'batch_job_1');
    await writeProductRows(catalog, rows, 'batch_job_1');
    const variants = await catalog.selectFrom('product_variant').innerJoin('product', 'product.id', 'product_variant.product_id')
      .select('product_variant.id').where('product.handle', '=', 'plain-a').execute();
    expect(variants).toHaveLength(2);
    const prices = await catalog.selectFrom('money_amount').select('id').where('variant_id', 'in', variants.map((v) => v.id)).execute();
    expect(prices).toHaveLength(2);
  });

  it('the catalog thread writes chunks on its own connection, in order, and rejects with the reason a chunk failed', async () => {
    const thread = createCatalogThread(path.join(dir, 'catalog.db'));
    try {
      const write = (rows: ImportRow[]) => thread.run('writeProductRows', { rows, jobId: 'batch_job_t' });
      await Promise.all([write([row(2, 'threaded-a')]), write([row(3, 'threaded-b')])]);
      const written = await catalog.selectFrom('product').select('handle').where('handle', 'like', 'threaded-%').orderBy('handle').execute();
      expect(written.map((p) => p.handle)).toEqual(['threaded-a', 'threaded-b']);
      // A price in a region the catalog does not have: the chunk's transaction fails as a whole.
      const bad = [row(4, 'threaded-c'), row(5, 'threaded-d', { prices: [{ currency: 'eur', region: 'Atlantis', amount: 1 }] })];
      await expect(write(bad)).rejects.toThrow(/no result/i);
      expect(await catalog.selectFrom('product').select('id').where('handle', 'in', ['threaded-c', 'threaded-d']).execute()).toEqual([]);
    } finally {
      await thread.close();
    }
  });

  it('the catalog thread reads an export page cell for cell as in place, in the order asked, and it is written escaped', async () => {
    const thread = createCatalogThread(path.join(dir, 'catalog.db'));
    try {
      await writeProductRows(catalog, [row(2, 'paged-a', { variant: { title: 'Small, "quoted"' } }), row(3, 'paged-a', { variant: { title: 'Large' } }), row(4, 'paged-b')], 'batch_job_p');
      const products = await catalog.selectFrom('product').select('id').where('handle', 'in', ['paged-a', 'paged-b']).orderBy('handle', 'desc').execute();
      const input = { ids: products.map((p) => p.id), dynamic: [{ type: 'currency-price' as const, currency: 'eur' }] };
      const threaded = await thread.run('productLines', input);
      expect(threaded).toEqual(await runCatalogTasksInPlace(catalog).run('productLines', input));
      // One line per variant, the products in the order of the ids (paged-b first), cells escaped.
      expect(threaded.map((line) => line.find((cell) => /^paged-[ab]$/.test(cell)))).toEqual(['paged-b', 'paged-a', 'paged-a']);
      expect(csvLines(threaded)).toContain('"Small, ""quoted"""');
    } finally {
      await thread.close();
    }
  });

  it('a task in flight when its thread stops fails; the next task runs on a new thread, untouched by the old one going', async () => {
    const thread = createCatalogThread(path.join(dir, 'catalog.db'));
    try {
      const rows = Array.from({ length: 200 }, (_, i) => row(2 + i, `stopped-${i}`));
      const inFlight = thread.run('writeProductRows', { rows, jobId: 'batch_job_s' });
      // Not awaited: the old thread's exit comes after the next task has started a new one.
      const closing = thread.close();
      const next = thread.run('productLines', { ids: [], dynamic: [] });
      await expect(inFlight).rejects.toThrow(/exited/);
      await closing;
      await expect(next).resolves.toEqual([]);
    } finally {
      await thread.close();
    }
  });

  it("the scan reports a SKU that belongs to another product's variant", async () => {
    await writeProductRows(catalog, [row(2, 'owner', { variant: { title: 'Default', sku: 'TAKEN-1' } })], 'batch_job_2');
    const files = createLocalFileStore(path.join(dir, 'files'));
    await files.put('rows.csv', Readable.from(['Product Handle;Product Title;Variant SKU\nthief;Thief;TAKEN-1\nowner;Owner;TAKEN-1\n']), { owner: 'u' });
    const thread = createCatalogThread(path.join(dir, 'catalog.db'));
    try {
      const scan = await scanProductImport({ catalog, tasks: thread, files, fileKey: 'rows.csv', jobId: 'batch_job_3', owner: 'u', maxErrors: 10, signal: new AbortController().signal });
      expect(scan.errors).toEqual([expect.stringMatching(/^Line 2, column 'Variant SKU': SKU 'TAKEN-1' already belongs to variant /)]);
      expect(scan.invalidRows).toBe(1);
    } finally {
      await thread.close();
    }
  });

  it('the scan looks rows up in batches on the catalog thread and still reports every error in line order', async () => {
    // 1,200 rows: more than two lookup batches; a bad price in the second, and in the third a SKU
    // already on line 2 (the first batch), which only the rows checked before it can tell.
    const lines = Array.from({ length: 1200 }, (_, i) => {
      const line = i + 2;
      const sku = line === 1101 ? 'BULK-2' : `BULK-${line}`;
      return `bulk-${line};Bulk ${line};${sku};${line === 701 ? 'twelve' : '10.00'}`;
    });
    const files = createLocalFileStore(path.join(dir, 'files'));
    await files.put('bulk.csv', Readable.from([`Product Handle;Product Title;Variant SKU;Price EUR\n${lines.join('\n')}\n`]), { owner: 'u' });
    const thread = createCatalogThread(path.join(dir, 'catalog.db'));
    try {
      const scan = await scanProductImport({ catalog, tasks: thread, files, fileKey: 'bulk.csv', jobId: 'batch_job_4', owner: 'u', maxErrors: 10, signal: new AbortController().signal });
      expect(scan.rows).toBe(1200);
      expect(scan.errors).toEqual([
        expect.stringMatching(/^Line 701, column 'Price EUR'/),
        "Line 1101, column 'Variant SKU': SKU 'BULK-2' is also on line 2",
      ]);
      expect(scan.operations).toEqual({ product: { create: 1198, update: 0 }, variant: { create: 1198, update: 0 } });
    } finally {
      await thread.close();
    }
  });
});

describe('a chunked export', () => {
  const signal = new AbortController().signal;
  /** Units in chunks of `chunkSize` (2 by default), over a list of keys the test may change between planning and chunks. */
  function numberExport(name: string, units: number[], chunkSize = 2) {
    const pages: number[] = [];
    const files = createLocalFileStore(path.join(dir, name));
    const keys: ExportKeys<number> = async (after, bound) => {
      const rest = units.filter((n) => n > (after ?? -1)).sort((a, b) => a - b);
      return 'limit' in bound ? rest.slice(0, bound.limit) : rest.filter((n) => n <= bound.through);
    };
    const count = units.length;
    const work = chunkedExport<number>(files, () => ({
      count,
      chunkSize,
      header: ['n'],
      keys,
      linesFor: async (keys) => {
        pages.push(keys.length);
        return keys.map((k) => [String(k)]);
      },
      fileKey: `exports/${name}/out.csv`,
      fileName: 'out.csv',
    }));
    const job = { id: name, created_by: 'u', result: { count, chunk_size: chunkSize } } as unknown as BatchJob;
    const plan = () => planExportChunks(files, job, { keys, startAfter: null, limit: null, chunkSize, signal });
    const output = async () => (await readFile(path.join(dir, name, 'exports', name, 'out.csv'), 'utf8')).split('\r\n').slice(1, -1);
    return { work, job, plan, output, pages };
  }

  it('a chunk larger than a page is read and written a page at a time, in order', async () => {
    const units = Array.from({ length: 2 * EXPORT_PAGE_SIZE + 7 }, (_, i) => i);
    const { work, job, plan, output, pages } = numberExport('paged', units, units.length);
    await plan();
    expect(work.count(job)).toBe(1);
    await work.process(job, 0, { signal });
    await work.finish(job, { signal });
    expect(pages).toEqual([EXPORT_PAGE_SIZE, EXPORT_PAGE_SIZE, 7]);
    expect(await output()).toEqual(units.map(String));
  });

  it("finish run again after its parts were removed keeps the assembled file", async () => {
    const { work, job, plan } = numberExport('again', [0, 1, 2, 3]);
    expect(await plan()).toEqual({ count: 4, advancement_count: 0, chunk_size: 2 });
    expect(work.count(job)).toBe(2);
    for (const index of [1, 0]) await work.process(job, index, { signal });
    const first = await work.finish(job, { signal });
    const again = await work.finish(job, { signal });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ file_key: 'exports/again/out.csv', file_size: Buffer.byteLength('n\r\n0\r\n1\r\n2\r\n3\r\n') });
  });

  it('a unit added or removed between planning and the chunks is exported once or not at all, nothing twice', async () => {
    const units = [0, 1, 2, 3];
    const { work, job, plan, output } = numberExport('changing', units);
    await plan();
    units.splice(units.indexOf(0), 1, 1.5); // 0 removed, 1.5 added inside chunk 1's range
    for (const index of [0, 1]) await work.process(job, index, { signal });
    await work.finish(job, { signal });
    expect(await output()).toEqual(['1', '1.5', '2', '3']);
  });
});
