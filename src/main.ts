// `npm start`: the Temporal server (embedded dev server unless TEMPORAL_ADDRESS is set), a worker
// and the HTTP API in one process. Ctrl-C stops all three.
import { Client, Connection } from '@temporalio/client';
import { resolveApiTokens } from './api/dev-token';
import { startApiServer } from './api/server';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { openServices } from './services';
import { connectWithRetry } from './temporal/connect';
import { resolveTemporalServer } from './temporal/embedded';
import { setUpNamespace } from './temporal/namespace';
import { startWorker } from './worker-runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const tokens = await resolveApiTokens({ apiTokens: config.apiTokens, env: config.env, dataDir: config.dataDir });
  const services = await openServices(config);
  const { address, devServer } = await resolveTemporalServer(config, logger);
  const connection = await connectWithRetry(() => Connection.connect({ address }), logger);
  await setUpNamespace(connection, config.temporal.namespace, config.jobRetentionMs);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const worker = await startWorker({ config, address, strategies: services.strategies, logger });
  const api = await startApiServer({ config, client, tokens, services, logger });
  if (devServer?.uiUrl) logger.info(`Temporal Web UI: ${devServer.uiUrl}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await api.close().catch((err) => logger.error({ err }, 'API close failed'));
    await worker.shutdown().catch((err) => logger.error({ err }, 'worker shutdown failed'));
    await connection.close();
    await services.close();
    await devServer?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  worker.finished.catch((err) => {
    logger.fatal({ err }, 'worker stopped unexpectedly');
    void stop('worker-failed');
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
