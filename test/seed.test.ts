// `npm run seed`: deterministic synthetic data in the catalog under DATA_DIR.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../src/catalog/database';

const ROOT = path.resolve(__dirname, '..');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function seed(...args: string[]) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-seed-'));
  dirs.push(dataDir);
  const run = (extra: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/seed-main.ts', ...extra], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
  return { dataDir, run, output: (await run(args)).stdout };
}

async function snapshot(dataDir: string) {
  const catalog = await openCatalog(path.join(dataDir, 'catalog.db'));
  try {
    return {
      products: await catalog.selectFrom('product').selectAll().orderBy('id').execute(),
      variants: await catalog.selectFrom('product_variant').selectAll().orderBy('id').execute(),
      prices: await catalog.selectFrom('money_amount').selectAll().orderBy('id').execute(),
      orders: await catalog.selectFrom('order').selectAll().orderBy('id').execute(),
      regions: await catalog.selectFrom('region').selectAll().execute(),
      priceLists: await catalog.selectFrom('price_list').selectAll().execute(),
    };
  } finally {
    await catalog.destroy();
  }
}

describe('npm run seed', () => {
  it('fills the catalog with the same varied data every time, and refuses a catalog that has products', async () => {
    const first = await seed('--products', '60', '--orders', '15');
    expect(first.output).toMatch(/Seeded .*catalog\.db: 60 products, \d+ variants, 15 orders/);
    const second = await seed('--products', '60', '--orders', '15');
    const [a, b] = [await snapshot(first.dataDir), await snapshot(second.dataDir)];
    expect(a.products).toHaveLength(60);
    expect(a.orders).toHaveLength(15);
    expect(a.variants.length).toBeGreaterThan(60);
    expect(new Set(a.prices.map((p) => p.currency_code))).toEqual(new Set(['eur', 'usd', 'jpy']));
    expect(a.regions.length).toBeGreaterThanOrEqual(3);
    expect(a.priceLists.length).toBeGreaterThanOrEqual(1);
    expect(b).toEqual(a);
    await expect(first.run(['--products', '1'])).rejects.toThrow(/already has 60 products/);
    await expect(first.run(['--products', 'many'])).rejects.toThrow(/--products must be a whole number/);
  }, 60_000);
});
