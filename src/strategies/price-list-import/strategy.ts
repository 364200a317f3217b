// price-list-import: replaces every price of a price list with those of a CSV. Pre-processing
// validates each row (variant known, prices numbers, regions known); processing writes chunks,
// the first of which also removes the list's old prices, in the same transaction.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Catalog } from '../../catalog/database';
import type { FileStore } from '../../files/file-store';
import { parseContext } from '../context';
import { assertOwnUpload } from '../uploads';
import { MAX_RESULT_ERRORS } from '../../batch-job';
import { readCsv } from '../csv-reader';
import { BatchJobInputError } from '../errors';
import { createRowErrorReport } from '../row-error-report';
import { csvLines } from '../csv-format';
import type { BatchJobStrategy } from '../strategy';
import { PRICE_LIST_FIXED_COLUMNS, readPriceListHeader, readPriceListRow, type PriceListLayout, type PriceListRow } from './rows';

export const PriceListImportContext = z.object({ price_list_id: z.string().min(1), fileKey: z.string().min(1) }).strict();

type Checkpoint = { line: number; rows: number };

export function createPriceListImportStrategy(deps: { catalog: Catalog; files: FileStore; chunkSize?: number }): BatchJobStrategy<Checkpoint> {
  const { catalog, files } = deps;
  const chunkSize = deps.chunkSize ?? 1000;
  const regionNames = async () => new Set((await catalog.selectFrom('region').select('name').execute()).map((r) => r.name));
  const variantOf = async (row: PriceListRow) =>
    row.variantId
      ? await catalog.selectFrom('product_variant').select('id').where('id', '=', row.variantId).executeTakeFirst()
      : await catalog.selectFrom('product_variant').select('id').where('sku', '=', row.sku!).executeTakeFirst();

  async function* rowsOf(fileKey: string, regions: Set<string>) {
    let layout: PriceListLayout | null = null;
    for await (const record of readCsv(files, fileKey)) {
      if (!layout) layout = readPriceListHeader(record.cells);
      else yield readPriceListRow(layout, record.line, record.cells, regions);
    }
    if (!layout) throw new BatchJobInputError('The csv file parsing failed due to: the file is empty');
  }

  return {
    batchType: 'price-list-import',
    identifier: 'price-list-import-strategy',

    async prepareBatchJobForProcessing(input, request) {
      const context = parseContext(PriceListImportContext, input.context);
      if (!(await catalog.selectFrom('price_list').select('id').where('id', '=', context.price_list_id).executeTakeFirst())) {
        throw new BatchJobInputError(`context.price_list_id: price list ${context.price_list_id} was not found`);
      }
      await assertOwnUpload(files, context.fileKey, request.userId);
      return { ...input, context };
    },

    async preProcessBatchJob(job, { signal }) {
      const { fileKey } = parseContext(PriceListImportContext, job.context);
      const report = createRowErrorReport({ files, key: `imports/${job.id}/errors.csv`, owner: job.created_by ?? 'system', maxErrors: MAX_RESULT_ERRORS - 1 });
      let rows = 0;
      let prices = 0;
      try {
        for await (const read of rowsOf(fileKey, await regionNames())) {
          if (++rows % 1000 === 0 && signal.aborted) throw signal.reason;
          if ('errors' in read) report.add(read.errors);
          else if (!(await variantOf(read.row))) {
            report.add([{ line: read.row.line, column: read.row.variantId ? 'Product Variant ID' : 'SKU', message: `no variant ${read.row.variantId ?? `with SKU ${read.row.sku}`}` }]);
          } else prices += read.row.prices.length;
        }
      } finally {
        await report.close();
      }
      const result = {
        count: rows,
        advancement_count: 0,
        stat_descriptors: [{ key: 'price-list-import-count', name: 'Number of prices to be added', message: `${prices} prices will be added` }],
      };
      if (report.invalidRows > 0) {
        throw new BatchJobInputError(`${report.invalidRows} of ${rows} rows are invalid, so no price was changed`, {
          result: { ...result, errors: report.firstErrors, error_file_key: `imports/${job.id}/errors.csv` },
        });
      }
      return result;
    },

    async processJob(job, context) {
      const { fileKey, price_list_id } = parseContext(PriceListImportContext, job.context);
      const count = (job.result?.count as number | undefined) ?? 0;
      let { line: doneThrough, rows } = context.checkpoint ?? { line: 1, rows: 0 };
      let chunk: PriceListRow[] = [];
      let lastLine = doneThrough;
      const flush = async () => {
        if (chunk.length === 0) return;
        const first = rows === 0;
        await catalog.transaction().execute(async (tx) => {
          if (first) await tx.deleteFrom('money_amount').where('price_list_id', '=', price_list_id).execute();
          for (const row of chunk) {
            const variant = row.variantId ?? (await tx.selectFrom('product_variant').select('id').where('sku', '=', row.sku!).executeTakeFirstOrThrow()).id;
            for (const price of row.prices) {
              const regionId = price.region === null ? null : (await tx.selectFrom('region').select('id').where('name', '=', price.region).executeTakeFirstOrThrow()).id;
              await sql`insert into money_amount (variant_id, currency_code, region_id, price_list_id, amount)
                values (${variant}, ${price.currency}, ${regionId}, ${price_list_id}, ${price.amount})
                on conflict (variant_id, currency_code, coalesce(region_id, ''), coalesce(price_list_id, ''))
                do update set amount = excluded.amount`.execute(tx);
            }
          }
        });
        rows += chunk.length;
        doneThrough = lastLine;
        chunk = [];
        await context.saveCheckpoint({ line: doneThrough, rows }, { count, advancement_count: rows });
      };
      for await (const read of rowsOf(fileKey, await regionNames())) {
        if (!('row' in read)) throw new BatchJobInputError(`Line ${read.errors[0]!.line} no longer reads as it did when pre-processed`);
        if (read.row.line <= doneThrough) continue;
        context.throwIfCanceled();
        chunk.push(read.row);
        lastLine = read.row.line;
        if (chunk.length >= chunkSize) await flush();
      }
      await flush();
      // A file with no rows replaces the list's prices with none.
      if (rows === 0) await catalog.deleteFrom('money_amount').where('price_list_id', '=', price_list_id).execute();
      return { count, advancement_count: rows };
    },

    buildTemplate: () => csvLines([[...PRICE_LIST_FIXED_COLUMNS, 'Price USD', 'Price Europe [EUR]']]),
  };
}
