// The product writer thread (see product-writer-thread.ts): its own catalog connection, one chunk
// written per message, in the order they come.
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from './database';
import { writeProductRows } from './product-writer';
import type { WriterReply } from './product-writer-thread';
import type { ImportRow } from '../strategies/product-csv/import-rows';

async function main(): Promise<void> {
  const catalog = await openCatalog((workerData as { catalogFile: string }).catalogFile);
  parentPort!.on('message', async ({ id, rows, jobId }: { id: number; rows: ImportRow[]; jobId: string }) => {
    let reply: WriterReply = { id };
    try {
      await writeProductRows(catalog, rows, jobId);
    } catch (err) {
      reply = { id, error: err instanceof Error ? err.message : String(err) };
    }
    parentPort!.postMessage(reply);
  });
}

void main();
