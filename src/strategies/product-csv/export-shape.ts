// The dynamic columns of a product export, computed once over every product it covers, so every
// chunk writes the same columns in the same order (Medusa's "misaligned columns" bug, avoided).
import type { Catalog } from '../../catalog/database';
import { filterProducts, type ProductFilter } from '../../catalog/products';
import { dynamicHeader, type DynamicColumn } from './columns';

export interface ExportScope {
  filter: ProductFilter;
  offset: number;
  /** Products to export at most (Medusa's batch_size); null for all. */
  limit: number | null;
}

/** Small by construction: distinct prices and maximum counts, never product data. */
export interface ExportShape {
  prices: { currency: string; region: string | null }[];
  options: number;
  images: number;
  salesChannels: number;
  categories: number;
}

function scopedIds(db: Catalog, scope: ExportScope) {
  return filterProducts(db.selectFrom('product'), scope.filter)
    .select('product.id')
    .orderBy('product.created_at')
    .orderBy('product.id')
    .limit(scope.limit ?? -1)
    .offset(scope.offset);
}

async function maxPerProduct(db: Catalog, table: 'product_option' | 'product_image' | 'product_sales_channel' | 'product_category_product', scope: ExportScope) {
  const row = await db
    .selectFrom(
      db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('product_id', 'in', scopedIds(db, scope)).groupBy('product_id').as('per_product'),
    )
    .select((eb) => eb.fn.max('per_product.n').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function computeExportShape(db: Catalog, scope: ExportScope): Promise<ExportShape> {
  const prices = await db
    .selectFrom('money_amount')
    .innerJoin('product_variant', 'product_variant.id', 'money_amount.variant_id')
    .leftJoin('region', 'region.id', 'money_amount.region_id')
    .select(['money_amount.currency_code as currency', 'region.name as region'])
    .distinct()
    .where('money_amount.price_list_id', 'is', null)
    .where('product_variant.product_id', 'in', scopedIds(db, scope))
    .execute();
  prices.sort((a, b) => (a.region === null ? 0 : 1) - (b.region === null ? 0 : 1) || (a.region ?? '').localeCompare(b.region ?? '') || a.currency.localeCompare(b.currency));
  return {
    prices,
    options: await maxPerProduct(db, 'product_option', scope),
    images: await maxPerProduct(db, 'product_image', scope),
    salesChannels: await maxPerProduct(db, 'product_sales_channel', scope),
    categories: await maxPerProduct(db, 'product_category_product', scope),
  };
}

/** The dynamic columns in Medusa's order: prices, options, images, sales channels, categories. */
export function dynamicColumns(shape: ExportShape): DynamicColumn[] {
  const columns: DynamicColumn[] = shape.prices.map((p) =>
    p.region === null ? { type: 'currency-price', currency: p.currency } : { type: 'region-price', region: p.region, currency: p.currency },
  );
  const times = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  for (const index of times(shape.options)) columns.push({ type: 'option', index, part: 'Name' }, { type: 'option', index, part: 'Value' });
  for (const index of times(shape.images)) columns.push({ type: 'image', index });
  for (const index of times(shape.salesChannels)) {
    columns.push({ type: 'sales-channel', index, part: 'Id' }, { type: 'sales-channel', index, part: 'Name' }, { type: 'sales-channel', index, part: 'Description' });
  }
  for (const index of times(shape.categories)) {
    columns.push({ type: 'category', index, part: 'Handle' }, { type: 'category', index, part: 'Name' }, { type: 'category', index, part: 'Description' });
  }
  return columns;
}

export const dynamicHeaders = (shape: ExportShape) => dynamicColumns(shape).map(dynamicHeader);
