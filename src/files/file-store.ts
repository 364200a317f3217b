// Where uploads and export output live. An interface, so an S3 store can replace the local one
// (src/files/local-file-store.ts) without touching the routes or the strategies.

export interface FileMeta {
  /** The user allowed to presign and delete the file: the uploader, or an export job's creator. */
  owner: string;
  contentType?: string;
  /** The name a download is saved under; the key's last segment when unset. */
  fileName?: string;
}

export interface FileInfo {
  key: string;
  size: number;
  owner: string;
  contentType: string;
  fileName: string;
  /** ISO date. */
  createdAt: string;
}

export interface FileStore {
  /** Streams the body in (never buffered whole) and makes it visible only once complete; replaces
   * an existing file with the same key. When the body fails, nothing is kept. */
  put(key: string, body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, meta: FileMeta): Promise<{ key: string; size: number }>;
  /**
   * Writes `key` as the bodies of `parts` one after another, visible only once complete (as put);
   * the parts stay. A store that can join objects without moving their bytes should (S3: a
   * multipart upload of part copies; GCS: compose). @throws FileNotFoundError for a missing part
   */
  concat(key: string, parts: string[], meta: FileMeta): Promise<{ key: string; size: number }>;
  /** @throws FileNotFoundError */
  get(key: string): Promise<NodeJS.ReadableStream>;
  stat(key: string): Promise<FileInfo | null>;
  /** True when there was something to delete. */
  delete(key: string): Promise<boolean>;
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export class FileNotFoundError extends Error {
  override readonly name = 'FileNotFoundError';
  constructor(readonly key: string) {
    super(`File ${key} was not found`);
  }
}

export class InvalidFileKeyError extends Error {
  override readonly name = 'InvalidFileKeyError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`"${key.slice(0, 200)}" is not a valid file key: ${reason}`);
  }
}

const MAX_KEY_LENGTH = 1024;
/** Leaves room under the usual 255-byte file name limit for a store's own suffixes. */
const MAX_SEGMENT_BYTES = 200;

/**
 * Why a key is refused, or null when it is fine. A key is a relative path of `/`-separated
 * segments, like `uploads/01J...-products.csv`: nothing in it can lead outside a store's root, and
 * no segment starts with a dot, so names a store keeps for itself (temp files, metadata) never
 * collide with a key.
 */
export function fileKeyProblem(key: string): string | null {
  if (key.length === 0) return 'it is empty';
  if (key.length > MAX_KEY_LENGTH) return `it is longer than ${MAX_KEY_LENGTH} characters`;
  if (key.includes('\0')) return 'it contains a NUL character';
  if (key.includes('\\')) return 'it contains a backslash';
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) return 'it is an absolute path';
  if (key.includes('..')) return 'it contains ".."';
  for (const segment of key.split('/')) {
    if (segment === '') return 'it has an empty path segment';
    if (segment.startsWith('.')) return `its segment "${segment}" starts with a dot`;
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return null;
}

export function assertValidFileKey(key: string): void {
  const problem = fileKeyProblem(key);
  if (problem) throw new InvalidFileKeyError(key, problem);
}
