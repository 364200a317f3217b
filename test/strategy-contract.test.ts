// The contract every strategy keeps, run over every built-in (add yours to `strategies`): a job
// type, one form of work, a context it validates naming the field, a template when it has one.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../src/catalog/database';
import { createLocalFileStore } from '../src/files/local-file-store';
import { builtInStrategies } from '../src/strategies';
import { BatchJobInputError } from '../src/strategies/errors';
import { createStrategyRegistry } from '../src/strategies/registry';
import type { BatchJobStrategy } from '../src/strategies/strategy';

let dir: string;
let catalog: Catalog;
let strategies: BatchJobStrategy<any>[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-contract-'));
  catalog = await openCatalog(path.join(dir, 'catalog.db'));
  strategies = builtInStrategies({ catalog, files: createLocalFileStore(path.join(dir, 'files')) });
});
afterAll(async () => {
  await catalog.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('every built-in strategy', () => {
  it('has a distinct job type and an identifier', () => {
    const types = strategies.map((s) => s.batchType);
    expect(new Set(types).size).toBe(types.length);
    expect(types.sort()).toEqual(['noop', 'order-export', 'price-list-import', 'product-export', 'product-import']);
    for (const strategy of strategies) expect(strategy.identifier).toMatch(/\S/);
  });

  it('gives exactly one form of work, which the registry checks', () => {
    for (const strategy of strategies) expect(!!strategy.processJob !== !!strategy.chunks).toBe(true);
    expect(() => createStrategyRegistry([{ batchType: 'both', identifier: 'both', processJob: async () => ({}), chunks: strategies.find((s) => s.chunks)!.chunks }])).toThrow(
      /exactly one of processJob and chunks/,
    );
  });

  it('refuses an unknown context field with a BatchJobInputError naming it', async () => {
    for (const strategy of strategies) {
      const prepare = strategy.prepareBatchJobForProcessing;
      expect(prepare, strategy.batchType).toBeDefined();
      const attempt = Promise.resolve().then(() => prepare!({ type: strategy.batchType, context: { not_a_field: 1 }, dry_run: false }, { userId: 'u' }));
      await expect(attempt, strategy.batchType).rejects.toBeInstanceOf(BatchJobInputError);
      await expect(attempt, strategy.batchType).rejects.toThrow(/context\.\S+/);
    }
  });

  it('builds a template that is a header line when it has one', async () => {
    for (const strategy of strategies) {
      if (!strategy.buildTemplate) continue;
      const template = String(await strategy.buildTemplate());
      if (strategy.batchType === 'noop') continue; // nothing to upload
      expect(template, strategy.batchType).toMatch(/^[^\r\n]+\r\n$/);
    }
  });
});
