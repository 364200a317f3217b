// `npm run seed -- --products N --orders M [--seed S]`: fills the catalog under DATA_DIR with
// deterministic synthetic data. The catalog must be empty.
import { parseArgs } from 'node:util';
import { openCatalog } from './catalog/database';
import { seedCatalog } from './catalog/seed';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { products: { type: 'string', default: '100' }, orders: { type: 'string', default: '100' }, seed: { type: 'string', default: '42' } },
  });
  const count = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
    return n;
  };
  const options = {
    products: count('products', values.products),
    orders: count('orders', values.orders),
    seed: count('seed', values.seed),
  };
  const config = loadConfig();
  const catalog = await openCatalog(config.catalogFile);
  try {
    const existing = await catalog.selectFrom('product').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) throw new Error(`The catalog ${config.catalogFile} already has ${existing.n} products; seed an empty one`);
    const started = Date.now();
    const seeded = await seedCatalog(catalog, options);
    console.log(`Seeded ${config.catalogFile}: ${seeded.products} products, ${seeded.variants} variants, ${seeded.orders} orders in ${Date.now() - started} ms`);
  } finally {
    await catalog.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
