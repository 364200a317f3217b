// product-export: Medusa's product CSV, one line per variant, written in chunks of products
// (see chunked-export.ts).
import { z } from 'zod';
import type { Catalog } from '../../catalog/database';
import { countProducts, loadProducts, pageProductKeys, productKeyAt, type ProductCursor } from '../../catalog/products';
import { exportFolder, removeExportOutput, runChunkedExport, type ExportCheckpoint } from '../chunked-export';
import type { FileStore } from '../../files/file-store';
import { csvLines } from '../csv-format';
import { BatchJobInputError } from '../errors';
import { FIXED_COLUMNS } from '../product-csv/columns';
import { computeExportShape, dynamicColumns, dynamicHeaders, type ExportScope, type ExportShape } from '../product-csv/export-shape';
import { productLines } from '../product-csv/export-rows';
import type { BatchJobStrategy } from '../strategy';
import { parseContext } from '../context';

const ids = z.union([z.string(), z.array(z.string())]);
export const ProductExportContext = z
  .object({
    filterable_fields: z
      .object({ id: ids, handle: ids, title: z.string(), status: ids, collection_id: ids, type_id: ids, q: z.string() })
      .partial()
      .strict()
      .default({}),
    /** Medusa: the number of products to export at most. */
    batch_size: z.number().int().positive().optional(),
    /** Medusa: the page size; here it only bounds the chunk size. */
    limit: z.number().int().positive().optional(),
    offset: z.number().int().min(0).default(0),
    order: z.enum(['created_at']).optional(),
    // Accepted for Medusa's admin client; the export always carries every column.
    fields: z.string().optional(),
    expand: z.string().optional(),
    // Set by pre-processing.
    shape: z.unknown().optional(),
  })
  .strict();

export interface ProductExportDependencies {
  catalog: Catalog;
  files: FileStore;
  /** Products per chunk (one part file, one checkpoint). */
  chunkSize?: number;
}

export const productExportFileKey = (jobId: string) => `${exportFolder(jobId)}/product-export.csv`;

export function createProductExportStrategy(deps: ProductExportDependencies): BatchJobStrategy<ExportCheckpoint<ProductCursor>> {
  const { catalog, files } = deps;
  const scopeOf = (context: z.infer<typeof ProductExportContext>): ExportScope => ({
    filter: context.filterable_fields,
    offset: context.offset,
    limit: context.batch_size ?? null,
  });

  return {
    batchType: 'product-export',
    identifier: 'product-export-strategy',

    prepareBatchJobForProcessing(input) {
      return { ...input, context: parseContext(ProductExportContext, input.context) };
    },

    async preProcessBatchJob(job) {
      const context = parseContext(ProductExportContext, job.context);
      const scope = scopeOf(context);
      const matching = Math.max(0, (await countProducts(catalog, scope.filter)) - scope.offset);
      const count = scope.limit === null ? matching : Math.min(matching, scope.limit);
      const shape = await computeExportShape(catalog, scope);
      return {
        count,
        advancement_count: 0,
        shape,
        stat_descriptors: [
          { key: 'product-export-count', name: 'Product count to export', message: `There will be ${count} products exported by this action` },
        ],
      };
    },

    async processJob(job, context) {
      const options = parseContext(ProductExportContext, job.context);
      const scope = scopeOf(options);
      const shape = job.result?.shape as ExportShape | undefined;
      const count = job.result?.count;
      if (!shape || typeof count !== 'number') throw new BatchJobInputError('The export was not pre-processed');
      const dynamic = dynamicColumns(shape);
      return runChunkedExport<ProductCursor>({
        job,
        context,
        files,
        count,
        chunkSize: Math.min(deps.chunkSize ?? 500, options.limit ?? Infinity),
        header: [...FIXED_COLUMNS.map((c) => c.header), ...dynamicHeaders(shape)],
        // Paging by key starts just after the product before `offset`.
        start: scope.offset > 0 ? await productKeyAt(catalog, scope.filter, scope.offset - 1) : null,
        nextKeys: (after, limit) => pageProductKeys(catalog, scope.filter, after, limit),
        linesFor: async (keys) => (await loadProducts(catalog, keys.map((k) => k.id))).flatMap((p) => productLines(p, dynamic)),
        fileKey: productExportFileKey(job.id),
        fileName: `product-export-${job.id}.csv`,
      });
    },

    cleanUp: (job) => removeExportOutput(files, job, productExportFileKey(job.id)),

    buildTemplate: () => csvLines([FIXED_COLUMNS.map((c) => c.header)]),
  };
}
