// Streams an uploaded CSV as records with their line numbers: `;` or `,` (detected from the
// header), a UTF-8 BOM, `\r\n` or `\n`, quoted line breaks. Invalid UTF-8, an unclosed quote or
// an oversized row end the read with a BatchJobInputError naming the line.
import { Transform, type TransformCallback } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { FileStore } from '../files/file-store';
import { BatchJobInputError } from './errors';

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  cells: string[];
}

const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** Refuses bytes that are not UTF-8 instead of letting them become U+FFFD silently. */
function utf8Validator(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        callback(new BatchJobInputError(`The file is not valid UTF-8 (near byte ${offset}); save it as UTF-8 and upload it again`));
        return;
      }
      offset += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      try {
        decoder.decode();
        callback();
      } catch {
        callback(new BatchJobInputError('The file is not valid UTF-8 (it ends inside a character)'));
      }
    },
  });
}

/** `;` when the header line has more of them than `,` (Medusa writes `;`), else `,`. */
async function detectDelimiter(files: FileStore, key: string): Promise<string> {
  const stream = await files.get(key);
  let head = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    head += chunk.toString('utf8');
    if (head.includes('\n') || head.length > 64 * 1024) break;
  }
  (stream as unknown as { destroy?: () => void }).destroy?.();
  const header = head.split('\n')[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export async function* readCsv(files: FileStore, key: string): AsyncGenerator<CsvRecord> {
  const delimiter = await detectDelimiter(files, key);
  const source = await files.get(key);
  // Both line ends, even mixed in one file (csv-parse would otherwise keep to the first it meets).
  const parser = parse({ delimiter, record_delimiter: ['\r\n', '\n'], bom: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES, info: true });
  const validated = (source as NodeJS.ReadableStream & { pipe: typeof Transform.prototype.pipe }).pipe(utf8Validator());
  validated.on('error', (err) => parser.destroy(err));
  validated.pipe(parser);
  let nextLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; records: number } }>) {
      const line = nextLine;
      nextLine = info.lines + 1;
      if (record.length === 1 && record[0] === '') continue; // an empty line
      // A buffered parser and synchronous SQLite can keep a consumer in microtasks for seconds,
      // starving the heartbeat timer (and so cancel); every few hundred records, let the loop turn.
      if (info.records % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
      yield { line, cells: record };
    }
  } catch (err) {
    if (err instanceof BatchJobInputError) throw err;
    if (err instanceof CsvError) {
      const where = (err as CsvError & { lines?: number }).lines;
      throw new BatchJobInputError(`The csv file parsing failed due to: ${err.message}${where ? ` (line ${where})` : ''}`);
    }
    throw err;
  } finally {
    (source as unknown as { destroy?: () => void }).destroy?.();
  }
}
