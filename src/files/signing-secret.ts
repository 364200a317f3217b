// The secret that signs download links: FILE_SIGNING_SECRET when set, else one made once and kept
// under DATA_DIR (mode 0600), so links handed out stay valid across restarts, as
// src/api/dev-token.ts does for the development API token.
import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SIGNING_SECRET_FILE = 'file-signing-secret';

export async function resolveFileSigningSecret(options: { secret: string | undefined; dataDir: string }): Promise<string> {
  if (options.secret) return options.secret;
  const file = path.join(options.dataDir, SIGNING_SECRET_FILE);
  const kept = await readFile(file, 'utf8').then((s) => s.trim(), () => '');
  if (kept) return kept;

  await mkdir(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // Written whole to a temp file, then linked into place, which fails if the file exists: when
  // processes sharing DATA_DIR (the API, workers) start together, one secret wins and all use it.
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, `${secret}\n`, { mode: 0o600 });
  try {
    await link(tmp, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const written = (await readFile(file, 'utf8')).trim();
    if (!written) throw new Error(`${file} is empty: delete it or set FILE_SIGNING_SECRET`);
    return written;
  } finally {
    await rm(tmp, { force: true });
  }
}
