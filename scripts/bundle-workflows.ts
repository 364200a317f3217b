// Bundles the workflow code into one file (argument: where to write it). Run in its own process by
// the worker at start (src/temporal/workflow-bundle.ts), so webpack's memory is never part of the
// long-lived worker: about 90 MB less resident.
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: bundle-workflows.ts <output file>');
  const { code } = await bundleWorkflowCode({
    // src/workflows, as TypeScript or (run from dist/) as the compiled JavaScript.
    workflowsPath: require.resolve(path.resolve(__dirname, '../src/workflows')),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  // Written aside and renamed, so a worker starting at the same time never reads half a file.
  const temporary = `${out}.${process.pid}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, out);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
