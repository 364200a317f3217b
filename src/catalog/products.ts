// Reading products: filters, keyset pages (so memory stays flat at any catalog size), and whole
// products with everything the CSV format and the read routes show.
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Catalog } from './database';
import { inList } from './in-list';
import { keyAt, pageKeys, type CatalogKey, type KeyPageBound } from './keyset';
import type { CatalogDatabase, ProductTable, VariantTable } from './schema';

/** Medusa's `filterable_fields` for products (the subset this catalog can answer). */
export interface ProductFilter {
  id?: string | string[];
  handle?: string | string[];
  title?: string;
  status?: string | string[];
  collection_id?: string | string[];
  type_id?: string | string[];
  /** Free text over title, handle and description. */
  q?: string;
}

/** Products page by (created_at, id): see keyset.ts. */
export type ProductCursor = CatalogKey;

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

type ProductQuery = SelectQueryBuilder<CatalogDatabase, 'product', object>;

export function filterProducts<Q extends ProductQuery>(query: Q, filter: ProductFilter): Q {
  let q = query as ProductQuery;
  if (filter.id) q = q.where('product.id', 'in', list(filter.id));
  if (filter.handle) q = q.where('product.handle', 'in', list(filter.handle));
  if (filter.title) q = q.where('product.title', '=', filter.title);
  if (filter.status) q = q.where('product.status', 'in', list(filter.status));
  if (filter.collection_id) q = q.where('product.collection_id', 'in', list(filter.collection_id));
  if (filter.type_id) q = q.where('product.type_id', 'in', list(filter.type_id));
  if (filter.q) {
    const like = `%${filter.q}%`;
    q = q.where((eb: ExpressionBuilder<CatalogDatabase, 'product'>) =>
      eb.or([eb('product.title', 'like', like), eb('product.handle', 'like', like), eb('product.description', 'like', like)]),
    );
  }
  return q as Q;
}

export async function countProducts(db: Catalog, filter: ProductFilter): Promise<number> {
  const row = await filterProducts(db.selectFrom('product'), filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The next page of product keys after `after`, oldest first (created_at, then id). */
export function pageProductKeys(db: Catalog, filter: ProductFilter, after: ProductCursor | null, bound: KeyPageBound): Promise<ProductCursor[]> {
  return pageKeys(filterProducts(db.selectFrom('product'), filter), 'product', after, bound);
}

/** The key of the product at `offset` in export order, or null past the end. */
export function productKeyAt(db: Catalog, filter: ProductFilter, offset: number): Promise<ProductCursor | null> {
  return keyAt(filterProducts(db.selectFrom('product'), filter), 'product', offset);
}

export interface PriceDetails {
  currency_code: string;
  region_id: string | null;
  region_name: string | null;
  amount: number;
}

export interface VariantDetails extends VariantTable {
  prices: PriceDetails[];
  /** option id → value */
  option_values: Record<string, string>;
}

export interface ProductDetails extends ProductTable {
  collection_title: string | null;
  collection_handle: string | null;
  type: string | null;
  profile_name: string | null;
  profile_type: string | null;
  tags: string[];
  images: string[];
  options: { id: string; title: string }[];
  sales_channels: { id: string; name: string; description: string | null }[];
  categories: { id: string; handle: string; name: string; description: string | null }[];
  variants: VariantDetails[];
}

const groupBy = <T, K>(rows: T[], key: (row: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
};

/** Whole products, in the order of `ids`, with one query per relation (not per product). */
export async function loadProducts(db: Catalog, ids: string[]): Promise<ProductDetails[]> {
  if (ids.length === 0) return [];
  const [products, tags, images, options, channels, categories, variants] = await Promise.all([
    db
      .selectFrom('product')
      .leftJoin('product_collection', 'product_collection.id', 'product.collection_id')
      .leftJoin('product_type', 'product_type.id', 'product.type_id')
      .leftJoin('shipping_profile', 'shipping_profile.id', 'product.profile_id')
      .selectAll('product')
      .select([
        'product_collection.title as collection_title',
        'product_collection.handle as collection_handle',
        'product_type.value as type',
        'shipping_profile.name as profile_name',
        'shipping_profile.type as profile_type',
      ])
      .where(inList('product.id', ids))
      .execute(),
    db.selectFrom('product_tags').innerJoin('product_tag', 'product_tag.id', 'product_tags.tag_id')
      .select(['product_tags.product_id', 'product_tag.value']).where(inList('product_tags.product_id', ids))
      .orderBy('product_tags.rank').execute(),
    db.selectFrom('product_image').select(['product_id', 'url']).where(inList('product_id', ids)).orderBy('rank').execute(),
    db.selectFrom('product_option').select(['id', 'product_id', 'title']).where(inList('product_id', ids)).orderBy('rank').execute(),
    db.selectFrom('product_sales_channel').innerJoin('sales_channel', 'sales_channel.id', 'product_sales_channel.sales_channel_id')
      .select(['product_sales_channel.product_id', 'sales_channel.id', 'sales_channel.name', 'sales_channel.description'])
      .where(inList('product_sales_channel.product_id', ids)).orderBy('product_sales_channel.rank').execute(),
    db.selectFrom('product_category_product').innerJoin('product_category', 'product_category.id', 'product_category_product.category_id')
      .select(['product_category_product.product_id', 'product_category.id', 'product_category.handle', 'product_category.name', 'product_category.description'])
      .where(inList('product_category_product.product_id', ids)).orderBy('product_category_product.rank').execute(),
    db.selectFrom('product_variant').selectAll().where(inList('product_id', ids)).orderBy('product_id').orderBy('rank').orderBy('id').execute(),
  ]);
  const variantIds = variants.map((v) => v.id);
  const [prices, optionValues] = variantIds.length
    ? await Promise.all([
        db.selectFrom('money_amount').leftJoin('region', 'region.id', 'money_amount.region_id')
          .select(['money_amount.variant_id', 'money_amount.currency_code', 'money_amount.region_id', 'region.name as region_name', 'money_amount.amount'])
          .where(inList('money_amount.variant_id', variantIds)).where('money_amount.price_list_id', 'is', null)
          .orderBy('money_amount.id').execute(),
        db.selectFrom('product_option_value').select(['variant_id', 'option_id', 'value']).where(inList('variant_id', variantIds)).execute(),
      ])
    : [[], []];

  const tagsBy = groupBy(tags, (r) => r.product_id);
  const imagesBy = groupBy(images, (r) => r.product_id);
  const optionsBy = groupBy(options, (r) => r.product_id);
  const channelsBy = groupBy(channels, (r) => r.product_id);
  const categoriesBy = groupBy(categories, (r) => r.product_id);
  const variantsBy = groupBy(variants, (r) => r.product_id);
  const pricesBy = groupBy(prices, (r) => r.variant_id);
  const valuesBy = groupBy(optionValues, (r) => r.variant_id);
  const byId = new Map(products.map((p) => [p.id, p]));

  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        ...row,
        tags: (tagsBy.get(id) ?? []).map((t) => t.value),
        images: (imagesBy.get(id) ?? []).map((i) => i.url),
        options: (optionsBy.get(id) ?? []).map(({ id: optionId, title }) => ({ id: optionId, title })),
        sales_channels: (channelsBy.get(id) ?? []).map(({ id: channelId, name, description }) => ({ id: channelId, name, description })),
        categories: (categoriesBy.get(id) ?? []).map(({ id: categoryId, handle, name, description }) => ({ id: categoryId, handle, name, description })),
        variants: (variantsBy.get(id) ?? []).map((variant) => ({
          ...variant,
          prices: (pricesBy.get(variant.id) ?? []).map(({ currency_code, region_id, region_name, amount }) => ({ currency_code, region_id, region_name, amount })),
          option_values: Object.fromEntries((valuesBy.get(variant.id) ?? []).map((v) => [v.option_id, v.value])),
        })),
      },
    ];
  });
}
