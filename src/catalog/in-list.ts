// `column IN (…)` for the id lists of a chunk, whatever their length.
import { sql } from 'kysely';

/**
 * The list travels as one JSON parameter, so the SQL text is the same for every length and one
 * prepared statement serves every chunk. With `in (?, ?, …)` each length was a new statement, and
 * the statement cache kept up to a thousand of them (each with its own native memory): the worker's
 * RSS grew with the size of an export. (PostgreSQL's equivalent is `= any($1)`.)
 */
export function inList(column: string, values: readonly string[]) {
  return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}
