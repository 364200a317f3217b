// The shared shape of every CSV export: rows written in chunks, one part file per chunk and one
// checkpoint after it, then the parts assembled in order behind the header. A resumed attempt
// starts at the next chunk and the output is byte-identical to an uninterrupted run; memory holds
// one chunk at most.
import { Readable } from 'node:stream';
import type { BatchJob, BatchJobResult } from '../batch-job';
import type { FileStore } from '../files/file-store';
import { csvLines } from './csv-format';
import type { ProcessingContext } from './strategy';

export interface ExportCheckpoint<Cursor> {
  chunk: number;
  after: Cursor | null;
  exported: number;
}

export interface ChunkedExport<Cursor> {
  job: BatchJob;
  context: ProcessingContext<ExportCheckpoint<Cursor>>;
  files: FileStore;
  /** Units (products, orders) to export in all. */
  count: number;
  chunkSize: number;
  header: string[];
  /** Where the first chunk starts (e.g. after an offset); null for the beginning. */
  start: Cursor | null;
  /** The keys of the next units after `after`, in export order. */
  nextKeys(after: Cursor | null, limit: number): Promise<Cursor[]>;
  /** The CSV lines of these units, in order. */
  linesFor(keys: Cursor[]): Promise<string[][]>;
  fileKey: string;
  fileName: string;
}

export const exportFolder = (jobId: string) => `exports/${jobId}`;
const partKey = (jobId: string, chunk: number) => `${exportFolder(jobId)}/parts/${String(chunk).padStart(6, '0')}.csv`;

export async function runChunkedExport<Cursor>(plan: ChunkedExport<Cursor>): Promise<BatchJobResult> {
  const { job, context, files, count } = plan;
  const owner = job.created_by ?? 'system';
  let { chunk, after, exported } = context.checkpoint ?? { chunk: 0, after: plan.start, exported: 0 };

  while (exported < count) {
    context.throwIfCanceled();
    const keys = await plan.nextKeys(after, Math.min(plan.chunkSize, count - exported));
    if (keys.length === 0) break;
    const text = csvLines(await plan.linesFor(keys));
    await files.put(partKey(job.id, chunk), Readable.from([Buffer.from(text)]), { owner, contentType: 'text/csv' });
    chunk += 1;
    after = keys[keys.length - 1]!;
    exported += keys.length;
    await context.saveCheckpoint({ chunk, after, exported }, { count, advancement_count: exported });
  }

  context.throwIfCanceled();
  const parts = Array.from({ length: chunk }, (_, i) => partKey(job.id, i));
  const assembled = Readable.from(
    (async function* () {
      yield Buffer.from(csvLines([plan.header]));
      for (const part of parts) yield* (await files.get(part)) as AsyncIterable<Buffer>;
    })(),
  );
  const { size } = await files.put(plan.fileKey, assembled, { owner, contentType: 'text/csv', fileName: plan.fileName });
  for (const part of parts) await files.delete(part);
  return { count, advancement_count: exported, file_key: plan.fileKey, file_size: size };
}

/** After cancel: the parts written so far and the output, if it got that far. */
export async function removeExportOutput(files: FileStore, job: BatchJob, fileKey: string): Promise<void> {
  for (let chunk = 0; ; chunk++) {
    if (!(await files.delete(partKey(job.id, chunk)))) break;
  }
  await files.delete(fileKey);
}
