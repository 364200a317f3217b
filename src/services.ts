// What the API and the worker share: the catalog, the file store and the strategies built on them.
// Both call openServices, so both know the same job types with the same dependencies.
import { openCatalog, type Catalog } from './catalog/database';
import type { Config } from './config';
import type { FileStore } from './files/file-store';
import { createLocalFileStore } from './files/local-file-store';
import { createDefaultRegistry } from './strategies';
import type { StrategyRegistry } from './strategies/registry';
import { createCatalogThread } from './threads/catalog-thread';
import { runCatalogTasksInPlace } from './threads/catalog-tasks';

export interface Services {
  catalog: Catalog;
  files: FileStore;
  strategies: StrategyRegistry;
  close(): Promise<void>;
}

export async function openServices(config: Config): Promise<Services> {
  const catalog = await openCatalog(config.catalogFile);
  const files = createLocalFileStore(config.files.dir);
  // Started by the first import or export only, so the API never starts it. A thread cannot share
  // an in-memory catalog, so that one is worked on in place.
  const catalogTasks = config.catalogFile === ':memory:' ? runCatalogTasksInPlace(catalog) : createCatalogThread(config.catalogFile);
  const strategies = createDefaultRegistry({
    catalog,
    files,
    exportChunkSize: config.chunks.exportSize,
    importChunkSize: config.chunks.importSize,
    catalogTasks,
  });
  return {
    catalog,
    files,
    strategies,
    async close() {
      await catalogTasks.close();
      await catalog.destroy();
    },
  };
}
