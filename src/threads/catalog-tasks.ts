// The catalog work a worker hands to its catalog thread (catalog-thread.ts): one table of named
// tasks, each a plain function of a catalog connection and a message-safe input, so the same code
// runs on the thread and, where no thread can be used, in place (runCatalogTasksInPlace).
import type { Catalog } from '../catalog/database';
import { loadOrders } from '../catalog/orders';
import { lookUpRows, writeProductRows, type RowKeys } from '../catalog/product-writer';
import { loadProducts } from '../catalog/products';
import { orderLine } from '../strategies/order-export/columns';
import type { DynamicColumn } from '../strategies/product-csv/columns';
import { productLines } from '../strategies/product-csv/export-rows';
import type { ImportRow } from '../strategies/product-csv/import-rows';

export const CATALOG_TASKS = {
  /** product-import's pre-processing: what the catalog holds for each of these rows. */
  lookUpRows: (catalog: Catalog, input: { rows: RowKeys[] }) => lookUpRows(catalog, input.rows),
  /** product-import: one chunk of rows in one transaction. */
  writeProductRows: (catalog: Catalog, input: { rows: ImportRow[]; jobId: string }): Promise<void> =>
    writeProductRows(catalog, input.rows, input.jobId),
  // Exports get their lines' cells, not CSV: the caller's thread formats them (no promises there,
  // so Temporal's promise hook costs nothing) while this thread reads the next page. Measured:
  // formatting and encoding a page costs ~3x what copying its cells between threads does.
  /** product-export: the lines (one per variant) of these products, in this order. */
  productLines: async (catalog: Catalog, input: { ids: string[]; dynamic: DynamicColumn[] }): Promise<string[][]> =>
    (await loadProducts(catalog, input.ids)).flatMap((product) => productLines(product, input.dynamic)),
  /** order-export: the lines (one per order) of these orders, in this order. */
  orderLines: async (catalog: Catalog, input: { ids: string[] }): Promise<string[][]> => (await loadOrders(catalog, input.ids)).map(orderLine),
};

export type CatalogTaskName = keyof typeof CATALOG_TASKS;
export type CatalogTaskInput<Name extends CatalogTaskName> = Parameters<(typeof CATALOG_TASKS)[Name]>[1];
export type CatalogTaskOutput<Name extends CatalogTaskName> = Awaited<ReturnType<(typeof CATALOG_TASKS)[Name]>>;

export interface CatalogTaskRunner {
  /** Runs one task; rejects with the task's error message. */
  run<Name extends CatalogTaskName>(task: Name, input: CatalogTaskInput<Name>): Promise<CatalogTaskOutput<Name>>;
  /** Stops the thread, if there is one and it was started. */
  close(): Promise<void>;
}

/** The tasks on `catalog`, in the caller's own thread: for an in-memory catalog, which a thread cannot share, and for tests. */
export function runCatalogTasksInPlace(catalog: Catalog): CatalogTaskRunner {
  return {
    run: (task, input) => (CATALOG_TASKS[task] as (catalog: Catalog, input: unknown) => Promise<never>)(catalog, input),
    close: async () => {},
  };
}
