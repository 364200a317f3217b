// product-export and product-import through the HTTP API against the real dev server, with a
// real SQLite catalog and real files: Medusa's checklist, the round trip, the Medusa template,
// per-row errors, bad files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../src/batch-job';
import { seedCatalog, SEED_REGIONS } from '../src/catalog/seed';
import { builtInStrategies } from '../src/strategies';
import { downloadFile, uploadFile } from './support/files';
import { isTerminalJob, startHarness, type Harness } from './support/harness';

const parseCsv = (bytes: Buffer | string): string[][] => parse(bytes, { delimiter: ';', bom: true, relax_column_count: true });

let source: Harness; // a seeded catalog
let target: Harness; // an empty catalog with the same regions
beforeAll(async () => {
  source = await startHarness({ strategies: (deps) => builtInStrategies({ ...deps, exportChunkSize: 7, importChunkSize: 25 }) });
  await seedCatalog(source.catalog, { products: 40, orders: 5 });
  target = await startHarness({ strategies: (deps) => builtInStrategies({ ...deps, exportChunkSize: 7, importChunkSize: 25 }) });
  await target.catalog.insertInto('region').values([...SEED_REGIONS]).execute();
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

async function runJob(h: Harness, body: Record<string, unknown>): Promise<BatchJob> {
  const job = await h.createJob(body);
  return h.waitForJob(job.id, isTerminalJob, { timeoutMs: 60_000 });
}

async function exportFile(h: Harness, context: Record<string, unknown> = {}): Promise<{ job: BatchJob; bytes: Buffer }> {
  const job = await runJob(h, { type: 'product-export', context });
  expect(job.status).toBe('completed');
  return { job, bytes: await downloadFile(h, job.result!.file_key as string) };
}

describe('product-export', () => {
  it("writes Medusa's columns, one line per variant, with a true file_size and the count descriptor", async () => {
    const { job, bytes } = await exportFile(source);
    const [header, ...lines] = parseCsv(bytes);
    expect([0, 2, 4, 23, 24, 25].map((i) => header![i])).toEqual(['Product Id', 'Product Title', 'Product Description', 'Variant Id', 'Variant Title', 'Variant SKU']);
    expect(header!.slice(38, 42)).toEqual(['Price EUR', 'Price USD', 'Price Europe [EUR]', 'Price Japan [JPY]']);
    const variants = await source.catalog.selectFrom('product_variant').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(lines).toHaveLength(Number(variants.n));
    expect(lines.every((line) => line.length === header!.length)).toBe(true);
    expect(job.result).toMatchObject({ count: 40, advancement_count: 40, file_size: bytes.length });
    expect(job.result!.stat_descriptors).toEqual([
      { key: 'product-export-count', name: 'Product count to export', message: 'There will be 40 products exported by this action' },
    ]);
    expect(bytes.toString()).toContain('\r\n');
  });

  it('quotes a description with a line break, a delimiter and quotes; prices are human amounts', async () => {
    const { bytes } = await exportFile(source, { filterable_fields: { handle: 'product-0' } });
    const text = bytes.toString();
    expect(text).toContain('"Line one of 0;\nline two, with ""quotes"""');
    const [header, first] = parseCsv(bytes);
    const price = await source.catalog.selectFrom('money_amount').select('amount')
      .where('variant_id', '=', first![23]!).where('currency_code', '=', 'eur').where('region_id', 'is', null).where('price_list_id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(first![header!.indexOf('Price EUR')]).toBe(String(price.amount / 100));
  });

  it('filters by title to one product, and batch_size: 1 exports one product with all its variants', async () => {
    const product = await source.catalog.selectFrom('product').selectAll().where('handle', '=', 'product-3').executeTakeFirstOrThrow();
    const filtered = parseCsv((await exportFile(source, { filterable_fields: { title: product.title } })).bytes).slice(1);
    expect(new Set(filtered.map((l) => l[1]))).toEqual(new Set(['product-3']));
    const one = parseCsv((await exportFile(source, { batch_size: 1 })).bytes).slice(1);
    const variants = await source.catalog.selectFrom('product_variant').select('id').where('product_id', '=', 'prod_00000000').execute();
    expect(one.map((l) => l[23])).toEqual(variants.map((v) => v.id));
  });

  it('refuses a context it does not understand, naming the field', async () => {
    const response = await source.request('POST', '/admin/batch-jobs', { body: { type: 'product-export', context: { batch_size: 'all' } } });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^context\.batch_size: /);
  });

  it('two exports at once each produce the whole file', async () => {
    const [a, b] = await Promise.all([exportFile(source), exportFile(source)]);
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });
});

describe('product-import', () => {
  it("imports Medusa's own template: 2 products with 5 variants, after a dry run preview", async () => {
    const key = await uploadFile(target, 'template.csv', readFileSync(path.join(__dirname, 'fixtures/medusa-product-import-template.csv')));
    const job = await target.createJob({ type: 'product-import', context: { fileKey: key }, dry_run: true });
    const waiting = await target.waitForJob(job.id, (j) => j.status === 'pre_processed');
    expect(waiting.result?.stat_descriptors).toEqual([
      {
        key: 'product-import-count',
        name: 'Products/variants to import',
        message: 'There will be 2 products created (0 updated).\n 5 variants will be created and 0 updated',
      },
    ]);
    await target.request('POST', `/admin/batch-jobs/${job.id}/confirm`);
    const done = await target.waitForJob(job.id, isTerminalJob);
    expect(done.status).toBe('completed');
    const list = await target.request('GET', '/admin/products?q=-v2');
    expect(list.body.count).toBe(2);
    const sweatpants = list.body.products.find((p: any) => p.handle === 'sweatpants-v2');
    expect(sweatpants.variants.map((v: any) => v.title)).toEqual(['S', 'M', 'L', 'XL']);
    expect(sweatpants.variants[0].prices).toEqual(
      expect.arrayContaining([expect.objectContaining({ currency_code: 'eur', amount: 295000 }), expect.objectContaining({ currency_code: 'usd', amount: 335000 })]),
    );
    expect(sweatpants.images.map((i: any) => i.url)).toHaveLength(2);
    expect(sweatpants.options).toEqual([expect.objectContaining({ title: 'Size' })]);
    // importing the same file again updates, never duplicates
    const again = await runJob(target, { type: 'product-import', context: { fileKey: key } });
    expect(again.status).toBe('completed');
    expect((await target.request('GET', '/admin/products?q=-v2')).body.count).toBe(2);
    const variants = await target.catalog.selectFrom('product_variant').select('id').where('product_id', '=', sweatpants.id).execute();
    expect(variants).toHaveLength(4);
  });

  it('round trip: an export imported into an empty catalog exports byte-identically', async () => {
    const { bytes } = await exportFile(source);
    const key = await uploadFile(target, 'export.csv', bytes);
    const imported = await runJob(target, { type: 'product-import', context: { fileKey: key } });
    expect(imported.status).toBe('completed');
    expect(imported.result).toMatchObject({ imported_rows: parseCsv(bytes).length - 1 });
    const reexported = await exportFile(target, { filterable_fields: { id: (await source.catalog.selectFrom('product').select('id').execute()).map((p) => p.id) } });
    expect(reexported.bytes.toString()).toBe(bytes.toString());
  });

  it('edits a title in an exported file: the product is updated, the count unchanged', async () => {
    const { bytes } = await exportFile(source, { filterable_fields: { handle: 'product-5' } });
    const edited = bytes.toString().replaceAll(/;([A-Za-z]+ [A-Za-z]+ 5);/g, ';Renamed 5;');
    expect(edited).not.toBe(bytes.toString());
    const before = (await source.request('GET', '/admin/products?limit=1')).body.count;
    const job = await runJob(source, { type: 'product-import', context: { fileKey: await uploadFile(source, 'edit.csv', edited) } });
    expect(job.status).toBe('completed');
    expect((await source.request('GET', '/admin/products?limit=1')).body.count).toBe(before);
    expect((await source.request('GET', '/admin/products/prod_00000005')).body.product.title).toBe('Renamed 5');
  });
});

const HEADER = 'Product Handle;Product Title;Variant Title;Variant SKU;Price EUR;Price Europe [EUR]';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

describe('per-row errors', () => {
  const bad = csv(
    'good-1;Good one;Default;G-1;10.50;',
    'bad-price;Bad price;Default;B-1;ten;',
    'bad-region;Bad region;Default;B-2;1;',
    'good-2;Good two;Default;G-2;3;2.5',
    'dupe-sku;Dupe;Default;G-1;1;',
  ).replace('Price Europe [EUR]', 'Price Europe [EUR];Price Mars [EUR]').replace('bad-region;Bad region;Default;B-2;1;', 'bad-region;Bad region;Default;B-2;1;;9');

  it('on_error "fail" (default): nothing is written; every bad row is reported with its line and column', async () => {
    const h = target;
    const before = (await h.request('GET', '/admin/products?q=good-')).body.count;
    const job = await runJob(h, { type: 'product-import', context: { fileKey: await uploadFile(h, 'bad.csv', bad) } });
    expect(job.status).toBe('failed');
    expect(job.result?.errors).toEqual([
      "Line 3, column 'Price EUR': 'ten' is not a price",
      "Line 4, column 'Price Mars [EUR]': unknown region 'Mars' (known: Europe, Japan, North America)",
      "Line 6, column 'Variant SKU': SKU 'G-1' is also on line 2",
      expect.stringMatching(/^3 of 5 rows are invalid, so nothing was imported/),
    ]);
    expect((await h.request('GET', '/admin/products?q=good-')).body.count).toBe(before);
    const errorFile = parseCsv(await downloadFile(h, job.result!.error_file_key as string));
    expect(errorFile[0]).toEqual(['Line', 'Column', 'Error']);
    expect(errorFile.slice(1).map((r) => r[0])).toEqual(['3', '4', '6']);
  });

  it('on_error "skip": the good rows are imported and the bad ones reported', async () => {
    const h = source;
    const job = await runJob(h, { type: 'product-import', context: { fileKey: await uploadFile(h, 'bad.csv', bad), on_error: 'skip' } });
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ count: 5, advancement_count: 5, imported_rows: 2, skipped_rows: 3, invalid_rows: 3 });
    expect(job.result?.errors).toHaveLength(3);
    const good = (await h.request('GET', '/admin/products?q=good-')).body.products;
    expect(good.map((p: any) => p.handle).sort()).toEqual(['good-1', 'good-2']);
    const two = good.find((p: any) => p.handle === 'good-2');
    expect(two.variants[0].prices).toEqual(
      expect.arrayContaining([expect.objectContaining({ currency_code: 'eur', amount: 300, region_id: null }), expect.objectContaining({ currency_code: 'eur', amount: 250, region_id: 'reg_eu' })]),
    );
  });
});

describe('bad files end in a failed job or reported rows, never a crash or a stuck job', () => {
  const cases: [string, string | Buffer, RegExp | 'completed'][] = [
    ['an empty file', '', /the file is empty/],
    ['a header only', `${HEADER}\n`, 'completed'],
    ['a UTF-8 BOM', `\uFEFF${csv('bom-product;Bom;Default;BOM-1;1;')}`, 'completed'],
    ['mixed line ends', `${HEADER}\r\nmixed-1;Mixed;Default;MX-1;1;\nmixed-2;Mixed;Default;MX-2;1;\r\n`, 'completed'],
    ['a quoted line break', csv('quoted-break;"Two\nlines";Default;QB-1;1;'), 'completed'],
    ['commas instead of semicolons', csv('comma-product;Comma;Default;CM-1;1;').replaceAll(';', ','), 'completed'],
    ['the wrong delimiter', csv('tab-product;Tab;Default;TB-1;1;').replaceAll(';', '\t'), /Unable to treat column Product Handle\tProduct Title/],
    ['an unknown column', csv('x;X;D;UX-1;1;').replace('Product Title', 'Product Titel'), /Unable to treat column Product Titel .*did you mean 'Product Title'\?/],
    ['a missing Product Handle', 'Product Title;Variant SKU\nNo handle;NH-1\n', /required column 'Product Handle' is missing/],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`${HEADER}\nutf-bad;`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(';Default;UB-1;1;\n')]), /not valid UTF-8/],
    ['an unclosed quote', csv('unclosed;"Never closed;Default;UC-1;1;'), /parsing failed due to: Quote Not Closed/i],
    ['a 1 MB cell', csv(`big-cell;${'x'.repeat(1024 * 1024)};Default;BC-1;1;`), 'completed'],
  ];
  for (const [name, content, expected] of cases) {
    it(name, async () => {
      const job = await runJob(target, { type: 'product-import', context: { fileKey: await uploadFile(target, 'case.csv', content) } });
      if (expected === 'completed') expect(job.status).toBe('completed');
      else {
        expect(job.status).toBe('failed');
        expect(String(job.result?.errors?.at(-1))).toMatch(expected);
      }
    });
  }
});

describe("Medusa's import checklist", () => {
  it('updates an existing variant by its id and creates a variant on an existing product', async () => {
    const lines = [
      'Product Id;Product Handle;Variant Id;Variant Title;Variant SKU;Variant Inventory Quantity;Price EUR;Option 1 Name;Option 1 Value',
      'prod_00000008;product-8;variant_00000008_0;Renamed variant;;777;12.34;Size;XS',
      'prod_00000008;product-8;;Brand new;NEW-8;5;9.99;Size;XXL',
    ].join('\n');
    const before = await source.catalog.selectFrom('product_variant').select('id').where('product_id', '=', 'prod_00000008').execute();
    const job = await runJob(source, { type: 'product-import', context: { fileKey: await uploadFile(source, 'variants.csv', lines) }, dry_run: false });
    expect(job.status).toBe('completed');
    expect(job.result?.stat_descriptors?.[0]?.message).toBe('There will be 0 products created (1 updated).\n 1 variants will be created and 1 updated');
    const product = (await source.request('GET', '/admin/products/prod_00000008')).body.product;
    expect(product.variants).toHaveLength(before.length + 1);
    expect(product.variants.find((v: any) => v.id === 'variant_00000008_0')).toMatchObject({ title: 'Renamed variant', inventory_quantity: 777 });
    const added = product.variants.find((v: any) => v.sku === 'NEW-8');
    expect(added).toMatchObject({ title: 'Brand new', inventory_quantity: 5, options: [expect.objectContaining({ value: 'XXL' })] });
    expect(added.prices).toEqual([expect.objectContaining({ currency_code: 'eur', amount: 999 })]);
  });
});

describe('cancel', () => {
  it('mid-import: stops between chunks, and result says how far it got', async () => {
    const small = await startHarness({ strategies: (deps) => builtInStrategies({ ...deps, importChunkSize: 10 }) });
    try {
      await small.catalog.insertInto('region').values([...SEED_REGIONS]).execute();
      const rows = Array.from({ length: 3000 }, (_, i) => `bulk-${i};Bulk ${i};Default;BULK-${i};1;`);
      const job = await small.createJob({ type: 'product-import', context: { fileKey: await uploadFile(small, 'bulk.csv', csv(...rows)) } });
      await small.waitForJob(job.id, (j) => (j.result?.advancement_count ?? 0) >= 50, { timeoutMs: 60_000 });
      const canceled = await small.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
      expect(canceled.body.batch_job.status).toBe('canceled');
      await small.client.workflow.getHandle(job.id).result();
      const final = await small.getJob(job.id);
      const imported = Number((await small.catalog.selectFrom('product').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(final.status).toBe('canceled');
      expect(imported).toBeLessThan(3000);
      expect(imported % 10).toBe(0); // whole chunks only
      expect(final.result?.imported_rows).toBe(imported);
      expect(final.result?.advancement_count).toBe(imported);
    } finally {
      await small.close();
    }
  });


  it('mid-export: the job stops and its partial output is removed', async () => {
    const slow = await startHarness({ strategies: (deps) => builtInStrategies({ ...deps, exportChunkSize: 1 }) });
    try {
      await seedCatalog(slow.catalog, { products: 400, orders: 0 });
      const job = await slow.createJob({ type: 'product-export', context: {} });
      await slow.waitForJob(job.id, (j) => (j.result?.advancement_count ?? 0) >= 3);
      const canceled = await slow.request('POST', `/admin/batch-jobs/${job.id}/cancel`);
      expect(canceled.body.batch_job.status).toBe('canceled');
      await slow.client.workflow.getHandle(job.id).result();
      const final = await slow.getJob(job.id);
      expect(final.status).toBe('canceled');
      expect(final.result?.file_key).toBeUndefined();
      expect(await slow.files.store.stat(`exports/${job.id}/parts/000000.csv`)).toBeNull();
      expect(await slow.files.store.stat(`exports/${job.id}/product-export.csv`)).toBeNull();
    } finally {
      await slow.close();
    }
  });
});
