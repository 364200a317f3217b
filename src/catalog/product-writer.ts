// Writes imported product rows. Every write is an upsert keyed by an id that the row or its job
// determines, so writing a chunk again (a retried or resumed attempt) never duplicates anything.
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { ImportRow } from '../strategies/product-csv/import-rows';
import type { Catalog } from './database';
import type { CatalogDatabase } from './schema';

type Tx = Transaction<CatalogDatabase>;

/** An id derived from its parts: the same row of the same job always gets the same id. */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 26).toUpperCase()}`;
}

const SHIPPING_FIELDS = ['weight', 'length', 'width', 'height', 'hs_code', 'origin_country', 'mid_code', 'material'] as const;
const PRODUCT_FIELDS = ['title', 'subtitle', 'description', 'status', 'thumbnail', ...SHIPPING_FIELDS, 'external_id'] as const;
const VARIANT_FIELDS = ['title', 'sku', 'barcode', 'inventory_quantity', ...SHIPPING_FIELDS] as const;
const VARIANT_FLAGS = ['allow_backorder', 'manage_inventory'] as const;

function pick<K extends string>(fields: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, any>> {
  return Object.fromEntries(keys.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]])) as Partial<Record<K, any>>;
}

export interface ProductLookup {
  /** The product a row designates (by Product Id, else by handle), if it exists. */
  productId(row: Pick<ImportRow, 'product'>): Promise<string | null>;
  /** The variant that holds a SKU, if any. */
  variantBySku(sku: string): Promise<{ id: string; product_id: string } | null>;
  /**
   * The existing variant a row updates, or null when it creates one: by Variant Id; else, on
   * the row's product, by SKU, else by the same option values (so importing a file without ids
   * twice updates rather than duplicates).
   */
  existingVariant(row: Pick<ImportRow, 'variant' | 'options'>, productId: string | null): Promise<string | null>;
}

export function createProductLookup(db: Catalog | Tx): ProductLookup {
  return {
    async productId(row) {
      const id = row.product.id as string | undefined;
      const found = id
        ? await db.selectFrom('product').select('id').where('id', '=', id).executeTakeFirst()
        : await db.selectFrom('product').select('id').where('handle', '=', row.product.handle).executeTakeFirst();
      return found?.id ?? null;
    },
    async variantBySku(sku) {
      return (await db.selectFrom('product_variant').select(['id', 'product_id']).where('sku', '=', sku).executeTakeFirst()) ?? null;
    },
    async existingVariant(row, productId) {
      const id = row.variant.id as string | undefined;
      if (id) return (await db.selectFrom('product_variant').select('id').where('id', '=', id).executeTakeFirst())?.id ?? null;
      if (!productId) return null;
      if (row.variant.sku !== undefined) {
        const holder = await this.variantBySku(String(row.variant.sku));
        if (holder) return holder.product_id === productId ? holder.id : null;
      }
      const wanted = row.options.filter((o) => o.name && o.value !== undefined);
      if (wanted.length === 0) return null;
      const values = await db
        .selectFrom('product_option_value')
        .innerJoin('product_option', 'product_option.id', 'product_option_value.option_id')
        .innerJoin('product_variant', 'product_variant.id', 'product_option_value.variant_id')
        .select(['product_variant.id as variant_id', 'product_option.title', 'product_option_value.value'])
        .where('product_variant.product_id', '=', productId)
        .execute();
      const byVariant = new Map<string, Map<string, string>>();
      for (const v of values) byVariant.set(v.variant_id, (byVariant.get(v.variant_id) ?? new Map()).set(v.title, v.value));
      for (const [variantId, options] of byVariant) {
        if (options.size === wanted.length && wanted.every((o) => options.get(o.name!) === o.value)) return variantId;
      }
      return null;
    },
  };
}

/** What identifies a row's product and variant: all a lookup reads of it. */
export type RowKeys = Pick<ImportRow, 'product' | 'variant' | 'options'>;

/** What the catalog already holds for a row: the product it designates, its SKU's variant, the variant it updates. */
export interface RowFound {
  productId: string | null;
  skuHolder: { id: string; product_id: string } | null;
  existingVariant: string | null;
}

/** Looks up a batch of rows (the import's pre-processing), in order; reads only. */
export async function lookUpRows(catalog: Catalog, rows: RowKeys[]): Promise<RowFound[]> {
  const lookup = createProductLookup(catalog);
  const found: RowFound[] = [];
  for (const row of rows) {
    const productId = await lookup.productId(row);
    const skuHolder = row.variant.sku === undefined ? null : await lookup.variantBySku(String(row.variant.sku));
    found.push({ productId, skuHolder, existingVariant: await lookup.existingVariant(row, productId) });
  }
  return found;
}

/** Only the parts of a row a lookup reads: less to copy to the catalog thread. */
export const rowKeys = (row: ImportRow): RowKeys => ({
  product: row.product.id === undefined ? { handle: row.product.handle } : { id: row.product.id, handle: row.product.handle },
  variant: { ...(row.variant.id === undefined ? {} : { id: row.variant.id }), ...(row.variant.sku === undefined ? {} : { sku: row.variant.sku }) },
  options: row.options,
});

async function upsertNamed(tx: Tx, table: 'product_collection' | 'product_type' | 'product_tag', key: string, row: Record<string, string>): Promise<string> {
  const column = table === 'product_collection' ? 'handle' : 'value';
  const existing = await tx.selectFrom(table).select('id').where(column as any, '=', key).executeTakeFirst();
  if (existing) return existing.id;
  const id = derivedId(table === 'product_collection' ? 'pcol' : table === 'product_type' ? 'ptyp' : 'ptag', key);
  await tx.insertInto(table).values({ id, ...row } as any).execute();
  return id;
}

async function writeProduct(tx: Tx, row: ImportRow, jobId: string, lookup: ProductLookup): Promise<string> {
  const p = row.product;
  const fields: Record<string, unknown> = pick(p, PRODUCT_FIELDS);
  if (p.discountable !== undefined) fields.discountable = p.discountable ? 1 : 0;
  if (p.collection_handle || p.collection_title) {
    const handle = String(p.collection_handle ?? p.collection_title).trim();
    fields.collection_id = await upsertNamed(tx, 'product_collection', handle, { handle, title: String(p.collection_title ?? handle) });
  }
  if (p.type) fields.type_id = await upsertNamed(tx, 'product_type', String(p.type), { value: String(p.type) });
  if (p.profile_name) {
    const id = derivedId('sp', String(p.profile_name));
    await tx.insertInto('shipping_profile').values({ id, name: String(p.profile_name), type: String(p.profile_type ?? 'default') })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
    fields.profile_id = (await tx.selectFrom('shipping_profile').select('id').where('name', '=', String(p.profile_name)).orderBy('id').executeTakeFirst())?.id ?? id;
  }
  const now = new Date().toISOString();
  let productId = await lookup.productId(row);
  if (productId) {
    if (Object.keys(fields).length) await tx.updateTable('product').set({ ...fields, handle: p.handle, updated_at: now }).where('id', '=', productId).execute();
  } else {
    productId = (p.id as string | undefined) ?? derivedId('prod', jobId, p.handle);
    await tx.insertInto('product').values({ ...(fields as object), id: productId, handle: p.handle, title: String(p.title ?? p.handle), created_at: now, updated_at: now } as any).execute();
  }

  if (Array.isArray(p.tags)) {
    await tx.deleteFrom('product_tags').where('product_id', '=', productId).execute();
    for (const [rank, value] of p.tags.entries()) {
      const tagId = await upsertNamed(tx, 'product_tag', value, { value });
      await tx.insertInto('product_tags').values({ product_id: productId, tag_id: tagId, rank }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  if (row.images.length) {
    await tx.deleteFrom('product_image').where('product_id', '=', productId).execute();
    for (const [rank, url] of row.images.entries()) {
      await tx.insertInto('product_image').values({ product_id: productId, url, rank }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  for (const channel of row.salesChannels.sort((a, b) => a.index - b.index)) {
    if (!channel.id && !channel.name) continue;
    const id = channel.id ?? derivedId('sc', channel.name!);
    await tx.insertInto('sales_channel').values({ id, name: channel.name ?? id, description: channel.description ?? null })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
    await tx.insertInto('product_sales_channel').values({ product_id: productId, sales_channel_id: id, rank: channel.index - 1 })
      .onConflict((oc) => oc.columns(['product_id', 'sales_channel_id']).doUpdateSet({ rank: channel.index - 1 })).execute();
  }
  for (const category of row.categories.sort((a, b) => a.index - b.index)) {
    if (!category.handle) continue;
    const existing = await tx.selectFrom('product_category').select('id').where('handle', '=', category.handle).executeTakeFirst();
    const id = existing?.id ?? derivedId('pcat', category.handle);
    if (!existing) await tx.insertInto('product_category').values({ id, handle: category.handle, name: category.name ?? category.handle, description: category.description ?? null }).execute();
    await tx.insertInto('product_category_product').values({ product_id: productId, category_id: id, rank: category.index - 1 })
      .onConflict((oc) => oc.columns(['product_id', 'category_id']).doUpdateSet({ rank: category.index - 1 })).execute();
  }
  return productId;
}

async function writeVariant(tx: Tx, row: ImportRow, productId: string, jobId: string, lookup: ProductLookup): Promise<void> {
  const v = row.variant;
  const derived = derivedId('variant', jobId, String(row.line));
  // A chunk written again (its checkpoint lost in a crash) finds the variant it created last time.
  const existing = (await lookup.existingVariant(row, productId)) ?? (await lookup.existingVariant({ ...row, variant: { id: derived } }, productId));
  const variantId = existing ?? (v.id as string | undefined) ?? derived;
  const fields: Record<string, unknown> = pick(v, VARIANT_FIELDS);
  for (const flag of VARIANT_FLAGS) if (v[flag] !== undefined) fields[flag] = v[flag] ? 1 : 0;
  if (existing) {
    if (Object.keys(fields).length) await tx.updateTable('product_variant').set(fields).where('id', '=', variantId).execute();
  } else {
    const rank = Number((await tx.selectFrom('product_variant').select((eb) => eb.fn.countAll<number>().as('n')).where('product_id', '=', productId).executeTakeFirst())?.n ?? 0);
    const title = (fields.title as string | undefined) ?? (row.options.map((o) => o.value).filter(Boolean).join(' / ') || 'Default');
    await tx.insertInto('product_variant').values({ ...(fields as object), id: variantId, product_id: productId, title, rank } as any).execute();
  }

  for (const option of row.options.sort((a, b) => a.index - b.index)) {
    if (!option.name) continue;
    const existing = await tx.selectFrom('product_option').select('id').where('product_id', '=', productId).where('title', '=', option.name).executeTakeFirst();
    const optionId = existing?.id ?? derivedId('opt', productId, option.name);
    if (!existing) await tx.insertInto('product_option').values({ id: optionId, product_id: productId, title: option.name, rank: option.index - 1 }).execute();
    if (option.value !== undefined) {
      await tx.insertInto('product_option_value').values({ variant_id: variantId, option_id: optionId, value: option.value })
        .onConflict((oc) => oc.columns(['variant_id', 'option_id']).doUpdateSet({ value: option.value! })).execute();
    }
  }
  for (const price of row.prices) {
    const regionId = price.region === null ? null : (await tx.selectFrom('region').select('id').where('name', '=', price.region).executeTakeFirstOrThrow()).id;
    await sql`insert into money_amount (variant_id, currency_code, region_id, price_list_id, amount)
      values (${variantId}, ${price.currency}, ${regionId}, null, ${price.amount})
      on conflict (variant_id, currency_code, coalesce(region_id, ''), coalesce(price_list_id, ''))
      do update set amount = excluded.amount`.execute(tx);
  }
}

/** Writes one chunk of rows in one transaction: all of it or none of it. */
export async function writeProductRows(db: Catalog, rows: ImportRow[], jobId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const lookup = createProductLookup(tx);
    for (const row of rows) {
      const productId = await writeProduct(tx, row, jobId, lookup);
      await writeVariant(tx, row, productId, jobId, lookup);
    }
  });
}
