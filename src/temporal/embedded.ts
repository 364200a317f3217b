// The Temporal server `npm start` uses: the cluster at TEMPORAL_ADDRESS, or else an embedded dev
// server persisted under DATA_DIR (so a restart keeps every job) with its Web UI.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { BATCH_JOB_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { findTemporalCli } from './cli';
import { startDevServer, type DevServer } from './dev-server';

export async function resolveTemporalServer(
  config: Config,
  logger: Logger,
): Promise<{ address: string; devServer: DevServer | null }> {
  if (config.temporal.address) return { address: config.temporal.address, devServer: null };
  const cliPath = await findTemporalCli(config.temporal.cliPath);
  await mkdir(config.dataDir, { recursive: true });
  const devServer = await startDevServer({
    cliPath,
    port: config.temporal.devPort,
    uiPort: config.temporal.uiPort,
    dbFile: path.join(config.dataDir, 'temporal.db'),
    namespace: config.temporal.namespace,
    searchAttributes: BATCH_JOB_SEARCH_ATTRIBUTES,
    onOutput: (line) => logger.debug({ source: 'temporal' }, line),
  });
  logger.info({ address: devServer.address, ui: devServer.uiUrl, cli: cliPath }, 'embedded Temporal dev server started');
  return { address: devServer.address, devServer };
}
