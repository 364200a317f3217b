// `npm run worker`: one worker, against the cluster at TEMPORAL_ADDRESS. Run as many as you like.
import { Connection } from '@temporalio/client';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { openServices } from './services';
import { connectWithRetry } from './temporal/connect';
import { setUpNamespace } from './temporal/namespace';
import { startWorker } from './worker-runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'batch-jobs-worker');
  const address = config.temporal.address;
  if (!address) throw new Error('TEMPORAL_ADDRESS is required for `npm run worker` (npm start embeds a server)');
  const connection = await connectWithRetry(() => Connection.connect({ address }), logger);
  await setUpNamespace(connection, config.temporal.namespace, config.jobRetentionMs);
  await connection.close();
  const services = await openServices(config);
  const worker = await startWorker({ config, address, strategies: services.strategies, logger });
  process.once('SIGINT', () => void worker.shutdown());
  process.once('SIGTERM', () => void worker.shutdown());
  await worker.finished;
  await services.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
