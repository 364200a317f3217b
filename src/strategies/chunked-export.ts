// The shared shape of every CSV export, as chunked work: chunk i writes the lines of units
// [i·size, (i+1)·size) to its own part file (so chunks may run at once, on any workers, and again
// after a crash); `finish` assembles the parts in order behind the header. The output is
// byte-identical however the chunks ran; memory holds one chunk at most.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { BatchJob, BatchJobResult } from '../batch-job';
import type { FileStore } from '../files/file-store';
import { csvLines } from './csv-format';
import type { ChunkedWork } from './strategy';

export interface ExportPlan<Cursor> {
  /** Units (products, orders) to export in all, as pre-processing counted them. */
  count: number;
  chunkSize: number;
  header: string[];
  /** The key just before unit `position` of the export (null for position 0). */
  keyBefore(position: number): Promise<Cursor | null>;
  /** The keys of the next units after `after`, in export order. */
  nextKeys(after: Cursor | null, limit: number): Promise<Cursor[]>;
  /** The CSV lines of these units, in order. */
  linesFor(keys: Cursor[]): Promise<string[][]>;
  fileKey: string;
  fileName: string;
}

/** Medusa's list options in an export's context. */
export const EXPORT_LIST_CONFIG = {
  /** The number of units to export at most. */
  batch_size: z.number().int().positive().optional(),
  /** Medusa's page size; here it only bounds the chunk size. */
  limit: z.number().int().positive().optional(),
  offset: z.number().int().min(0).default(0),
  /** Exports run oldest first (created_at, then id), the only order keyset paging here serves. */
  order: z.enum(['created_at']).optional(),
  // Accepted for Medusa's admin client; an export always carries every column.
  fields: z.string().optional(),
  expand: z.string().optional(),
};

export const exportFolder = (jobId: string) => `exports/${jobId}`;
const partKey = (jobId: string, chunk: number) => `${exportFolder(jobId)}/parts/${String(chunk).padStart(6, '0')}.csv`;
const chunkCount = (count: number, size: number) => Math.ceil(count / size);

/** The result keys an export's pre-processing adds so every chunk agrees on the plan. */
export const exportPlanResult = (count: number, chunkSize: number): BatchJobResult => ({ count, advancement_count: 0, chunk_size: chunkSize });

export function chunkedExport<Cursor>(files: FileStore, planFor: (job: BatchJob) => ExportPlan<Cursor> | Promise<ExportPlan<Cursor>>): ChunkedWork {
  return {
    count(job) {
      const count = Number(job.result?.count ?? 0);
      return chunkCount(count, Number(job.result?.chunk_size ?? 1));
    },

    async process(job, index, context) {
      const plan = await planFor(job);
      const first = index * plan.chunkSize;
      const keys = await plan.nextKeys(await plan.keyBefore(first), Math.min(plan.chunkSize, plan.count - first));
      if (context.signal.aborted) throw context.signal.reason;
      const text = csvLines(await plan.linesFor(keys));
      await files.put(partKey(job.id, index), Readable.from([Buffer.from(text)]), { owner: job.created_by ?? 'system', contentType: 'text/csv' });
      return keys.length;
    },

    async finish(job) {
      const plan = await planFor(job);
      const parts = Array.from({ length: chunkCount(plan.count, plan.chunkSize) }, (_, i) => partKey(job.id, i));
      // Run again after a crash between assembling and tidying up: the output is whole, and parts
      // are only ever deleted after it was written; finish the tidying.
      const output = await files.stat(plan.fileKey);
      if (output && parts.length > 0 && !(await files.stat(parts[0]!))) {
        for (const part of parts) await files.delete(part);
        return { advancement_count: plan.count, file_key: plan.fileKey, file_size: output.size };
      }
      const assembled = Readable.from(
        (async function* () {
          yield Buffer.from(csvLines([plan.header]));
          for (const part of parts) yield* (await files.get(part)) as AsyncIterable<Buffer>;
        })(),
      );
      const { size } = await files.put(plan.fileKey, assembled, { owner: job.created_by ?? 'system', contentType: 'text/csv', fileName: plan.fileName });
      for (const part of parts) await files.delete(part);
      return { advancement_count: plan.count, file_key: plan.fileKey, file_size: size };
    },
  };
}

/** After cancel: the parts written so far and the output, if it got that far. */
export async function removeExportOutput(files: FileStore, job: BatchJob, fileKey: string): Promise<void> {
  const total = chunkCount(Number(job.result?.count ?? 0), Number(job.result?.chunk_size ?? 1));
  for (let chunk = 0; chunk < total; chunk++) await files.delete(partKey(job.id, chunk));
  await files.delete(fileKey);
}
