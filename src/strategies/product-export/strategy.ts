// product-export: Medusa's product CSV, one line per variant, written in chunks of products that
// may run at once on several workers (see chunked-export.ts).
import { z } from 'zod';
import type { Catalog } from '../../catalog/database';
import { pageProductKeys, productKeyAt, type ProductCursor } from '../../catalog/products';
import { chunkedExport, DEFAULT_EXPORT_CHUNK_SIZE, EXPORT_LIST_CONFIG, exportFolder, planExportChunks, removeExportOutput, type ExportKeys } from '../chunked-export';
import type { FileStore } from '../../files/file-store';
import { csvLines } from '../csv-format';
import { BatchJobInputError } from '../errors';
import { FIXED_COLUMNS } from '../product-csv/columns';
import { computeExportShape, dynamicColumns, dynamicHeaders, type ExportScope, type ExportShape } from '../product-csv/export-shape';
import type { BatchJobStrategy } from '../strategy';
import { runCatalogTasksInPlace, type CatalogTaskRunner } from '../../threads/catalog-tasks';
import { parseContext } from '../context';

const ids = z.union([z.string(), z.array(z.string())]);
export const ProductExportContext = z
  .object({
    filterable_fields: z
      .object({ id: ids, handle: ids, title: z.string(), status: ids, collection_id: ids, type_id: ids, q: z.string() })
      .partial()
      .strict()
      .default({}),
    ...EXPORT_LIST_CONFIG,
  })
  .strict();

export interface ProductExportDependencies {
  catalog: Catalog;
  files: FileStore;
  /** Products per chunk (one part file, one activity). */
  chunkSize?: number;
  /** Where pages are read and formatted (the worker's catalog thread); in place, on `catalog`, when unset. */
  tasks?: CatalogTaskRunner;
}

export const productExportFileKey = (jobId: string) => `${exportFolder(jobId)}/product-export.csv`;

export function createProductExportStrategy(deps: ProductExportDependencies): BatchJobStrategy {
  const { catalog, files } = deps;
  const tasks = deps.tasks ?? runCatalogTasksInPlace(catalog);
  const scopeOf = (context: z.infer<typeof ProductExportContext>): ExportScope => ({
    filter: context.filterable_fields,
    offset: context.offset,
    limit: context.batch_size ?? null,
  });
  const keysOf = (scope: ExportScope): ExportKeys<ProductCursor> => (after, bound) => pageProductKeys(catalog, scope.filter, after, bound);

  return {
    batchType: 'product-export',
    identifier: 'product-export-strategy',

    prepareBatchJobForProcessing(input) {
      return { ...input, context: parseContext(ProductExportContext, input.context) };
    },

    async preProcessBatchJob(job, { signal }) {
      const context = parseContext(ProductExportContext, job.context);
      const scope = scopeOf(context);
      const plan = await planExportChunks(files, job, {
        keys: keysOf(scope),
        startAfter: scope.offset > 0 ? await productKeyAt(catalog, scope.filter, scope.offset - 1) : null,
        limit: scope.limit,
        chunkSize: Math.min(deps.chunkSize ?? DEFAULT_EXPORT_CHUNK_SIZE, context.limit ?? Infinity),
        signal,
      });
      const { count } = plan;
      return {
        ...plan,
        shape: await computeExportShape(catalog, scope),
        stat_descriptors: [
          { key: 'product-export-count', name: 'Product count to export', message: `There will be ${count} products exported by this action` },
        ],
      };
    },

    chunks: chunkedExport<ProductCursor>(files, (job) => {
      const scope = scopeOf(parseContext(ProductExportContext, job.context));
      const shape = job.result?.shape as ExportShape | undefined;
      if (!shape) throw new BatchJobInputError('The export was not pre-processed');
      const dynamic = dynamicColumns(shape);
      return {
        count: Number(job.result?.count ?? 0),
        chunkSize: Number(job.result?.chunk_size),
        header: [...FIXED_COLUMNS.map((c) => c.header), ...dynamicHeaders(shape)],
        keys: keysOf(scope),
        linesFor: (keys) => tasks.run('productLines', { ids: keys.map((k) => k.id), dynamic }),
        fileKey: productExportFileKey(job.id),
        fileName: `product-export-${job.id}.csv`,
      };
    }),

    cleanUp: (job) => removeExportOutput(files, job, productExportFileKey(job.id)),

    buildTemplate: () => csvLines([FIXED_COLUMNS.map((c) => c.header)]),
  };
}
