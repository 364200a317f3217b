// The strategy registry. The API and the worker build it with the same function
// (createDefaultRegistry in ./index.ts), so a type the API accepts is always one the worker runs.
import { UnknownBatchJobTypeError } from './errors';
import type { BatchJobStrategy } from './strategy';

export interface StrategyRegistry {
  /** Registers a strategy; a later registration for the same batchType replaces the earlier one. */
  register(strategy: BatchJobStrategy<any>): StrategyRegistry;
  /** The strategy for a type, or throws UnknownBatchJobTypeError naming the known types. */
  get(type: string): BatchJobStrategy<unknown>;
  has(type: string): boolean;
  types(): string[];
}

export function createStrategyRegistry(strategies: BatchJobStrategy<any>[] = []): StrategyRegistry {
  const byType = new Map<string, BatchJobStrategy<unknown>>();
  const registry: StrategyRegistry = {
    register(strategy) {
      if (!strategy.processJob === !strategy.chunks) {
        throw new Error(`Strategy ${strategy.identifier} (${strategy.batchType}) must give exactly one of processJob and chunks`);
      }
      byType.set(strategy.batchType, strategy);
      return registry;
    },
    get(type) {
      const strategy = byType.get(type);
      if (!strategy) throw new UnknownBatchJobTypeError(type, registry.types());
      return strategy;
    },
    has: (type) => byType.has(type),
    types: () => [...byType.keys()].sort(),
  };
  for (const strategy of strategies) registry.register(strategy);
  return registry;
}
