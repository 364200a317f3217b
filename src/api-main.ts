// `npm run api`: the HTTP API alone, against the cluster at TEMPORAL_ADDRESS (docker compose).
import { Client, Connection } from '@temporalio/client';
import { resolveApiTokens } from './api/dev-token';
import { startApiServer } from './api/server';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { openServices } from './services';
import { connectWithRetry } from './temporal/connect';
import { setUpNamespace } from './temporal/namespace';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'batch-jobs-api');
  const tokens = await resolveApiTokens({ apiTokens: config.apiTokens, env: config.env, dataDir: config.dataDir });
  if (!config.temporal.address) throw new Error('TEMPORAL_ADDRESS is required for `npm run api` (npm start embeds a server)');
  const connection = await connectWithRetry(() => Connection.connect({ address: config.temporal.address }), logger);
  await setUpNamespace(connection, config.temporal.namespace, config.jobRetentionMs);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const services = await openServices(config);
  const api = await startApiServer({ config, client, tokens, services, logger });
  const stop = async () => {
    await api.close();
    await connection.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
