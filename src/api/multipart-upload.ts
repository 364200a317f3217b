// Reads a multipart/form-data request with busboy and streams each file of one field straight
// into the file store: no file is ever held in memory whole, a file over the limit stops the
// upload at the first byte too many, and a failed request keeps none of its files.
import busboy from 'busboy';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ulid } from 'ulid';
import { formatByteSize } from '../byte-size';
import type { FileStore } from '../files/file-store';
import { ApiError, invalidData } from './http-errors';

export const UPLOAD_FIELD = 'files';

export interface StoredUpload {
  key: string;
  fileName: string;
  size: number;
}

/** Undoes the escaping of multipart/form-data (WHATWG HTML): browsers and fetch send `"`, CR and
 * LF in a file name as %22, %0D and %0A, which busboy leaves as they are. */
export const decodeFormFileName = (name: string | undefined) =>
  name?.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** A file name reduced to what is safe in a key and on any disk: `../My report (1).csv` → `My_report_1_.csv`. */
export function keySafeFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const safe = base
    // é → e, not e_
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+/, '')
    // the end, which holds the extension
    .slice(-100);
  return safe || 'file';
}

export const uploadKeyFor = (fileName: string) => `uploads/${ulid()}-${keySafeFileName(fileName)}`;

export async function receiveUploads(
  request: Request,
  options: { store: FileStore; owner: string; maxFileBytes: number; keyFor?: (fileName: string) => string },
): Promise<StoredUpload[]> {
  const { store, owner, maxFileBytes, keyFor = uploadKeyFor } = options;
  const contentType = request.headers.get('content-type') ?? '';
  const expected = `send multipart/form-data with one or more files in the field "${UPLOAD_FIELD}"`;
  if (!request.body || !/^multipart\/form-data\b/i.test(contentType)) {
    throw invalidData(`${UPLOAD_FIELD}: required; ${expected}`);
  }
  let parser: busboy.Busboy;
  try {
    // utf8: browsers and fetch send file names as raw UTF-8, not busboy's default latin1
    parser = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8' });
  } catch (err) {
    throw invalidData(`Malformed multipart body (${(err as Error).message}): ${expected}`);
  }
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);

  const uploads: StoredUpload[] = [];
  const writes: Promise<unknown>[] = [];
  let failure: unknown = null;
  let stopParsing!: () => void;
  const parsed = new Promise<void>((resolve) => {
    stopParsing = resolve;
  });

  const fail = (err: unknown) => {
    if (failure) return;
    failure = err;
    // Stop reading the request; the HTTP server drains or closes what the client still sends
    // after the answer, which is better than reading gigabytes only to refuse them.
    source.unpipe(parser);
    source.pause();
    parser.destroy();
    stopParsing();
  };

  async function* limited(stream: Readable, fileName: string): AsyncGenerator<Uint8Array> {
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxFileBytes) {
        const tooLarge = new ApiError(413, 'invalid_data', `File ${fileName} exceeds the upload limit of ${formatByteSize(maxFileBytes)}`);
        fail(tooLarge);
        throw tooLarge;
      }
      yield chunk;
    }
  }

  parser.on('file', (field, stream, info) => {
    // Destroying the parser (see fail) destroys the current file stream with an error; a stream
    // without a listener would make that an uncaught exception. Errors of the files we store still
    // reach put through the iteration in limited().
    stream.on('error', () => {});
    if (failure) {
      stream.resume();
      return;
    }
    if (field !== UPLOAD_FIELD) {
      stream.resume();
      fail(invalidData(`${field}: unexpected file field; ${expected}`));
      return;
    }
    const fileName = decodeFormFileName(info.filename) || 'file';
    const key = keyFor(fileName);
    const index = uploads.length;
    uploads.push({ key, fileName, size: -1 });
    writes.push(
      store.put(key, limited(stream, fileName), { owner, contentType: info.mimeType, fileName }).then(
        ({ size }) => {
          uploads[index] = { key, fileName, size };
        },
        (err: unknown) => fail(err),
      ),
    );
  });
  parser.on('error', (err: Error) => fail(invalidData(`Malformed multipart body (${err.message}): ${expected}`)));
  parser.on('close', () => stopParsing());
  source.on('error', (err) => fail(invalidData(`The upload was interrupted: ${err.message}`)));
  source.pipe(parser);

  await parsed;
  // Every file started is either stored or cleaned up (put removes its own partial file) before
  // we answer, so a refused request leaves nothing behind.
  await Promise.allSettled(writes);
  if (failure) {
    await Promise.allSettled(uploads.filter((u) => u.size >= 0).map((u) => store.delete(u.key)));
    throw failure;
  }
  if (uploads.length === 0) throw invalidData(`${UPLOAD_FIELD}: required; ${expected}`);
  return uploads;
}
