// Collects an import's row errors: the first ones for `result.errors`, all of them streamed to an
// error CSV (Line;Column;Error) in the file store, so nothing is held in memory past the first.
import { PassThrough } from 'node:stream';
import type { FileStore } from '../files/file-store';
import { csvLines } from './csv-format';

export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

export const formatRowError = (e: RowError) => `Line ${e.line}${e.column ? `, column '${e.column}'` : ''}: ${e.message}`;

export interface RowErrorReport {
  /** Records the errors of one bad row. */
  add(errors: RowError[]): void;
  readonly invalidRows: number;
  readonly firstErrors: string[];
  /** Finishes the error file; its key, or null when no row was bad. */
  close(): Promise<string | null>;
}

export function createRowErrorReport(options: { files: FileStore; key: string; owner: string; maxErrors: number }): RowErrorReport {
  let stream: PassThrough | null = null;
  let upload: Promise<unknown> | null = null;
  let invalidRows = 0;
  const firstErrors: string[] = [];
  return {
    get invalidRows() {
      return invalidRows;
    },
    firstErrors,
    add(errors) {
      invalidRows += 1;
      if (!stream) {
        stream = new PassThrough();
        upload = options.files.put(options.key, stream, { owner: options.owner, contentType: 'text/csv', fileName: 'import-errors.csv' });
        stream.write(csvLines([['Line', 'Column', 'Error']]));
      }
      for (const error of errors) {
        if (firstErrors.length < options.maxErrors) firstErrors.push(formatRowError(error));
        stream.write(csvLines([[String(error.line), error.column ?? '', error.message]]));
      }
    },
    async close() {
      if (!stream) return null;
      stream.end();
      await upload;
      return options.key;
    },
  };
}
