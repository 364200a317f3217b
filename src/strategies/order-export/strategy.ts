// order-export: Medusa's order CSV, one line per order, written in chunks (see chunked-export.ts).
// Unlike Medusa, every cell is escaped.
import { z } from 'zod';
import type { Catalog } from '../../catalog/database';
import { orderKeyAt, pageOrderKeys, type OrderCursor, type OrderFilter } from '../../catalog/orders';
import type { FileStore } from '../../files/file-store';
import { chunkedExport, DEFAULT_EXPORT_CHUNK_SIZE, EXPORT_LIST_CONFIG, exportFolder, planExportChunks, removeExportOutput, type ExportKeys } from '../chunked-export';
import { parseContext } from '../context';
import { csvLines } from '../csv-format';
import type { BatchJobStrategy } from '../strategy';
import { runCatalogTasksInPlace, type CatalogTaskRunner } from '../../threads/catalog-tasks';
import { ORDER_COLUMNS } from './columns';

const ids = z.union([z.string(), z.array(z.string())]);
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date');
export const OrderExportContext = z
  .object({
    filterable_fields: z
      .object({
        id: ids,
        email: z.string(),
        status: ids,
        region_id: ids,
        sales_channel_id: ids,
        created_at: z.object({ lt: isoDate, gt: isoDate, lte: isoDate, gte: isoDate }).partial().strict(),
      })
      .partial()
      .strict()
      .default({}),
    ...EXPORT_LIST_CONFIG,
  })
  .strict();

export const orderExportFileKey = (jobId: string) => `${exportFolder(jobId)}/order-export.csv`;

export interface OrderExportDependencies {
  catalog: Catalog;
  files: FileStore;
  /** Orders per chunk (one part file, one activity). */
  chunkSize?: number;
  /** Where pages are read and formatted (the worker's catalog thread); in place, on `catalog`, when unset. */
  tasks?: CatalogTaskRunner;
}

export function createOrderExportStrategy(deps: OrderExportDependencies): BatchJobStrategy {
  const { catalog, files } = deps;
  const tasks = deps.tasks ?? runCatalogTasksInPlace(catalog);
  const keysOf = (filter: OrderFilter): ExportKeys<OrderCursor> => (after, bound) => pageOrderKeys(catalog, filter, after, bound);
  return {
    batchType: 'order-export',
    identifier: 'order-export-strategy',

    prepareBatchJobForProcessing: (input) => ({ ...input, context: parseContext(OrderExportContext, input.context) }),

    async preProcessBatchJob(job, { signal }) {
      const context = parseContext(OrderExportContext, job.context);
      const filter = context.filterable_fields;
      const plan = await planExportChunks(files, job, {
        keys: keysOf(filter),
        startAfter: context.offset > 0 ? await orderKeyAt(catalog, filter, context.offset - 1) : null,
        limit: context.batch_size ?? null,
        chunkSize: Math.min(deps.chunkSize ?? DEFAULT_EXPORT_CHUNK_SIZE, context.limit ?? Infinity),
        signal,
      });
      const { count } = plan;
      return {
        ...plan,
        stat_descriptors: [{ key: 'order-export-count', name: 'Order count to export', message: `There will be ${count} orders exported by this action` }],
      };
    },

    chunks: chunkedExport<OrderCursor>(files, (job) => {
      const { filterable_fields: filter } = parseContext(OrderExportContext, job.context);
      return {
        count: Number(job.result?.count ?? 0),
        chunkSize: Number(job.result?.chunk_size),
        header: ORDER_COLUMNS.map((c) => c.header),
        keys: keysOf(filter),
        linesFor: (keys) => tasks.run('orderLines', { ids: keys.map((k) => k.id) }),
        fileKey: orderExportFileKey(job.id),
        fileName: `order-export-${job.id}.csv`,
      };
    }),

    cleanUp: (job) => removeExportOutput(files, job, orderExportFileKey(job.id)),

    buildTemplate: () => csvLines([ORDER_COLUMNS.map((c) => c.header)]),
  };
}
