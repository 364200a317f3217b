// Deterministic, varied synthetic data: the same arguments always give the same catalog.
import type { Insertable } from 'kysely';
import type { Catalog } from './database';
import type { CatalogDatabase } from './schema';

/** A small seeded PRNG (mulberry32): deterministic data without a dependency. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

const pad = (n: number, width = 8) => String(n).padStart(width, '0');
const BASE_TIME = Date.parse('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(BASE_TIME + seconds * 1000).toISOString();

export const SEED_REGIONS = [
  { id: 'reg_eu', name: 'Europe', currency_code: 'eur' },
  { id: 'reg_us', name: 'North America', currency_code: 'usd' },
  { id: 'reg_jp', name: 'Japan', currency_code: 'jpy' },
] as const;

const ADJECTIVES = ['Classic', 'Organic', 'Vintage', 'Modern', 'Rugged', 'Soft', 'Bold', 'Quiet'];
const NOUNS = ['Mug', 'Shirt', 'Hoodie', 'Sweatpants', 'Cap', 'Tote', 'Notebook', 'Poster'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const COLORS = ['Black', 'White', 'Red', 'Blue', 'Green'];

type Rows<T extends keyof CatalogDatabase> = Insertable<CatalogDatabase[T]>[];

async function insertInBatches<T extends keyof CatalogDatabase>(db: Catalog, table: T, rows: Rows<T>, size = 400) {
  for (let i = 0; i < rows.length; i += size) {
    await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
  }
}

export interface SeedOptions {
  products: number;
  orders: number;
  seed?: number;
}

/** Fills an empty catalog. Products are written in transactions of 500 to keep memory flat. */
export async function seedCatalog(db: Catalog, options: SeedOptions): Promise<{ products: number; variants: number; orders: number }> {
  const rng = random(options.seed ?? 42);
  await db.transaction().execute(async (trx) => {
    await insertInBatches(trx, 'region', [...SEED_REGIONS]);
    await insertInBatches(trx, 'sales_channel', [
      { id: 'sc_default', name: 'Default Sales Channel', description: 'Created by the seed' },
      { id: 'sc_wholesale', name: 'Wholesale', description: 'B2B; orders by the pallet' },
    ]);
    await insertInBatches(trx, 'product_collection', Array.from({ length: 5 }, (_, i) => ({ id: `pcol_${i}`, title: `Collection ${i}`, handle: `collection-${i}` })));
    await insertInBatches(trx, 'product_type', ['Apparel', 'Accessory', 'Stationery', 'Home'].map((value, i) => ({ id: `ptyp_${i}`, value })));
    await insertInBatches(trx, 'product_tag', Array.from({ length: 10 }, (_, i) => ({ id: `ptag_${i}`, value: `tag-${i}` })));
    await insertInBatches(trx, 'product_category', Array.from({ length: 6 }, (_, i) => ({ id: `pcat_${i}`, handle: `category-${i}`, name: `Category ${i}`, description: i % 2 ? `Things; of kind ${i}` : null })));
    await insertInBatches(trx, 'shipping_profile', [{ id: 'sp_default', name: 'Default Shipping Profile', type: 'default' }]);
    await insertInBatches(trx, 'price_list', [
      { id: 'pl_sale', name: 'Winter sale', description: '20% off' },
      { id: 'pl_vip', name: 'VIP', description: null },
    ]);
  });

  let variantCount = 0;
  for (let start = 0; start < options.products; start += 500) {
    const end = Math.min(options.products, start + 500);
    const rows = {
      product: [] as Rows<'product'>,
      product_tags: [] as Rows<'product_tags'>,
      product_image: [] as Rows<'product_image'>,
      product_option: [] as Rows<'product_option'>,
      product_sales_channel: [] as Rows<'product_sales_channel'>,
      product_category_product: [] as Rows<'product_category_product'>,
      product_variant: [] as Rows<'product_variant'>,
      product_option_value: [] as Rows<'product_option_value'>,
      money_amount: [] as Rows<'money_amount'>,
    };
    for (let i = start; i < end; i++) {
      const id = `prod_${pad(i)}`;
      const title = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${i}`;
      rows.product.push({
        id,
        handle: `product-${i}`,
        title,
        subtitle: i % 3 === 0 ? `Subtitle ${i}` : null,
        // Every 7th description has a line break and a delimiter, so quoting is exercised.
        description: i % 7 === 0 ? `Line one of ${i};\nline two, with "quotes"` : `The ${title.toLowerCase()}.`,
        status: i % 10 === 0 ? 'draft' : 'published',
        thumbnail: `https://example.com/images/${id}-0.png`,
        weight: rng.int(100, 2000),
        length: null,
        width: i % 2 ? rng.int(10, 50) : null,
        height: null,
        hs_code: null,
        origin_country: rng.pick(['DK', 'US', 'JP', null]),
        mid_code: null,
        material: rng.pick(['cotton', 'ceramic', 'paper', null]),
        collection_id: i % 4 === 0 ? null : `pcol_${i % 5}`,
        type_id: `ptyp_${i % 4}`,
        discountable: i % 5 === 0 ? 0 : 1,
        external_id: null,
        profile_id: 'sp_default',
        created_at: at(i),
        updated_at: at(i),
      });
      for (let t = 0; t < i % 3; t++) rows.product_tags.push({ product_id: id, tag_id: `ptag_${(i + t) % 10}`, rank: t });
      for (let m = 0; m < 1 + (i % 3); m++) rows.product_image.push({ product_id: id, url: `https://example.com/images/${id}-${m}.png`, rank: m });
      const optionCount = 1 + (i % 2);
      const optionIds = Array.from({ length: optionCount }, (_, o) => `opt_${pad(i)}_${o}`);
      optionIds.forEach((optionId, o) => rows.product_option.push({ id: optionId, product_id: id, title: o === 0 ? 'Size' : 'Color', rank: o }));
      rows.product_sales_channel.push({ product_id: id, sales_channel_id: 'sc_default', rank: 0 });
      if (i % 4 === 1) rows.product_sales_channel.push({ product_id: id, sales_channel_id: 'sc_wholesale', rank: 1 });
      if (i % 3 !== 2) rows.product_category_product.push({ product_id: id, category_id: `pcat_${i % 6}`, rank: 0 });

      const variants = rng.int(1, 4);
      for (let v = 0; v < variants; v++) {
        const variantId = `variant_${pad(i)}_${v}`;
        const size = SIZES[v % SIZES.length]!;
        rows.product_variant.push({
          id: variantId,
          product_id: id,
          title: optionCount > 1 ? `${size} / ${COLORS[v % COLORS.length]}` : size,
          sku: `SKU-${pad(i)}-${v}`,
          barcode: v === 0 ? `BAR${pad(i)}` : null,
          inventory_quantity: rng.int(0, 500),
          allow_backorder: v % 2,
          manage_inventory: 1,
          weight: null, length: null, width: null, height: null,
          hs_code: null, origin_country: null, mid_code: null, material: null,
          rank: v,
        });
        rows.product_option_value.push({ variant_id: variantId, option_id: optionIds[0]!, value: size });
        if (optionCount > 1) rows.product_option_value.push({ variant_id: variantId, option_id: optionIds[1]!, value: COLORS[v % COLORS.length]! });
        const base = rng.int(5, 200) * 100 + rng.pick([0, 50, 99]);
        rows.money_amount.push(
          { variant_id: variantId, currency_code: 'eur', region_id: null, price_list_id: null, amount: base },
          { variant_id: variantId, currency_code: 'usd', region_id: null, price_list_id: null, amount: Math.round(base * 1.1) },
        );
        if (i % 2 === 0) rows.money_amount.push({ variant_id: variantId, currency_code: 'eur', region_id: 'reg_eu', price_list_id: null, amount: base - 10 });
        if (i % 5 === 0) rows.money_amount.push({ variant_id: variantId, currency_code: 'jpy', region_id: 'reg_jp', price_list_id: null, amount: base * 2 });
        if (i % 6 === 0) rows.money_amount.push({ variant_id: variantId, currency_code: 'eur', region_id: null, price_list_id: 'pl_sale', amount: Math.round(base * 0.8) });
        variantCount++;
      }
    }
    await db.transaction().execute(async (trx) => {
      for (const [table, tableRows] of Object.entries(rows)) await insertInBatches(trx, table as keyof CatalogDatabase, tableRows as any);
    });
  }

  for (let start = 0; start < options.orders; start += 500) {
    const end = Math.min(options.orders, start + 500);
    const customers: Rows<'customer'> = [];
    const orders: Rows<'order'> = [];
    for (let i = start; i < end; i++) {
      const region = SEED_REGIONS[i % SEED_REGIONS.length]!;
      const email = `customer${i}@example.com`;
      customers.push({ id: `cus_${pad(i)}`, email, first_name: `First${i}`, last_name: i % 9 === 0 ? `O'Brien; ${i}` : `Last${i}` });
      const subtotal = rng.int(1000, 50000);
      const shipping = rng.pick([0, 500, 1000]);
      const discount = i % 4 === 0 ? Math.round(subtotal * 0.1) : 0;
      const tax = Math.round((subtotal - discount) * 0.2);
      orders.push({
        id: `order_${pad(i)}`,
        display_id: i + 1,
        status: rng.pick(['pending', 'completed', 'canceled']),
        fulfillment_status: rng.pick(['not_fulfilled', 'fulfilled', 'shipped']),
        payment_status: rng.pick(['awaiting', 'captured', 'refunded']),
        created_at: at(i * 60),
        customer_id: `cus_${pad(i)}`,
        email,
        currency_code: region.currency_code,
        region_id: region.id,
        sales_channel_id: i % 3 === 0 ? 'sc_wholesale' : 'sc_default',
        shipping_address_1: `${i} Main Street`,
        shipping_address_2: i % 5 === 0 ? 'Apt. 4, "back door"' : null,
        shipping_country_code: rng.pick(['dk', 'us', 'jp']),
        shipping_city: rng.pick(['Copenhagen', 'New York', 'Tokyo']),
        shipping_postal_code: String(rng.int(1000, 99999)),
        subtotal,
        shipping_total: shipping,
        discount_total: discount,
        gift_card_total: 0,
        refunded_total: 0,
        tax_total: tax,
        total: subtotal - discount + shipping + tax,
      });
    }
    await db.transaction().execute(async (trx) => {
      await insertInBatches(trx, 'customer', customers);
      await insertInBatches(trx, 'order', orders);
    });
  }
  return { products: options.products, variants: variantCount, orders: options.orders };
}
