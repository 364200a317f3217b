// What the API and the worker share: the catalog, the file store and the strategies built on them.
// Both call openServices, so both know the same job types with the same dependencies.
import { openCatalog, type Catalog } from './catalog/database';
import { createProductWriterThread } from './catalog/product-writer-thread';
import type { Config } from './config';
import type { FileStore } from './files/file-store';
import { createLocalFileStore } from './files/local-file-store';
import { createDefaultRegistry } from './strategies';
import type { StrategyRegistry } from './strategies/registry';

export interface Services {
  catalog: Catalog;
  files: FileStore;
  strategies: StrategyRegistry;
  close(): Promise<void>;
}

export async function openServices(config: Config): Promise<Services> {
  const catalog = await openCatalog(config.catalogFile);
  const files = createLocalFileStore(config.files.dir);
  // Started by the first import only, so the API never starts it. A thread cannot share an
  // in-memory catalog, so that one is written in place.
  const productWriter = config.catalogFile === ':memory:' ? undefined : createProductWriterThread(config.catalogFile);
  const strategies = createDefaultRegistry({
    catalog,
    files,
    exportChunkSize: config.chunks.exportSize,
    importChunkSize: config.chunks.importSize,
    productWriter,
  });
  return {
    catalog,
    files,
    strategies,
    async close() {
      await productWriter?.close();
      await catalog.destroy();
    },
  };
}
