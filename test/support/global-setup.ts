// Starts one real Temporal dev server (in memory, headless) for the whole run and bundles the
// workflow code once; test files receive the address and the bundle's path through inject().
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { findTemporalCli } from '../../src/temporal/cli';
import { startDevServer } from '../../src/temporal/dev-server';
import { buildWorkflowBundle } from '../../src/temporal/workflow-bundle';
import { BATCH_JOB_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const cliPath = await findTemporalCli();
  const server = await startDevServer({
    cliPath,
    port: await freePort(),
    uiPort: null,
    dbFile: null,
    namespace: 'default',
    searchAttributes: BATCH_JOB_SEARCH_ATTRIBUTES,
  });
  const folder = await mkdtemp(path.join(os.tmpdir(), 'batch-jobs-test-'));
  const bundlePath = await buildWorkflowBundle(folder);

  project.provide('temporalAddress', server.address);
  project.provide('temporalCliPath', cliPath);
  project.provide('workflowBundlePath', bundlePath);

  return async () => {
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  };
}
