// Runs catalog tasks (catalog-tasks.ts) on a thread of its own (catalog-thread-main.ts) with its own
// connection: an import's row lookups and chunk writes, and an export's pages (read and turned
// into lines; the caller formats them as CSV). A job has one task in flight, or two while its import scan reads a
// batch ahead, so memory holds a page or a chunk or two per job while its own thread gets the next
// one ready.
//
// Why a thread: Temporal runs activities inside an AsyncLocalStorage, and on Node 20 that puts a
// promise hook on every promise in the worker process. Catalog work makes dozens of promises per
// row (Kysely): measured side by side, the hook slowed the same raw import by ~18 %. The thread has
// no AsyncLocalStorage, so its promises pay nothing; its heap holds only the pages in flight, so
// its garbage collections stay cheap; and the worker's own event loop stays free for heartbeats and
// workflow tasks.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CatalogTaskRunner } from './catalog-tasks';

/** A task sent to the thread. */
export type CatalogTaskMessage = { id: number; task: string; input: unknown };
/** What the thread answers: the task's output, or why it failed. */
export type CatalogTaskReply = { id: number; output?: unknown; error?: string };

// The thread's script sits beside this file in its own form: TypeScript under tsx (tests), the
// compiled JavaScript in dist/ (`npm start`).
const RUNNING_TYPESCRIPT = __filename.endsWith('.ts');
const THREAD_SCRIPT = path.join(__dirname, RUNNING_TYPESCRIPT ? 'catalog-thread-main.ts' : 'catalog-thread-main.js');

type Pending = Map<number, { resolve: (output: any) => void; reject: (err: Error) => void }>;

/** Starts the thread at the first task, on its own connection to `catalogFile`. */
export function createCatalogThread(catalogFile: string): CatalogTaskRunner {
  // Each thread keeps its own tasks in flight: a dead thread's late `exit` fails only its own, not
  // those of the thread started after its `error`.
  let thread: { worker: Worker; pending: Pending } | null = null;
  let nextId = 1;

  function start(): { worker: Worker; pending: Pending } {
    const worker = RUNNING_TYPESCRIPT
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(THREAD_SCRIPT)});`, { eval: true, workerData: { catalogFile } })
      : new Worker(THREAD_SCRIPT, { workerData: { catalogFile } });
    const started = { worker, pending: new Map() as Pending };
    // An idle thread never keeps the process alive.
    worker.unref();
    worker.on('message', ({ id, output, error }: CatalogTaskReply) => {
      const waiting = started.pending.get(id);
      started.pending.delete(id);
      if (error === undefined) waiting?.resolve(output);
      else waiting?.reject(new Error(error));
    });
    // A task in flight when the thread dies fails (its activity retries); the next task starts a new thread.
    const failAll = (err: Error) => {
      if (thread === started) thread = null;
      for (const waiting of started.pending.values()) waiting.reject(err);
      started.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the catalog thread exited with code ${code}`)));
    return started;
  }

  return {
    run(task, input) {
      thread ??= start();
      const id = nextId++;
      const { worker, pending } = thread;
      const done = new Promise<any>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, task, input } satisfies CatalogTaskMessage);
      return done;
    },
    async close() {
      const running = thread;
      thread = null;
      if (running) await running.worker.terminate();
    },
  };
}
