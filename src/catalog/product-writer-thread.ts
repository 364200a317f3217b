// Writes imported product rows on a thread of its own (product-writer-thread-main.ts), one chunk per
// message, awaited: the caller still writes one chunk at a time, only somewhere else.
//
// Why a thread: Temporal runs activities inside an AsyncLocalStorage, and on Node 20 that puts a
// promise hook on every promise in the worker process. An import's writes make dozens of promises
// per row (Kysely), and the hook slowed the same raw import by ~18 % when measured side by side.
// The thread has no AsyncLocalStorage, so its promises pay nothing; the worker's own event loop
// also stays free for heartbeats and workflow tasks while a chunk is written.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportRow } from '../strategies/product-csv/import-rows';

export interface ProductRowWriter {
  /** Writes one chunk in one transaction (writeProductRows); rejects with the thread's error message. */
  write(rows: ImportRow[], jobId: string): Promise<void>;
  /** Stops the thread, if it was started. */
  close(): Promise<void>;
}

/** What the thread answers to a chunk: nothing when written, else why not. */
export type WriterReply = { id: number; error?: string };

// The thread's script sits beside this file in its own form: TypeScript under tsx (tests), the
// compiled JavaScript in dist/ (`npm start`).
const RUNNING_TYPESCRIPT = __filename.endsWith('.ts');
const THREAD_SCRIPT = path.join(__dirname, RUNNING_TYPESCRIPT ? 'product-writer-thread-main.ts' : 'product-writer-thread-main.js');

/** Starts the thread at the first write, on its own connection to `catalogFile`. */
export function createProductWriterThread(catalogFile: string): ProductRowWriter {
  let thread: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  function start(): Worker {
    const started = RUNNING_TYPESCRIPT
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(THREAD_SCRIPT)});`, { eval: true, workerData: { catalogFile } })
      : new Worker(THREAD_SCRIPT, { workerData: { catalogFile } });
    // An idle writer never keeps the process alive.
    started.unref();
    started.on('message', ({ id, error }: WriterReply) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(error));
    });
    const failAll = (err: Error) => {
      thread = null;
      for (const waiting of pending.values()) waiting.reject(err);
      pending.clear();
    };
    started.on('error', failAll);
    started.on('exit', (code) => failAll(new Error(`the product writer thread exited with code ${code}`)));
    return started;
  }

  return {
    write(rows, jobId) {
      thread ??= start();
      const id = nextId++;
      const written = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      thread.postMessage({ id, rows, jobId });
      return written;
    },
    async close() {
      const running = thread;
      thread = null;
      if (running) await running.terminate();
    },
  };
}
