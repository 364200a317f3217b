// A worker in its own process, so a test can SIGKILL it mid-job. Env: TEMPORAL_ADDRESS,
// TASK_QUEUE, WORKFLOW_BUNDLE; with CATALOG_FILE and FILES_DIR also the built-in strategies on that
// catalog and file store (EXPORT_CHUNK_SIZE, IMPORT_CHUNK_SIZE), catalog work done by a catalog
// thread as in the real worker. Prints "ready" once polling.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openCatalog } from '../../src/catalog/database';
import { createCatalogThread } from '../../src/threads/catalog-thread';
import { createEventBus } from '../../src/events/event-bus';
import { createLocalFileStore } from '../../src/files/local-file-store';
import { builtInStrategies } from '../../src/strategies';
import { createStrategyRegistry } from '../../src/strategies/registry';
import { createBatchJobWorker } from '../../src/worker';
import { testUnitsStrategy } from './test-strategies';

async function builtIns() {
  const { CATALOG_FILE, FILES_DIR, EXPORT_CHUNK_SIZE, IMPORT_CHUNK_SIZE } = process.env;
  if (!CATALOG_FILE || !FILES_DIR) return [];
  return builtInStrategies({
    catalog: await openCatalog(CATALOG_FILE),
    files: createLocalFileStore(FILES_DIR),
    exportChunkSize: EXPORT_CHUNK_SIZE ? Number(EXPORT_CHUNK_SIZE) : undefined,
    importChunkSize: IMPORT_CHUNK_SIZE ? Number(IMPORT_CHUNK_SIZE) : undefined,
    // As the real worker does (src/services.ts), so the crash tests kill a working thread too.
    catalogTasks: createCatalogThread(CATALOG_FILE),
  });
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const address = process.env.TEMPORAL_ADDRESS!;
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const worker = await createBatchJobWorker({
    connection,
    client,
    namespace: 'default',
    taskQueue: process.env.TASK_QUEUE!,
    strategies: createStrategyRegistry([testUnitsStrategy, ...(await builtIns())]),
    events: createEventBus(),
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE! },
  });
  const running = worker.run();
  console.log('ready');
  await running;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
