// Reading orders for the order export: filters, keyset pages, and rows with customer and channel.
import type { Catalog } from './database';
import { inList } from './in-list';
import { keyAt, pageKeys, type CatalogKey, type KeyPageBound } from './keyset';

/** Medusa's `filterable_fields` for orders (the subset this catalog can answer). */
export interface OrderFilter {
  id?: string | string[];
  email?: string;
  status?: string | string[];
  region_id?: string | string[];
  sales_channel_id?: string | string[];
  created_at?: { lt?: string; gt?: string; lte?: string; gte?: string };
}

/** Orders page by (created_at, id), like products: see keyset.ts. */
export type OrderCursor = CatalogKey;

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

function filtered(db: Catalog, filter: OrderFilter) {
  let q = db.selectFrom('order');
  if (filter.id) q = q.where('order.id', 'in', list(filter.id));
  if (filter.email) q = q.where('order.email', '=', filter.email);
  if (filter.status) q = q.where('order.status', 'in', list(filter.status));
  if (filter.region_id) q = q.where('order.region_id', 'in', list(filter.region_id));
  if (filter.sales_channel_id) q = q.where('order.sales_channel_id', 'in', list(filter.sales_channel_id));
  const created = filter.created_at ?? {};
  if (created.lt) q = q.where('order.created_at', '<', new Date(created.lt).toISOString());
  if (created.gt) q = q.where('order.created_at', '>', new Date(created.gt).toISOString());
  if (created.lte) q = q.where('order.created_at', '<=', new Date(created.lte).toISOString());
  if (created.gte) q = q.where('order.created_at', '>=', new Date(created.gte).toISOString());
  return q;
}

export async function countOrders(db: Catalog, filter: OrderFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The next page of order keys after `after`, oldest first (created_at, then id). */
export function pageOrderKeys(db: Catalog, filter: OrderFilter, after: OrderCursor | null, bound: KeyPageBound): Promise<OrderCursor[]> {
  return pageKeys(filtered(db, filter), 'order', after, bound);
}

/** The key of the order at `offset` in export order, or null past the end. */
export function orderKeyAt(db: Catalog, filter: OrderFilter, offset: number): Promise<OrderCursor | null> {
  return keyAt(filtered(db, filter), 'order', offset);
}

export async function loadOrders(db: Catalog, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('order')
    .innerJoin('customer', 'customer.id', 'order.customer_id')
    .leftJoin('sales_channel', 'sales_channel.id', 'order.sales_channel_id')
    .selectAll('order')
    .select(['customer.first_name', 'customer.last_name', 'sales_channel.name as sales_channel_name', 'sales_channel.description as sales_channel_description'])
    .where(inList('order.id', ids))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export type OrderRow = Awaited<ReturnType<typeof loadOrders>>[number];
