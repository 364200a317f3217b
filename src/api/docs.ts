// Human docs at /docs: Swagger UI over /openapi.json, its assets served from the swagger-ui-dist
// package so the page works with no internet.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Hono } from 'hono';

const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Batch jobs API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', persistAuthorization: true });</script>
</body>
</html>`;

export function registerDocs(app: Hono<any>): void {
  const folder = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  app.get('/docs', (c) => c.html(PAGE));
  for (const [file, contentType] of Object.entries(ASSETS)) {
    let cached: Buffer | undefined;
    app.get(`/docs/${file}`, async (c) => {
      cached ??= await readFile(path.join(folder, file));
      return c.body(new Uint8Array(cached), 200, { 'content-type': contentType, 'cache-control': 'public, max-age=86400' });
    });
  }
}
