// Keyset paging in (created_at, id) order, the one order exports read products and orders in: pages
// after a key, ranges up to a key, and the key at a position. Both tables have a (created_at, id)
// index, so a page costs the same wherever it starts.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { CatalogDatabase } from './schema';

export interface CatalogKey {
  created_at: string;
  id: string;
}

/** How far a page of keys goes: a number of keys, or every key up to and including one. */
export type KeyPageBound<Key = CatalogKey> = { limit: number } | { through: Key };

type KeyedTable = 'product' | 'order';
/** A query over `table`, filtered, that selects nothing yet. */
type TableQuery<T extends KeyedTable> = SelectQueryBuilder<CatalogDatabase, T, object>;

const rowKey = (table: KeyedTable) => sql`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)})`;
const afterKey = (table: KeyedTable, key: CatalogKey) => sql<boolean>`${rowKey(table)} > (${key.created_at}, ${key.id})`;
const throughKey = (table: KeyedTable, key: CatalogKey) => sql<boolean>`${rowKey(table)} <= (${key.created_at}, ${key.id})`;

function keysInOrder<T extends KeyedTable>(query: TableQuery<T>, table: T) {
  return (query as TableQuery<KeyedTable>)
    .select([sql<string>`${sql.ref(`${table}.id`)}`.as('id'), sql<string>`${sql.ref(`${table}.created_at`)}`.as('created_at')])
    .orderBy(sql.ref(`${table}.created_at`))
    .orderBy(sql.ref(`${table}.id`));
}

/** The keys after `after` (from the start when null), oldest first, as far as `bound` says. */
export function pageKeys<T extends KeyedTable>(query: TableQuery<T>, table: T, after: CatalogKey | null, bound: KeyPageBound): Promise<CatalogKey[]> {
  let keys = keysInOrder(query, table);
  if (after) keys = keys.where(afterKey(table, after));
  return ('limit' in bound ? keys.limit(bound.limit) : keys.where(throughKey(table, bound.through))).execute();
}

/** The key at `offset` in that order, or null past the end. */
export async function keyAt<T extends KeyedTable>(query: TableQuery<T>, table: T, offset: number): Promise<CatalogKey | null> {
  return (await keysInOrder(query, table).limit(1).offset(offset).executeTakeFirst()) ?? null;
}
