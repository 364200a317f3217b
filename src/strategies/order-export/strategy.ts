// order-export: Medusa's order CSV, one line per order, written in chunks (see chunked-export.ts).
// Unlike Medusa, every cell is escaped.
import { z } from 'zod';
import type { Catalog } from '../../catalog/database';
import { countOrders, loadOrders, pageOrderKeys, type OrderCursor } from '../../catalog/orders';
import type { FileStore } from '../../files/file-store';
import { chunkedExport, EXPORT_LIST_CONFIG, exportFolder, exportPlanResult, removeExportOutput } from '../chunked-export';
import { parseContext } from '../context';
import { csvLines } from '../csv-format';
import type { BatchJobStrategy } from '../strategy';
import { ORDER_COLUMNS, orderLine } from './columns';

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

export function createOrderExportStrategy(deps: { catalog: Catalog; files: FileStore; chunkSize?: number }): BatchJobStrategy {
  const { catalog, files } = deps;
  return {
    batchType: 'order-export',
    identifier: 'order-export-strategy',

    prepareBatchJobForProcessing: (input) => ({ ...input, context: parseContext(OrderExportContext, input.context) }),

    async preProcessBatchJob(job) {
      const context = parseContext(OrderExportContext, job.context);
      const matching = Math.max(0, (await countOrders(catalog, context.filterable_fields)) - context.offset);
      const count = context.batch_size === undefined ? matching : Math.min(matching, context.batch_size);
      return {
        ...exportPlanResult(count, Math.min(deps.chunkSize ?? 500, context.limit ?? Infinity)),
        stat_descriptors: [{ key: 'order-export-count', name: 'Order count to export', message: `There will be ${count} orders exported by this action` }],
      };
    },

    chunks: chunkedExport<OrderCursor>(files, (job) => {
      const { filterable_fields: filter, offset } = parseContext(OrderExportContext, job.context);
      return {
        count: Number(job.result?.count ?? 0),
        chunkSize: Number(job.result?.chunk_size),
        header: ORDER_COLUMNS.map((c) => c.header),
        keyBefore: async (position) => (offset + position > 0 ? ((await pageOrderKeys(catalog, filter, null, 1, offset + position - 1))[0] ?? null) : null),
        nextKeys: (after, limit) => pageOrderKeys(catalog, filter, after, limit),
        linesFor: async (keys) => (await loadOrders(catalog, keys.map((k) => k.id))).map(orderLine),
        fileKey: orderExportFileKey(job.id),
        fileName: `order-export-${job.id}.csv`,
      };
    }),

    cleanUp: (job) => removeExportOutput(files, job, orderExportFileKey(job.id)),

    buildTemplate: () => csvLines([ORDER_COLUMNS.map((c) => c.header)]),
  };
}
