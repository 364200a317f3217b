// The raw pipelines the service is measured against: the same queries, CSV code and writes, in a
// plain process, with no Temporal, no HTTP and no file store in between.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Catalog } from '../src/catalog/database';
import { writeProductRows } from '../src/catalog/product-writer';
import { countProducts, loadProducts, pageProductKeys, type ProductCursor } from '../src/catalog/products';
import type { FileStore } from '../src/files/file-store';
import { EXPORT_PAGE_SIZE } from '../src/strategies/chunked-export';
import { csvLines } from '../src/strategies/csv-format';
import { readCsv } from '../src/strategies/csv-reader';
import { FIXED_COLUMNS } from '../src/strategies/product-csv/columns';
import { computeExportShape, dynamicColumns, dynamicHeaders } from '../src/strategies/product-csv/export-shape';
import { productLines } from '../src/strategies/product-csv/export-rows';
import { readHeader, readRow, type CsvLayout, type ImportRow } from '../src/strategies/product-csv/import-rows';
import { scanProductImport } from '../src/strategies/product-import/scan';

/**
 * Exports every product to `file`, a page of EXPORT_PAGE_SIZE products at a time as the service's
 * chunks do (a plain loop has no chunks); returns the number of lines (variants) written.
 */
export async function rawExport(catalog: Catalog, file: string): Promise<number> {
  const scope = { filter: {}, offset: 0, limit: null };
  // Counted as the service's pre-processing counts (there by walking the keys), then shaped alike.
  await countProducts(catalog, {});
  const shape = await computeExportShape(catalog, scope);
  const dynamic = dynamicColumns(shape);
  const out = createWriteStream(file);
  out.write(csvLines([[...FIXED_COLUMNS.map((c) => c.header), ...dynamicHeaders(shape)]]));
  let after: ProductCursor | null = null;
  let lines = 0;
  for (;;) {
    const keys = await pageProductKeys(catalog, {}, after, { limit: EXPORT_PAGE_SIZE });
    if (keys.length === 0) break;
    const rows = (await loadProducts(catalog, keys.map((k) => k.id))).flatMap((p) => productLines(p, dynamic));
    lines += rows.length;
    if (!out.write(csvLines(rows))) await once(out, 'drain');
    after = keys[keys.length - 1]!;
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

/** Validates (the pre-processing scan) and writes a product CSV, in chunks; returns rows written. */
export async function rawImport(catalog: Catalog, files: FileStore, fileKey: string, chunkSize: number): Promise<number> {
  await scanProductImport({ catalog, files, fileKey, jobId: 'raw', owner: 'bench', maxErrors: 100, signal: new AbortController().signal });
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
      await writeProductRows(catalog, chunk, 'raw');
      written += chunk.length;
      chunk = [];
    }
  }
  await writeProductRows(catalog, chunk, 'raw');
  return written + chunk.length;
}
