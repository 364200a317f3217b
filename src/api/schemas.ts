// Request and response schemas: validation and the OpenAPI document come from these alone.
import { z } from '@hono/zod-openapi';
import { BATCH_JOB_STATUSES } from '../batch-job';
import { fileKeyProblem } from '../files/file-store';

const isoDate = z.string().openapi({ format: 'date-time', example: '2026-12-03T12:00:00.000Z' });
const nullableDate = isoDate.nullable();

export const BatchJobResultSchema = z
  .object({
    count: z.number().optional(),
    advancement_count: z.number().optional(),
    progress: z.number().min(0).max(1).optional(),
    errors: z.array(z.union([z.string(), z.object({ message: z.string(), code: z.string().optional() }).passthrough()])).optional(),
    stat_descriptors: z.array(z.object({ key: z.string(), name: z.string(), message: z.string() })).optional(),
    file_key: z.string().optional(),
    file_size: z.number().optional(),
  })
  .passthrough()
  .openapi('BatchJobResult');

export const BatchJobSchema = z
  .object({
    id: z.string().openapi({ example: 'batch_01JEXAMPLE0000000000000000' }),
    type: z.string().openapi({ example: 'product-export' }),
    status: z.enum(BATCH_JOB_STATUSES),
    created_by: z.string().nullable(),
    context: z.record(z.string(), z.unknown()),
    dry_run: z.boolean(),
    result: BatchJobResultSchema.nullable(),
    pre_processed_at: nullableDate,
    confirmed_at: nullableDate,
    processing_at: nullableDate,
    completed_at: nullableDate,
    canceled_at: nullableDate,
    failed_at: nullableDate,
    created_at: isoDate,
    updated_at: isoDate,
    deleted_at: z.null(),
  })
  .openapi('BatchJob');

export const BatchJobResponseSchema = z.object({ batch_job: BatchJobSchema }).openapi('BatchJobResponse');

export const BatchJobListResponseSchema = z
  .object({
    batch_jobs: z.array(BatchJobSchema),
    count: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
  })
  .openapi('BatchJobListResponse');

export const CreateBatchJobBodySchema = z
  .object({
    type: z.string().min(1).openapi({ example: 'product-export' }),
    context: z.record(z.string(), z.unknown()).default({}),
    dry_run: z.boolean().default(false),
  })
  .strict()
  .openapi('CreateBatchJobBody');

export const ErrorSchema = z
  .object({
    type: z.enum(['not_allowed', 'invalid_data', 'not_found', 'unauthorized', 'conflict', 'unexpected_state', 'unavailable']),
    message: z.string(),
    code: z.string().optional(),
  })
  .openapi('Error');

export const BatchJobIdParamsSchema = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'batch_01JEXAMPLE0000000000000000' }),
});

// Files (src/api/upload-routes.ts): Medusa's upload routes.

const fileKey = z
  .string()
  .superRefine((key, ctx) => {
    const problem = fileKeyProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: `"${key.slice(0, 200)}" is not a valid file key: ${problem}` });
  })
  .openapi({ example: 'uploads/01JEXAMPLE0000000000000000-products.csv' });

export const FileKeyBodySchema = z.object({ file_key: fileKey }).strict().openapi('FileKeyBody');

const absoluteUrl = z.string().openapi({
  format: 'uri',
  example: 'http://localhost:9000/files/uploads%2F01JEXAMPLE0000000000000000-products.csv?expires=1767225600000&signature=3f…',
});

export const UploadsResponseSchema = z
  .object({ uploads: z.array(z.object({ url: absoluteUrl, key: z.string() })) })
  .openapi('UploadsResponse');

export const DownloadUrlResponseSchema = z.object({ download_url: absoluteUrl }).openapi('DownloadUrlResponse');

export const FileDeletedResponseSchema = z
  .object({ id: z.string(), object: z.literal('file'), deleted: z.literal(true) })
  .openapi('FileDeletedResponse');
