// The FileStore on a local folder (shared by the API and the workers when they share a disk).
//
//   <root>/uploads/01J...-products.csv     the object, at its key
//   <root>/uploads/.01J...-products.csv.json  its metadata (owner, content type, name, size, date)
//   <root>/.tmp/                           bodies being written
//
// Keys never have a segment starting with a dot (fileKeyProblem), so the sidecars and .tmp cannot
// collide with a key. A body is written to .tmp and renamed into place (same file system, so the
// rename is atomic): a reader sees the old file or the whole new one, never a part.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  assertValidFileKey,
  DEFAULT_CONTENT_TYPE,
  FileNotFoundError,
  InvalidFileKeyError,
  type FileInfo,
  type FileMeta,
  type FileStore,
} from './file-store';

const CONCAT_BUFFER_BYTES = 1024 * 1024;

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

async function removeIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return false;
    throw err;
  }
}

export function createLocalFileStore(rootDir: string): FileStore {
  const root = path.resolve(rootDir);
  const tmpDir = path.join(root, '.tmp');

  function locate(key: string): { object: string; sidecar: string } {
    assertValidFileKey(key);
    const object = path.join(root, ...key.split('/'));
    // Already guaranteed by the key rules; checked again because escaping the root is the one
    // thing this store must never do.
    if (!object.startsWith(root + path.sep)) throw new InvalidFileKeyError(key, 'it leads outside the store');
    return { object, sidecar: path.join(path.dirname(object), `.${path.basename(object)}.json`) };
  }

  /** Opens the object at `key` for reading. @throws FileNotFoundError */
  async function openObject(key: string): Promise<FileHandle> {
    const { object } = locate(key);
    try {
      return await open(object, 'r');
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new FileNotFoundError(key);
      throw err;
    }
  }

  /**
   * Writes a body to .tmp with `write`, then moves it and its sidecar into place at `key`: the one
   * way an object appears, so put and concat make files alike.
   */
  async function commit(key: string, meta: FileMeta, write: (tmpObject: string) => Promise<void>): Promise<{ key: string; size: number }> {
    const { object, sidecar } = locate(key);
    await mkdir(tmpDir, { recursive: true });
    const tmpObject = path.join(tmpDir, randomUUID());
    const tmpSidecar = `${tmpObject}.json`;
    try {
      await write(tmpObject);
      const { size } = await stat(tmpObject);
      const info: FileInfo = {
        key,
        size,
        owner: meta.owner,
        contentType: meta.contentType || DEFAULT_CONTENT_TYPE,
        fileName: meta.fileName || path.posix.basename(key),
        createdAt: new Date().toISOString(),
      };
      await writeFile(tmpSidecar, `${JSON.stringify(info)}\n`);
      await mkdir(path.dirname(object), { recursive: true });
      // The object first: until its sidecar lands, stat() answers null, so the file is not
      // offered to anyone before both are in place.
      await rename(tmpObject, object);
      await rename(tmpSidecar, sidecar);
      return { key, size };
    } catch (err) {
      await Promise.all([rm(tmpObject, { force: true }), rm(tmpSidecar, { force: true })]);
      const code = errorCode(err);
      // "uploads" when "uploads/x" exists, or the other way round.
      if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
        throw new InvalidFileKeyError(key, 'it collides with the path of another file');
      }
      throw err;
    }
  }

  return {
    put(key, body, meta) {
      return commit(key, meta, (tmpObject) => pipeline(body, createWriteStream(tmpObject, { flags: 'wx' })));
    },

    async concat(key, parts, meta) {
      // Every key is checked before anything is written; a missing part fails at its open, and
      // commit then removes what was written.
      for (const part of parts) locate(part);
      return commit(key, meta, async (tmpObject) => {
        const output = await open(tmpObject, 'wx');
        // One buffer for the whole copy, read and written by offset: no stream, no garbage per block.
        const buffer = Buffer.allocUnsafe(CONCAT_BUFFER_BYTES);
        let position = 0;
        try {
          for (const part of parts) {
            const input = await openObject(part);
            try {
              for (;;) {
                const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
                if (bytesRead === 0) break;
                for (let written = 0; written < bytesRead; ) {
                  written += (await output.write(buffer, written, bytesRead - written, position + written)).bytesWritten;
                }
                position += bytesRead;
              }
            } finally {
              await input.close();
            }
          }
        } finally {
          await output.close();
        }
      });
    },

    async get(key) {
      // Opened now, so a missing file fails here rather than in the middle of a response.
      return (await openObject(key)).createReadStream();
    },

    async stat(key) {
      const { sidecar } = locate(key);
      try {
        return JSON.parse(await readFile(sidecar, 'utf8')) as FileInfo;
      } catch (err) {
        if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return null;
        throw err;
      }
    },

    async delete(key) {
      const { object, sidecar } = locate(key);
      // The sidecar first, so the file stops being offered before its bytes go.
      const removedSidecar = await removeIfPresent(sidecar);
      const removedObject = await removeIfPresent(object);
      return removedSidecar || removedObject;
    },
  };
}
