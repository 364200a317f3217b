// Strategies for the tests. `test-units` does `units` units of `unit_ms`; its context can make it
// fail, write partial output, and log every unit it executes, so tests can see what really ran.
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchJobInputError } from '../../src/strategies/errors';
import type { BatchJobStrategy } from '../../src/strategies/strategy';

export interface TestUnitsContext {
  units: number;
  unit_ms?: number;
  pre_process_ms?: number;
  /** Fail at this unit: 'transient' (retried) or 'input' (not retried). */
  fail_at?: number;
  fail_kind?: 'transient' | 'input';
  /** Fail only on attempts up to this number (default: every attempt). */
  fail_attempts?: number;
  /** Fail while this file exists (a fault a person can fix before resetting). */
  fail_while_file?: string;
  pre_process_fail?: 'transient' | 'input';
  /**
   * The units' effect, one line per unit: `<unit> <attempt> <pid>`. Written idempotently (a unit
   * already there is not written again), as a real strategy's chunk writes must be.
   */
  executions_file?: string;
  /** One line per processing attempt: `<checkpoint it started from> <attempt> <pid>`. */
  starts_file?: string;
  /** Partial output the strategy's clean-up must remove on cancel. */
  output_file?: string;
}

type Checkpoint = { next: number };

const ctx = (job: { context: Record<string, unknown> }) => job.context as unknown as TestUnitsContext;

export function readExecutions(file: string): { unit: number; attempt: number; pid: number }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [unit, attempt, pid] = line.split(' ').map(Number);
      return { unit: unit!, attempt: attempt!, pid: pid! };
    });
}

export const testUnitsStrategy: BatchJobStrategy<Checkpoint> = {
  batchType: 'test-units',
  identifier: 'test-units',
  prepareBatchJobForProcessing(input) {
    if (typeof input.context.units !== 'number') throw new BatchJobInputError('context.units must be a number');
    return input;
  },
  async preProcessBatchJob(job, { signal }) {
    const context = ctx(job);
    if (context.pre_process_ms) await sleep(context.pre_process_ms, undefined, { signal });
    if (context.pre_process_fail === 'input') throw new BatchJobInputError('pre-processing found bad input');
    if (context.pre_process_fail === 'transient') throw new Error('pre-processing met a transient fault');
    return {
      count: context.units,
      advancement_count: 0,
      stat_descriptors: [{ key: 'test-units-count', name: 'Units', message: `There will be ${context.units} units` }],
    };
  },
  async processJob(job, context) {
    const options = ctx(job);
    if (options.output_file && !existsSync(options.output_file)) writeFileSync(options.output_file, 'partial\n');
    if (options.starts_file) appendFileSync(options.starts_file, `${context.checkpoint?.next ?? 0} ${context.attempt} ${process.pid}\n`);
    const done = new Set(options.executions_file ? readExecutions(options.executions_file).map((e) => e.unit) : []);
    for (let unit = context.checkpoint?.next ?? 0; unit < options.units; unit++) {
      if (options.unit_ms) await sleep(options.unit_ms, undefined, { signal: context.signal });
      context.throwIfCanceled();
      const failsNow =
        unit === options.fail_at &&
        context.attempt <= (options.fail_attempts ?? Infinity) &&
        (!options.fail_while_file || existsSync(options.fail_while_file));
      if (failsNow) {
        if (options.fail_kind === 'input') throw new BatchJobInputError(`unit ${unit} is bad input`);
        throw new Error(`transient fault at unit ${unit}`);
      }
      if (options.executions_file && !done.has(unit)) appendFileSync(options.executions_file, `${unit} ${context.attempt} ${process.pid}\n`);
      if (options.output_file) appendFileSync(options.output_file, `${unit}\n`);
      await context.saveCheckpoint({ next: unit + 1 }, { count: options.units, advancement_count: unit + 1 });
    }
    return { count: options.units, advancement_count: options.units, finished_by: 'test-units' };
  },
  async cleanUp(job) {
    const { output_file } = ctx(job);
    if (output_file) rmSync(output_file, { force: true });
  },
};
