// The raw pipelines the service is measured against: the same queries, CSV code and writes (the
// catalog tasks the worker hands its catalog thread, here run in place), in a plain process, with
// no Temporal, no HTTP, no thread and no file store in between.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Catalog } from '../src/catalog/database';
import { countProducts, pageProductKeys, type ProductCursor } from '../src/catalog/products';
import type { FileStore } from '../src/files/file-store';
import { EXPORT_PAGE_SIZE } from '../src/strategies/chunked-export';
import { csvLines } from '../src/strategies/csv-format';
import { readCsv } from '../src/strategies/csv-reader';
import { FIXED_COLUMNS } from '../src/strategies/product-csv/columns';
import { computeExportShape, dynamicColumns, dynamicHeaders } from '../src/strategies/product-csv/export-shape';
import { readHeader, readRow, type CsvLayout, type ImportRow } from '../src/strategies/product-csv/import-rows';
import { scanProductImport } from '../src/strategies/product-import/scan';
import { runCatalogTasksInPlace } from '../src/threads/catalog-tasks';

/**
 * Exports every product to `file`, a page of EXPORT_PAGE_SIZE products at a time as the service's
 * chunks do (a plain loop has no chunks), with the service's page task run in place.
 */
export async function rawExport(catalog: Catalog, file: string): Promise<void> {
  const tasks = runCatalogTasksInPlace(catalog);
  const scope = { filter: {}, offset: 0, limit: null };
  // Counted as the service's pre-processing counts (there by walking the keys), then shaped alike.
  await countProducts(catalog, {});
  const shape = await computeExportShape(catalog, scope);
  const dynamic = dynamicColumns(shape);
  const out = createWriteStream(file);
  out.write(csvLines([[...FIXED_COLUMNS.map((c) => c.header), ...dynamicHeaders(shape)]]));
  let after: ProductCursor | null = null;
  for (;;) {
    const keys = await pageProductKeys(catalog, {}, after, { limit: EXPORT_PAGE_SIZE });
    if (keys.length === 0) break;
    const lines = await tasks.run('productLines', { ids: keys.map((k) => k.id), dynamic });
    if (!out.write(csvLines(lines))) await once(out, 'drain');
    after = keys[keys.length - 1]!;
  }
  out.end();
  await once(out, 'finish');
}

/** Validates (the pre-processing scan) and writes a product CSV, in chunks with the service's write task run in place; returns rows written. */
export async function rawImport(catalog: Catalog, files: FileStore, fileKey: string, chunkSize: number): Promise<number> {
  const tasks = runCatalogTasksInPlace(catalog);
  await scanProductImport({ catalog, tasks, files, fileKey, jobId: 'raw', owner: 'bench', maxErrors: 100, signal: new AbortController().signal });
  const regions = new Set((await catalog.selectFrom('region').select('name').execute()).map((r) => r.name));
  let layout: CsvLayout | null = null;
  let chunk: ImportRow[] = [];
  let written = 0;
  for await (const record of readCsv(files, fileKey)) {
    if (!layout) {
      layout = readHeader(record.cells);
      continue;
    }
    const read = readRow(layout, record.line, record.cells, regions);
    if ('row' in read) chunk.push(read.row);
    if (chunk.length >= chunkSize) {
      await tasks.run('writeProductRows', { rows: chunk, jobId: 'raw' });
      written += chunk.length;
      chunk = [];
    }
  }
  await tasks.run('writeProductRows', { rows: chunk, jobId: 'raw' });
  return written + chunk.length;
}
