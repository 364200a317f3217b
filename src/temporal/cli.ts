import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectPath } from '../project-path';

const SCRIPT = projectPath('scripts', 'temporal-cli.sh');

/** Finds (or installs) the Temporal CLI with scripts/temporal-cli.sh; its message on failure. */
export async function findTemporalCli(cliPath?: string): Promise<string> {
  try {
    const env = { ...process.env, ...(cliPath ? { TEMPORAL_CLI_PATH: cliPath } : {}) };
    const { stdout } = await promisify(execFile)('bash', [SCRIPT], { env });
    return stdout.trim();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || `scripts/temporal-cli.sh failed: ${(err as Error).message}`);
  }
}
