// Wires the API's real dependencies and serves it over HTTP.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createLinkSigner } from '../files/signed-links';
import { resolveFileSigningSecret } from '../files/signing-secret';
import type { Services } from '../services';
import { createApp } from './app';
import { parseApiTokens } from './auth';
import { createBatchJobService } from './batch-job-service';
import type { ResolvedApiTokens } from './dev-token';

export interface RunningApi {
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(options: {
  config: Config;
  client: Client;
  services: Services;
  /** Resolved before anything else starts, so a missing token fails fast. */
  tokens: ResolvedApiTokens;
  logger: Logger;
}): Promise<RunningApi> {
  const { config, client, logger, tokens: tokenSpec } = options;
  const jobs = createBatchJobService({
    client,
    taskQueue: config.temporal.taskQueue,
    strategies: options.services.strategies,
    settings: config.workflow,
    queryTimeoutMs: Math.min(config.workerResponseTimeoutMs, 1500),
    updateTimeoutMs: config.workerResponseTimeoutMs,
  });
  const signingSecret = await resolveFileSigningSecret({ secret: config.files.signingSecret, dataDir: config.dataDir });
  const app = createApp({
    jobs,
    tokens: parseApiTokens(tokenSpec.spec),
    logger,
    catalog: options.services.catalog,
    checkTemporal: async () => {
      await client.withDeadline(Date.now() + 2000, () => client.workflowService.getSystemInfo({}));
    },
    files: {
      store: options.services.files,
      signer: createLinkSigner(signingSecret),
      maxUploadBytes: config.files.maxUploadBytes,
      downloadUrlTtlMs: config.files.downloadUrlTtlMs,
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(started));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, docs: `http://localhost:${port}/docs` }, 'API listening');
  if (tokenSpec.generated) {
    // Printed plainly, not as a log line, so it can be pasted as it is.
    process.stdout.write(
      `\nDevelopment API token for user "admin" (kept in ${config.dataDir}/api-token):\n` +
        `  curl -H 'x-medusa-access-token: ${tokenSpec.generated}' http://localhost:${port}/admin/batch-jobs\n\n`,
    );
  }
  return {
    port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
