// The strategies this service runs. The API and the worker both call createDefaultRegistry(), so
// they always agree on the known types. Add your own here (see README, "Writing a strategy");
// registering a batchType again replaces the earlier strategy, which is how a built-in is overridden.
import { noopStrategy } from './noop';
import { createStrategyRegistry, type StrategyRegistry } from './registry';

export function createDefaultRegistry(): StrategyRegistry {
  return createStrategyRegistry([noopStrategy]);
}
