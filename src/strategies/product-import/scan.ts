// Pre-processing of a product import: one streamed pass over the file that validates every row,
// counts what will be created and updated, and reports each bad row with its line and column.
// What must be remembered across rows (handles and SKUs seen) lives in a scratch SQLite file, not
// in memory, so memory stays flat at any file size.
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Catalog } from '../../catalog/database';
import { rowKeys, type RowFound } from '../../catalog/product-writer';
import type { FileStore } from '../../files/file-store';
import { readCsv } from '../csv-reader';
import { BatchJobInputError } from '../errors';
import { readHeader, readRow } from '../product-csv/import-rows';
import type { CatalogTaskRunner } from '../../threads/catalog-tasks';
import { outcomeOf, runAhead, type RunningAhead } from '../../threads/running-ahead';
import { createRowErrorReport, type RowError } from '../row-error-report';

export interface ImportOperations {
  product: { create: number; update: number };
  variant: { create: number; update: number };
}

export interface ImportScan {
  rows: number;
  invalidRows: number;
  /** The first errors, formatted; all of them are in the error file. */
  errors: string[];
  errorFileKey: string | null;
  operations: ImportOperations;
}

/** Rows looked up on the catalog thread at a time. */
const LOOKUP_BATCH_ROWS = 500;

/** A line as read: its row, or why it is not one. */
type ScanEntry = ReturnType<typeof readRow>;

/** A batch and what the catalog holds for its rows, coming. */
interface LookedUpBatch {
  entries: ScanEntry[];
  found: RunningAhead<RowFound[]>;
}

export async function scanProductImport(options: {
  catalog: Catalog;
  /** Where the catalog lookups run: the worker's catalog thread, or in place. */
  tasks: CatalogTaskRunner;
  files: FileStore;
  fileKey: string;
  jobId: string;
  owner: string;
  maxErrors: number;
  signal: AbortSignal;
}): Promise<ImportScan> {
  const { catalog, files, tasks } = options;
  const regions = new Set((await catalog.selectFrom('region').select('name').execute()).map((r) => r.name));
  const scratchFile = path.join(os.tmpdir(), `product-import-${options.jobId}-${process.pid}-${Date.now()}.db`);
  const scratch = new SQLite(scratchFile);
  // Scratch data, thrown away at the end: no journal and no fsync per insert.
  scratch.pragma('journal_mode = OFF');
  scratch.pragma('synchronous = OFF');
  scratch.exec('create table handle (handle text primary key, line integer); create table sku (sku text primary key, line integer)');
  const seenHandle = scratch.prepare<[string], { line: number }>('select line from handle where handle = ?');
  const addHandle = scratch.prepare('insert into handle (handle, line) values (?, ?)');
  const seenSku = scratch.prepare<[string], { line: number }>('select line from sku where sku = ?');
  const addSku = scratch.prepare('insert into sku (sku, line) values (?, ?)');

  const errors = createRowErrorReport({ files, key: `imports/${options.jobId}/errors.csv`, owner: options.owner, maxErrors: options.maxErrors });
  const operations: ImportOperations = { product: { create: 0, update: 0 }, variant: { create: 0, update: 0 } };
  let rows = 0;
  const report = (rowErrors: RowError[]) => errors.add(rowErrors);
  let errorFileKey: string | null = null;

  // Rows are looked up in batches on the catalog thread (the lookups are most of the scan's
  // queries), the next batch read while the last is looked up; then each row is checked here, in
  // line order, against the rows before it (the scratch file), so errors still come in line order.
  let batch: ScanEntry[] = [];
  let lookingUp: LookedUpBatch | null = null;
  const checkBatch = async ({ entries, found }: LookedUpBatch) => {
    const looked = await outcomeOf(found);
    let next = 0;
    for (const entry of entries) {
      if ('errors' in entry) {
        report(entry.errors);
        continue;
      }
      const { row } = entry;
      const { productId, skuHolder: holder, existingVariant } = looked[next++]!;
      const rowErrors: RowError[] = [];
      const sku = row.variant.sku === undefined ? null : String(row.variant.sku);
      if (sku) {
        const earlier = seenSku.get(sku);
        // Without a Variant Id the SKU names the variant, which must then be this product's.
        const heldElsewhere = holder && (row.variant.id ? holder.id !== row.variant.id : holder.product_id !== productId);
        if (earlier) rowErrors.push({ line: row.line, column: 'Variant SKU', message: `SKU '${sku}' is also on line ${earlier.line}` });
        else if (heldElsewhere) {
          rowErrors.push({ line: row.line, column: 'Variant SKU', message: `SKU '${sku}' already belongs to variant ${holder.id}` });
        }
      }
      const firstOfHandle = !seenHandle.get(row.product.handle);
      const productExists = firstOfHandle ? productId !== null : true;
      if (firstOfHandle && !productExists && row.product.title === undefined) {
        rowErrors.push({ line: row.line, column: 'Product Title', message: `a new product (${row.product.handle}) needs a title` });
      }
      if (rowErrors.length) {
        report(rowErrors);
        continue;
      }
      if (sku) addSku.run(sku, row.line);
      if (firstOfHandle) {
        addHandle.run(row.product.handle, row.line);
        operations.product[productExists ? 'update' : 'create'] += 1;
      }
      operations.variant[existingVariant !== null ? 'update' : 'create'] += 1;
    }
  };
  const lookUpBatch = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    const keys = entries.flatMap((entry) => ('row' in entry ? [rowKeys(entry.row)] : []));
    const found = runAhead(tasks.run('lookUpRows', { rows: keys }));
    const previous = lookingUp;
    lookingUp = { entries, found };
    if (previous) await checkBatch(previous);
  };

  try {
    let layout: ReturnType<typeof readHeader> | null = null;
    for await (const record of readCsv(files, options.fileKey)) {
      if (!layout) {
        layout = readHeader(record.cells);
        continue;
      }
      rows += 1;
      if (rows % 1000 === 0 && options.signal.aborted) throw options.signal.reason;
      batch.push(readRow(layout, record.line, record.cells, regions));
      if (batch.length >= LOOKUP_BATCH_ROWS) await lookUpBatch();
    }
    if (!layout) throw new BatchJobInputError('The csv file parsing failed due to: the file is empty');
    await lookUpBatch();
    if (lookingUp) await checkBatch(lookingUp);
  } finally {
    // No lookup outlives the scan.
    await (lookingUp as LookedUpBatch | null)?.found;
    scratch.close();
    rmSync(scratchFile, { force: true });
    // Always finish the error file, so a failed scan leaves no upload half open.
    errorFileKey = await errors.close();
  }
  return { rows, invalidRows: errors.invalidRows, errors: errors.firstErrors, errorFileKey, operations };
}
