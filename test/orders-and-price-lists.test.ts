// order-export and price-list-import through the HTTP API (Medusa's checklist items 8 and 9),
// and every built-in strategy's template reads back as its own format.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../src/batch-job';
import { seedCatalog } from '../src/catalog/seed';
import { builtInStrategies } from '../src/strategies';
import { readHeader } from '../src/strategies/product-csv/import-rows';
import { readPriceListHeader } from '../src/strategies/price-list-import/rows';
import { ORDER_COLUMNS } from '../src/strategies/order-export/columns';
import { downloadFile, uploadFile } from './support/files';
import { isTerminalJob, startHarness, type Harness } from './support/harness';

const parseCsv = (bytes: Buffer | string): string[][] => parse(bytes, { delimiter: ';', bom: true, relax_column_count: true });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ strategies: (deps) => builtInStrategies({ ...deps, exportChunkSize: 4, importChunkSize: 3 }) });
  await seedCatalog(h.catalog, { products: 12, orders: 10 });
});
afterAll(async () => {
  await h?.close();
});

async function runJob(body: Record<string, unknown>): Promise<BatchJob> {
  const job = await h.createJob(body);
  return h.waitForJob(job.id, isTerminalJob, { timeoutMs: 60_000 });
}

describe('order-export', () => {
  it("exports every order with Medusa's columns and totals in minor units, escaping cells Medusa did not", async () => {
    const job = await runJob({ type: 'order-export', context: {} });
    expect(job.status).toBe('completed');
    expect(job.result?.stat_descriptors?.[0]).toEqual({ key: 'order-export-count', name: 'Order count to export', message: 'There will be 10 orders exported by this action' });
    const [header, ...lines] = parseCsv(await downloadFile(h, job.result!.file_key as string));
    expect(header).toEqual(ORDER_COLUMNS.map((c) => c.header));
    expect(lines).toHaveLength(10);
    const first = await h.catalog.selectFrom('order').selectAll().where('id', '=', 'order_00000000').executeTakeFirstOrThrow();
    expect(lines[0]![0]).toBe('order_00000000');
    expect(lines[0]![header!.indexOf('Total')]).toBe(String(first.total));
    // customer 0's last name holds a `;` and an apostrophe: quoted, so the columns stay aligned
    expect(lines[0]![header!.indexOf('Customer Last name')]).toBe("O'Brien; 0");
    expect(lines.every((l) => l.length === header!.length)).toBe(true);
  });

  it('batch_size: 3 exports 3 lines; a filter on email exports 1', async () => {
    const three = await runJob({ type: 'order-export', context: { batch_size: 3 } });
    expect(parseCsv(await downloadFile(h, three.result!.file_key as string)).slice(1)).toHaveLength(3);
    const one = await runJob({ type: 'order-export', context: { filterable_fields: { email: 'customer4@example.com' } } });
    const lines = parseCsv(await downloadFile(h, one.result!.file_key as string)).slice(1);
    expect(lines.map((l) => l[6])).toEqual(['customer4@example.com']);
  });
});

describe('price-list-import', () => {
  it('replaces every price of the list: 44.441 becomes 4444, a zero-decimal JPY amount is kept', async () => {
    const csv = ['Product Variant ID;SKU;Price USD;Price Japan [JPY]', 'variant_00000001_0;;44.441;', ';SKU-00000002-0;1;1234', ''].join('\n');
    const job = await runJob({ type: 'price-list-import', context: { price_list_id: 'pl_sale', fileKey: await uploadFile(h, 'prices.csv', csv) } });
    expect(job.status).toBe('completed');
    expect(job.result?.stat_descriptors?.[0]?.message).toBe('3 prices will be added');
    const list = (await h.request('GET', '/admin/price-lists/pl_sale')).body.price_list;
    expect(list.prices.map(({ variant_id, currency_code, region_id, amount }: any) => ({ variant_id, currency_code, region_id, amount }))).toEqual([
      { variant_id: 'variant_00000001_0', currency_code: 'usd', region_id: null, amount: 4444 },
      { variant_id: 'variant_00000002_0', currency_code: 'usd', region_id: null, amount: 100 },
      { variant_id: 'variant_00000002_0', currency_code: 'jpy', region_id: 'reg_jp', amount: 1234 },
    ]);
  });

  it('a bad header fails the job with the parsing message in result.errors', async () => {
    const csv = 'Product Variant ID;Prize USD\nvariant_00000001_0;1\n';
    const job = await runJob({ type: 'price-list-import', context: { price_list_id: 'pl_vip', fileKey: await uploadFile(h, 'bad.csv', csv) } });
    expect(job.status).toBe('failed');
    expect(job.result?.errors).toEqual([
      'The csv file parsing failed due to: Unable to treat column Prize USD from the csv file. No target column found in the provided schema',
    ]);
  });

  it('an unknown variant is reported with its line and nothing changes', async () => {
    const before = (await h.request('GET', '/admin/price-lists/pl_sale')).body.price_list.prices;
    const csv = 'Product Variant ID;Price USD\nvariant_nope;1\n';
    const job = await runJob({ type: 'price-list-import', context: { price_list_id: 'pl_sale', fileKey: await uploadFile(h, 'unknown.csv', csv) } });
    expect(job.status).toBe('failed');
    expect(job.result?.errors?.[0]).toBe("Line 2, column 'Product Variant ID': no variant variant_nope");
    expect((await h.request('GET', '/admin/price-lists/pl_sale')).body.price_list.prices).toEqual(before);
  });

  it('refuses an unknown price list before the job exists', async () => {
    const response = await h.request('POST', '/admin/batch-jobs', { body: { type: 'price-list-import', context: { price_list_id: 'pl_nope', fileKey: 'x' } } });
    expect(response).toEqual({ status: 400, body: { type: 'invalid_data', message: 'context.price_list_id: price list pl_nope was not found' } });
  });
});

describe('templates', () => {
  it('every built-in template reads back as its own format', async () => {
    const strategies = Object.fromEntries(builtInStrategies({ catalog: h.catalog, files: h.files.store }).map((s) => [s.batchType, s]));
    const header = async (type: string) => parseCsv(String(await strategies[type]!.buildTemplate!()))[0]!;
    expect(() => readHeader([])).toThrow(/'Product Handle' is missing/);
    expect(readHeader(await header('product-import')).columns.length).toBeGreaterThan(38);
    expect(readHeader(await header('product-export')).headers[1]).toBe('Product Handle');
    expect(readPriceListHeader(await header('price-list-import')).columns).toHaveLength(4);
    expect(await header('order-export')).toEqual(ORDER_COLUMNS.map((c) => c.header));
  });
});
