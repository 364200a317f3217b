// The worker's workflow bundle, built by scripts/bundle-workflows in a child process.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

// The bundling script sits beside this code's own form: TypeScript run through tsx (tests), or the
// compiled JavaScript in dist/ (`npm start`).
const RUNNING_TYPESCRIPT = __filename.endsWith('.ts');
const SCRIPT = path.resolve(__dirname, '../../scripts', RUNNING_TYPESCRIPT ? 'bundle-workflows.ts' : 'bundle-workflows.js');

/** Builds the bundle into `dataDir` and returns its path. */
export async function buildWorkflowBundle(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const out = path.join(dataDir, 'workflow-bundle.js');
  const args = RUNNING_TYPESCRIPT ? ['--import', 'tsx', SCRIPT, out] : [SCRIPT, out];
  try {
    await promisify(execFile)(process.execPath, args);
  } catch (err) {
    throw new Error(`Bundling the workflow code failed: ${(err as { stderr?: string }).stderr || (err as Error).message}`);
  }
  return out;
}
