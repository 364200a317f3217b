// Runs the real `temporal` CLI against the test server, as a person would type it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';

export async function temporalCli(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(inject('temporalCliPath'), [...args, '--address', inject('temporalAddress')], {
    timeout: 30_000,
  });
  return stdout;
}
