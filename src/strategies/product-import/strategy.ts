// product-import: Medusa's product CSV into the catalog. Pre-processing validates every row and
// previews the work; processing streams the file again and writes it in chunks of rows, each one
// transaction and one checkpoint, so a resumed attempt starts at the next unwritten chunk.
import { z } from 'zod';
import type { Catalog } from '../../catalog/database';
import { runCatalogTasksInPlace, type CatalogTaskRunner } from '../../threads/catalog-tasks';
import { outcomeOf, runAhead, type RunningAhead } from '../../threads/running-ahead';
import type { FileStore } from '../../files/file-store';
import { parseContext } from '../context';
import { assertOwnUpload } from '../uploads';
import { MAX_RESULT_ERRORS } from '../../batch-job';
import { readCsv } from '../csv-reader';
import { BatchJobInputError } from '../errors';
import { FIXED_COLUMNS } from '../product-csv/columns';
import { readHeader, readRow, type CsvLayout, type ImportRow } from '../product-csv/import-rows';
import { csvLines } from '../csv-format';
import type { BatchJobStrategy } from '../strategy';
import { scanProductImport, type ImportOperations } from './scan';

export const ProductImportContext = z
  .object({
    fileKey: z.string().min(1),
    /** "fail" (Medusa's behaviour): nothing is written when any row is bad; "skip": good rows are. */
    on_error: z.enum(['fail', 'skip']).default('fail'),
  })
  .strict();

type ImportCheckpoint = { line: number; rows: number; imported: number };

export interface ProductImportDependencies {
  catalog: Catalog;
  files: FileStore;
  /** Rows per chunk (one transaction, one checkpoint). */
  chunkSize?: number;
  /** Where rows are looked up (pre-processing) and chunks written, one transaction each (the worker's catalog thread); in place, on `catalog`, when unset. */
  tasks?: CatalogTaskRunner;
}


/** The line numbers of an error file written by pre-processing, ascending. */
async function* lineNumbers(files: FileStore, key: string): AsyncGenerator<number, undefined> {
  let header = true;
  for await (const record of readCsv(files, key)) {
    if (header) {
      header = false;
      continue;
    }
    yield Number(record.cells[0]);
  }
  return undefined;
}

export const importDescriptor = (operations: ImportOperations) => ({
  key: 'product-import-count',
  name: 'Products/variants to import',
  message:
    `There will be ${operations.product.create} products created (${operations.product.update} updated).\n` +
    ` ${operations.variant.create} variants will be created and ${operations.variant.update} updated`,
});

export function createProductImportStrategy(deps: ProductImportDependencies): BatchJobStrategy<ImportCheckpoint> {
  const { catalog, files } = deps;
  const chunkSize = deps.chunkSize ?? 1000;
  const tasks = deps.tasks ?? runCatalogTasksInPlace(catalog);

  return {
    batchType: 'product-import',
    identifier: 'product-import-strategy',

    async prepareBatchJobForProcessing(input, request) {
      const context = parseContext(ProductImportContext, input.context);
      await assertOwnUpload(files, context.fileKey, request.userId);
      return { ...input, context };
    },

    async preProcessBatchJob(job, { signal }) {
      const context = parseContext(ProductImportContext, job.context);
      const scan = await scanProductImport({
        catalog,
        tasks,
        files,
        fileKey: context.fileKey,
        jobId: job.id,
        owner: job.created_by ?? 'system',
        // In "fail" mode one place is kept for the message that fails the job.
        maxErrors: context.on_error === 'fail' ? MAX_RESULT_ERRORS - 1 : MAX_RESULT_ERRORS,
        signal,
      });
      const result = {
        count: scan.rows,
        advancement_count: 0,
        operations: scan.operations,
        invalid_rows: scan.invalidRows,
        ...(scan.errorFileKey ? { errors: scan.errors, error_file_key: scan.errorFileKey } : {}),
        stat_descriptors: [importDescriptor(scan.operations)],
      };
      if (scan.invalidRows > 0 && context.on_error === 'fail') {
        throw new BatchJobInputError(
          `${scan.invalidRows} of ${scan.rows} rows are invalid, so nothing was imported; every error is in ${scan.errorFileKey} (or import with on_error "skip")`,
          { result },
        );
      }
      return result;
    },

    async processJob(job, context) {
      const { fileKey } = parseContext(ProductImportContext, job.context);
      const count = (job.result?.count as number | undefined) ?? 0;
      // Pre-processing decided which rows are bad; its error file lists them in line order, so it
      // is read alongside the import (a merge, in flat memory) and those rows are skipped.
      const errorFileKey = job.result?.error_file_key as string | undefined;
      const badLines = errorFileKey ? lineNumbers(files, errorFileKey) : null;
      let nextBadLine = (await badLines?.next())?.value ?? Infinity;
      const regions = new Set((await catalog.selectFrom('region').select('name').execute()).map((r) => r.name));
      let { line: doneThrough, rows, imported } = context.checkpoint ?? { line: 1, rows: 0, imported: 0 };
      let layout: CsvLayout | null = null;
      let chunk: ImportRow[] = [];
      let chunkRows = 0;
      let lastLine = doneThrough;

      // The chunk being written while the next one is read: reading (here) and writing (on the
      // catalog thread) overlap, one chunk apart. Its checkpoint is saved once its write is done.
      let writing: RunningAhead<ImportCheckpoint> | null = null;
      const checkpointWritten = async () => {
        if (!writing) return;
        const written = await outcomeOf(writing);
        writing = null;
        ({ line: doneThrough, rows, imported } = written);
        await context.saveCheckpoint(written, { count, advancement_count: rows, imported_rows: imported });
      };
      const flush = async () => {
        if (chunkRows === 0) return;
        // One write at a time: the previous chunk's is done and checkpointed before this one starts.
        await checkpointWritten();
        const written = { line: lastLine, rows: rows + chunkRows, imported: imported + chunk.length };
        writing = runAhead(tasks.run('writeProductRows', { rows: chunk, jobId: job.id }).then(() => written));
        chunk = [];
        chunkRows = 0;
      };

      try {
        for await (const record of readCsv(files, fileKey)) {
          if (!layout) {
            layout = readHeader(record.cells);
            continue;
          }
          while (nextBadLine < record.line) nextBadLine = (await badLines!.next()).value ?? Infinity;
          if (record.line <= doneThrough) continue; // written by an earlier attempt
          context.throwIfCanceled();
          if (record.line !== nextBadLine) {
            const read = readRow(layout, record.line, record.cells, regions);
            if ('errors' in read) throw new BatchJobInputError(`Line ${record.line} no longer reads as it did when pre-processed: ${read.errors[0]!.message}`);
            chunk.push(read.row);
          }
          chunkRows += 1;
          lastLine = record.line;
          if (chunkRows >= chunkSize) await flush();
        }
        await flush();
        await checkpointWritten();
      } finally {
        // Leaving early (cancel, an error, the slice's end): the write in flight finishes before
        // the attempt ends, so no write outlives its activity; the next attempt resumes after the
        // last checkpoint and writes that chunk again (writes are upserts).
        await writing;
      }
      return { count, advancement_count: rows, imported_rows: imported, skipped_rows: rows - imported };
    },

    buildTemplate: () => csvLines([[...FIXED_COLUMNS.map((c) => c.header), 'Price EUR', 'Option 1 Name', 'Option 1 Value', 'Image 1 Url']]),
  };
}
