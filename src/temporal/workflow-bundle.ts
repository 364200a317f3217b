// The worker's workflow bundle, built by scripts/bundle-workflows.ts in a child process.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const SCRIPT = path.resolve(__dirname, '../../scripts/bundle-workflows.ts');

/** Builds the bundle into `dataDir` and returns its path. */
export async function buildWorkflowBundle(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const out = path.join(dataDir, 'workflow-bundle.js');
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT, out]);
  } catch (err) {
    throw new Error(`Bundling the workflow code failed: ${(err as { stderr?: string }).stderr || (err as Error).message}`);
  }
  return out;
}
