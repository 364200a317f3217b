// The catalog thread (see catalog-thread.ts): its own catalog connection, one task per message, one
// at a time in the order they come (tasks from chunks running at once would otherwise interleave at
// every await and hold all their pages in memory together).
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog, type Catalog } from '../catalog/database';
import { CATALOG_TASKS, type CatalogTaskName } from './catalog-tasks';
import type { CatalogTaskMessage, CatalogTaskReply } from './catalog-thread';

async function runTask(catalog: Catalog, { id, task, input }: CatalogTaskMessage): Promise<void> {
  try {
    if (!Object.hasOwn(CATALOG_TASKS, task)) throw new Error(`unknown catalog task ${task}`);
    const output: unknown = await (CATALOG_TASKS[task as CatalogTaskName] as (catalog: Catalog, input: unknown) => Promise<unknown>)(catalog, input);
    parentPort!.postMessage({ id, output } satisfies CatalogTaskReply);
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies CatalogTaskReply);
  }
}

async function main(): Promise<void> {
  const catalog = await openCatalog((workerData as { catalogFile: string }).catalogFile);
  let queue = Promise.resolve();
  parentPort!.on('message', (message: CatalogTaskMessage) => {
    queue = queue.then(() => runTask(catalog, message));
  });
}

void main();
