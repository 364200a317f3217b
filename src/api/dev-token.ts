// In development, with no API_TOKENS, one token for user `admin` is made and kept under DATA_DIR
// so it survives restarts. Production refuses to start without tokens.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const DEV_USER = 'admin';

export interface ResolvedApiTokens {
  /** user_id:token pairs. */
  spec: string;
  /** The development token when one was made or reused, to print. */
  generated: string | null;
}

export async function resolveApiTokens(options: {
  apiTokens: string | undefined;
  env: string;
  dataDir: string;
}): Promise<ResolvedApiTokens> {
  if (options.apiTokens?.trim()) return { spec: options.apiTokens, generated: null };
  if (options.env === 'production') {
    throw new Error('API_TOKENS is required in production: set it to user_id:token pairs, comma separated');
  }
  const file = path.join(options.dataDir, 'api-token');
  let token = await readFile(file, 'utf8').then((t) => t.trim(), () => '');
  if (!token) {
    token = randomBytes(24).toString('base64url');
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(file, `${token}\n`, { mode: 0o600 });
  }
  return { spec: `${DEV_USER}:${token}`, generated: token };
}
