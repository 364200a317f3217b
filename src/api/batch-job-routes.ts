// Medusa's admin batch job routes, their shapes, status codes and messages.
import { adminSecurity, jsonResponse } from './openapi-helpers';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { TIMESTAMP_FIELDS } from '../batch-job';
import type { AuthVariables } from './auth';
import type { BatchJobService } from './batch-job-service';
import { parseListQuery } from './list-query';
import {
  BatchJobIdParamsSchema,
  BatchJobListResponseSchema,
  BatchJobResponseSchema,
  CreateBatchJobBodySchema,
  ErrorSchema,
} from './schemas';

const security = adminSecurity;
const json = jsonResponse;
const errors = {
  400: json(ErrorSchema, 'Invalid input or a refused transition'),
  401: json(ErrorSchema, 'Missing or invalid API token'),
  404: json(ErrorSchema, 'No such batch job for this user'),
  503: json(ErrorSchema, 'No worker answered in time'),
};
const tags = ['Batch jobs'];

const createBatchJobRoute = createRoute({
  method: 'post',
  path: '/admin/batch-jobs',
  tags,
  security,
  summary: 'Create a batch job',
  description: 'Starts the job: pre-processing runs at once; a dry run then waits for confirm.',
  request: { body: { content: { 'application/json': { schema: CreateBatchJobBodySchema } }, required: true } },
  responses: { 201: json(BatchJobResponseSchema, 'The job, with status created'), ...errors },
});

const dateParameters = TIMESTAMP_FIELDS.map((field) => ({
  name: field,
  in: 'query' as const,
  required: false,
  style: 'deepObject' as const,
  explode: true,
  description: `\`${field}[lt|gt|lte|gte]=<ISO date>\`, or \`${field}=null\` for "not set"`,
  schema: { type: 'object' as const, additionalProperties: { type: 'string' as const } },
}));

const listBatchJobsRoute = createRoute({
  method: 'get',
  path: '/admin/batch-jobs',
  tags,
  security,
  summary: "List the caller's batch jobs",
  description: 'Query strings in the qs forms Medusa\'s client sends: `type[0]=a&type[1]=b`, `type[]=a`, `created_at[gte]=...`, `completed_at=null`.',
  parameters: [
    { name: 'limit', in: 'query', schema: { type: 'integer', default: 10, maximum: 1000 } },
    { name: 'offset', in: 'query', schema: { type: 'integer', default: 0 } },
    { name: 'order', in: 'query', schema: { type: 'string', default: '-created_at' }, description: 'A timestamp field, `-` first for newest first' },
    { name: 'id', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
    { name: 'type', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
    { name: 'status', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
    ...dateParameters,
  ],
  responses: { 200: json(BatchJobListResponseSchema, 'A page of jobs and the total count'), ...errors },
});

const retrieveBatchJobRoute = createRoute({
  method: 'get',
  path: '/admin/batch-jobs/{id}',
  tags,
  security,
  summary: 'Retrieve a batch job',
  description: 'Live from the workflow; when no worker answers, the last recorded state.',
  request: { params: BatchJobIdParamsSchema },
  responses: { 200: json(BatchJobResponseSchema, 'The job'), ...errors },
});

const confirmBatchJobRoute = createRoute({
  method: 'post',
  path: '/admin/batch-jobs/{id}/confirm',
  tags,
  security,
  summary: 'Confirm a dry-run batch job',
  description: 'Allowed only in status pre_processed.',
  request: { params: BatchJobIdParamsSchema },
  responses: { 200: json(BatchJobResponseSchema, 'The job, confirmed'), ...errors },
});

const cancelBatchJobRoute = createRoute({
  method: 'post',
  path: '/admin/batch-jobs/{id}/cancel',
  tags,
  security,
  summary: 'Cancel a batch job',
  description: 'Allowed in any status but completed; running work stops and its partial output is removed.',
  request: { params: BatchJobIdParamsSchema },
  responses: { 200: json(BatchJobResponseSchema, 'The job, canceled'), ...errors },
});

export function registerBatchJobRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, jobs: BatchJobService): void {
  app.openapi(createBatchJobRoute, async (c) => {
    const batch_job = await jobs.create(c.req.valid('json'), c.get('userId'));
    return c.json({ batch_job }, 201);
  });
  app.openapi(listBatchJobsRoute, async (c) => {
    const query = parseListQuery(new URL(c.req.url).search);
    return c.json(await jobs.list(query, c.get('userId')), 200);
  });
  app.openapi(retrieveBatchJobRoute, async (c) => {
    return c.json({ batch_job: await jobs.retrieve(c.req.valid('param').id, c.get('userId')) }, 200);
  });
  app.openapi(confirmBatchJobRoute, async (c) => {
    return c.json({ batch_job: await jobs.confirm(c.req.valid('param').id, c.get('userId')) }, 200);
  });
  app.openapi(cancelBatchJobRoute, async (c) => {
    return c.json({ batch_job: await jobs.cancel(c.req.valid('param').id, c.get('userId')) }, 200);
  });
}
