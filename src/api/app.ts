// The HTTP API: Medusa's admin batch job and upload routes, signed file downloads, /health, /openapi.json and /docs.
// createApp receives everything it needs; src/api/server.ts wires the real dependencies.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { requireApiToken, type AuthVariables, type TokenTable } from './auth';
import { registerBatchJobRoutes } from './batch-job-routes';
import type { BatchJobService } from './batch-job-service';
import { registerDocs } from './docs';
import { describeIssues, invalidData, toErrorResponse } from './http-errors';
import { registerUploadRoutes, type FileDependencies } from './upload-routes';
import { registerCatalogRoutes } from './catalog-routes';
import type { Catalog } from '../catalog/database';

export interface AppDependencies {
  jobs: BatchJobService;
  tokens: TokenTable;
  logger: Logger;
  /** Resolves when Temporal answers; rejects with the reason otherwise. */
  checkTemporal: () => Promise<void>;
  /** Uploads and the signed links that serve them. */
  files: FileDependencies;
  catalog: Catalog;
}

export function createApp(deps: AppDependencies) {
  const app = new OpenAPIHono<{ Variables: AuthVariables }>({
    // One validation hook, so every 400 has the same shape and names the field.
    defaultHook: (result) => {
      if (!result.success) {
        const prefix = result.target === 'json' ? '' : result.target;
        throw invalidData(describeIssues(result.error.issues, prefix));
      }
    },
  });

  app.onError((err, c) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) deps.logger.error({ err, path: c.req.path }, 'request failed');
    else deps.logger.info({ status, path: c.req.path, message: body.message }, 'request refused');
    return c.json(body, status);
  });
  app.notFound((c) => c.json({ type: 'not_found', message: `No route ${c.req.method} ${c.req.path}` }, 404));

  app.get('/health', async (c) => {
    try {
      await deps.checkTemporal();
      return c.json({ status: 'ok', temporal: 'ok' });
    } catch (err) {
      return c.json({ status: 'unavailable', temporal: (err as Error).message }, 503);
    }
  });

  app.use('/admin/*', requireApiToken(deps.tokens));
  registerBatchJobRoutes(app, deps.jobs);
  registerUploadRoutes(app, deps.files);
  registerCatalogRoutes(app, deps.catalog);

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiToken', {
    type: 'apiKey',
    in: 'header',
    name: 'x-medusa-access-token',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Batch jobs',
      version: '0.1.0',
      description: "Medusa's admin batch job API, served by Temporal workflows.",
    },
  });
  registerDocs(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
