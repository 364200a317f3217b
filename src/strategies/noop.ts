// A strategy that does no real work: `context.units` units, `context.unit_ms` each. It shows the
// whole contract in a few lines (README: "Writing a strategy") and serves benchmarks of overhead.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { BatchJobInputError } from './errors';
import type { BatchJobStrategy } from './strategy';

const NoopContext = z
  .object({
    units: z.number().int().min(0).max(1_000_000_000).default(0),
    unit_ms: z.number().int().min(0).max(60_000).default(0),
  })
  .strict();

/** Checkpoint: the next unit to do. */
type NoopCheckpoint = { next: number };

export const noopStrategy: BatchJobStrategy<NoopCheckpoint> = {
  batchType: 'noop',
  identifier: 'noop-strategy',

  prepareBatchJobForProcessing(input) {
    const parsed = NoopContext.safeParse(input.context);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BatchJobInputError(`context.${issue.path.join('.') || issue.code}: ${issue.message}`);
    }
    return { ...input, context: parsed.data };
  },

  async preProcessBatchJob(job) {
    const { units } = NoopContext.parse(job.context);
    return {
      count: units,
      advancement_count: 0,
      stat_descriptors: [{ key: 'noop-count', name: 'Units to process', message: `There will be ${units} units processed` }],
    };
  },

  async processJob(job, context) {
    const { units, unit_ms } = NoopContext.parse(job.context);
    for (let unit = context.checkpoint?.next ?? 0; unit < units; unit++) {
      if (unit_ms > 0) await sleep(unit_ms, undefined, { signal: context.signal });
      context.throwIfCanceled();
      // Checkpoint every 100 units (and at the end): the cost of a checkpoint is one round trip.
      const advancement_count = unit + 1;
      if (advancement_count % 100 === 0 || advancement_count === units) {
        await context.saveCheckpoint({ next: advancement_count }, { count: units, advancement_count });
      } else {
        context.progress({ count: units, advancement_count });
      }
    }
    return { count: units, advancement_count: units };
  },

  buildTemplate: () => '',
};
