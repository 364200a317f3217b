// The strategies this service runs. The API and the worker both call createDefaultRegistry(), so
// they always agree on the known types. Add your own here (see README, "Writing a strategy");
// registering a batchType again replaces the earlier strategy, which is how a built-in is overridden.
import type { Catalog } from '../catalog/database';
import type { CatalogTaskRunner } from '../threads/catalog-tasks';
import type { FileStore } from '../files/file-store';
import { noopStrategy } from './noop';
import { createOrderExportStrategy } from './order-export/strategy';
import { createPriceListImportStrategy } from './price-list-import/strategy';
import { createProductExportStrategy } from './product-export/strategy';
import { createProductImportStrategy } from './product-import/strategy';
import { createStrategyRegistry, type StrategyRegistry } from './registry';

export interface StrategyDependencies {
  catalog: Catalog;
  files: FileStore;
  exportChunkSize?: number;
  importChunkSize?: number;
  /** Where product-import looks rows up and writes its chunks, and exports read and format their pages (the worker's catalog thread); in place, on `catalog`, when unset. */
  catalogTasks?: CatalogTaskRunner;
}

export function builtInStrategies(deps: StrategyDependencies) {
  const { catalog, files, catalogTasks: tasks } = deps;
  return [
    noopStrategy,
    createProductExportStrategy({ catalog, files, chunkSize: deps.exportChunkSize, tasks }),
    createProductImportStrategy({ catalog, files, chunkSize: deps.importChunkSize, tasks }),
    createPriceListImportStrategy({ catalog, files, chunkSize: deps.importChunkSize }),
    createOrderExportStrategy({ catalog, files, chunkSize: deps.exportChunkSize, tasks }),
  ];
}

export function createDefaultRegistry(deps: StrategyDependencies): StrategyRegistry {
  return createStrategyRegistry(builtInStrategies(deps));
}
