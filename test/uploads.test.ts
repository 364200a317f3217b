// Files through real HTTP: Medusa's upload routes, signed download links, ownership, limits, bad
// keys; and the store itself: escaping keys, failed bodies, a 50 MB body kept out of memory.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../src/byte-size';
import { ConfigError, loadConfig } from '../src/config';
import { FileNotFoundError, InvalidFileKeyError } from '../src/files/file-store';
import { createLocalFileStore } from '../src/files/local-file-store';
import { createLinkSigner } from '../src/files/signed-links';
import { resolveFileSigningSecret } from '../src/files/signing-secret';
import { startHarness, TOKENS, type Harness, type TestUser } from './support/harness';

let h: Harness;
/** 1 KB per file, links valid for 1 ms; no worker, the routes need none. */
let tight: Harness;
beforeAll(async () => {
  [h, tight] = await Promise.all([
    startHarness(),
    startHarness({ startWorker: false, files: { maxUploadBytes: 1024, downloadUrlTtlMs: 1 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([h?.close(), tight?.close()]);
});

interface TestFile {
  name: string;
  content: Uint8Array | string;
  type?: string;
}

async function upload(files: TestFile[], options: { harness?: Harness; user?: TestUser | null; field?: string } = {}) {
  const { harness = h, user = 'alice', field = 'files' } = options;
  const form = new FormData();
  for (const file of files) form.append(field, new Blob([file.content], { type: file.type ?? 'application/octet-stream' }), file.name);
  const response = await fetch(`${harness.baseUrl}/admin/uploads/protected`, {
    method: 'POST',
    headers: user ? { 'x-medusa-access-token': TOKENS[user] } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function uploadOne(file: TestFile, harness = h): Promise<{ url: string; key: string }> {
  const response = await upload([file], { harness });
  if (response.status !== 200) throw new Error(`upload failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.uploads[0];
}

async function download(url: string) {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, headers: response.headers, bytes, body: isJson ? JSON.parse(bytes.toString()) : null };
}

const presign = (key: string, user: TestUser = 'alice', harness = h) =>
  harness.request('POST', '/admin/uploads/download-url', { user, body: { file_key: key } });
const remove = (key: string, user: TestUser = 'alice', harness = h) =>
  harness.request('DELETE', '/admin/uploads', { user, body: { file_key: key } });

async function filesOnDisk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

const CSV = 'id,title\nprod_1,Shirt\nprod_2,"Mug, large"\n';

describe('POST /admin/uploads/protected', () => {
  it('stores one file and answers its key and a signed absolute link that downloads the same bytes', async () => {
    const response = await upload([{ name: 'products.csv', content: CSV, type: 'text/csv' }]);
    expect(response.status).toBe(200);
    expect(response.body.uploads).toHaveLength(1);
    const [{ url, key }] = response.body.uploads;
    expect(key).toMatch(/^uploads\/[0-9A-Z]{26}-products\.csv$/);
    expect(url.startsWith(`${h.baseUrl}/files/${encodeURIComponent(key)}?expires=`)).toBe(true);

    const file = await download(url);
    expect(file.status).toBe(200);
    expect(file.bytes.toString()).toBe(CSV);
    expect(file.headers.get('content-type')).toBe('text/csv');
    expect(file.headers.get('content-length')).toBe(String(Buffer.byteLength(CSV)));
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="products.csv"; filename*=UTF-8''products.csv`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('stores two files, in order, each downloading its own bytes (binary, several chunks)', async () => {
    const binary = randomBytes(3 * 1024 * 1024 + 17);
    const response = await upload([
      { name: 'first.csv', content: CSV, type: 'text/csv' },
      { name: 'photo.bin', content: binary },
    ]);
    expect(response.status).toBe(200);
    const [first, second] = response.body.uploads;
    expect(first.key).toMatch(/-first\.csv$/);
    expect(second.key).toMatch(/-photo\.bin$/);
    expect((await download(first.url)).bytes.toString()).toBe(CSV);
    const photo = await download(second.url);
    expect(photo.status).toBe(200);
    expect(photo.bytes.equals(binary)).toBe(true);
    expect(photo.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('keeps an unsafe file name for the download but not in the key', async () => {
    const { url, key } = await uploadOne({ name: '../Prix été "final".csv', content: 'a' });
    expect(key).toMatch(/^uploads\/[0-9A-Z]{26}-Prix_ete_final_\.csv$/);
    const disposition = (await download(url)).headers.get('content-disposition');
    expect(disposition).toBe(`attachment; filename="Prix ete _final_.csv"; filename*=UTF-8''Prix%20%C3%A9t%C3%A9%20%22final%22.csv`);
  });

  it('answers 400 naming the files field when there is none', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const response = await fetch(`${h.baseUrl}/admin/uploads/protected`, {
      method: 'POST',
      headers: { 'x-medusa-access-token': TOKENS.alice },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: 'invalid_data',
      message: 'files: required; send multipart/form-data with one or more files in the field "files"',
    });

    const notMultipart = await h.request('POST', '/admin/uploads/protected', { body: { files: [] } });
    expect(notMultipart.status).toBe(400);
    expect(notMultipart.body.message).toMatch(/^files: required/);
  });

  it('answers 400 naming a file sent in another field, and keeps nothing', async () => {
    const response = await upload([{ name: 'a.csv', content: CSV }], { field: 'file' });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^file: unexpected file field; send .* in the field "files"$/);
  });

  it('needs a token', async () => {
    const response = await upload([{ name: 'a.csv', content: CSV }], { user: null });
    expect(response.status).toBe(401);
  });
});

describe('upload limit', () => {
  it('answers 413 for a file over the limit, and keeps none of the request, not even the files before it', async () => {
    const before = await filesOnDisk(tight.filesDir);
    const response = await upload(
      [
        { name: 'small.csv', content: CSV },
        { name: 'big.bin', content: randomBytes(2048) },
      ],
      { harness: tight },
    );
    expect(response).toEqual({ status: 413, body: { type: 'invalid_data', message: 'File big.bin exceeds the upload limit of 1 KB' } });
    expect(await filesOnDisk(tight.filesDir)).toEqual(before);
  });

  it('takes a file of exactly the limit', async () => {
    const response = await upload([{ name: 'exact.bin', content: randomBytes(1024) }], { harness: tight });
    expect(response.status).toBe(200);
  });

  it('refuses a large file early, without reading it all', async () => {
    const response = await upload([{ name: 'huge.bin', content: new Uint8Array(20 * 1024 * 1024) }], { harness: tight });
    expect(response.status).toBe(413);
    expect(response.body.message).toBe('File huge.bin exceeds the upload limit of 1 KB');
    const left = (await filesOnDisk(tight.filesDir)).filter((f) => f.includes('huge'));
    expect(left).toEqual([]);
  });
});

describe('signed links', () => {
  it('POST /admin/uploads/download-url answers a fresh link to the same file', async () => {
    const { key } = await uploadOne({ name: 'report.csv', content: CSV, type: 'text/csv' });
    const response = await presign(key);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['download_url']);
    expect(response.body.download_url.startsWith(`${h.baseUrl}/files/`)).toBe(true);
    expect((await download(response.body.download_url)).bytes.toString()).toBe(CSV);
  });

  it('refuses an expired link with 403 saying it expired', async () => {
    const { url, key } = await uploadOne({ name: 'soon-gone.csv', content: CSV }, tight);
    await new Promise((r) => setTimeout(r, 20));
    const response = await download(url);
    expect(response.status).toBe(403);
    expect(response.body.type).toBe('not_allowed');
    expect(response.body.message).toMatch(
      new RegExp(`^The download link for ${key} expired at \\d{4}-.*Z: ask for a new one with POST /admin/uploads/download-url$`),
    );
  });

  it('refuses a tampered signature, a moved expiry and a missing signature with 403 saying which', async () => {
    const { url, key } = await uploadOne({ name: 'guarded.csv', content: CSV });
    const link = new URL(url);
    const signature = link.searchParams.get('signature')!;

    const tampered = new URL(link);
    tampered.searchParams.set('signature', `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`);
    const bad = await download(tampered.toString());
    expect(bad.status).toBe(403);
    expect(bad.body).toEqual({
      type: 'not_allowed',
      message: `The download link for ${key} has an invalid signature: ask for a new one with POST /admin/uploads/download-url`,
    });

    const extended = new URL(link);
    extended.searchParams.set('expires', String(Date.now() + 365 * 86_400_000));
    expect((await download(extended.toString())).body.message).toMatch(/has an invalid signature/);

    const otherKey = await uploadOne({ name: 'other.csv', content: 'secret' });
    const swapped = new URL(link);
    swapped.pathname = `/files/${encodeURIComponent(otherKey.key)}`;
    expect((await download(swapped.toString())).body.message).toMatch(/has an invalid signature/);

    const unsigned = await download(`${h.baseUrl}/files/${encodeURIComponent(key)}`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.message).toMatch(/is not signed \(expires and signature are required\)/);
  });

  it('serves a link with the key unencoded too', async () => {
    const { url, key } = await uploadOne({ name: 'plain.csv', content: CSV });
    const plain = url.replace(encodeURIComponent(key), key);
    expect(plain).toContain('/files/uploads/');
    expect((await download(plain)).bytes.toString()).toBe(CSV);
  });
});

describe('ownership', () => {
  it("answers another user's file exactly as a missing one, for presign and delete, and leaves it alone", async () => {
    const { key } = await uploadOne({ name: 'alice-only.csv', content: CSV });
    const expected = { status: 404, body: { type: 'not_found', message: `File ${key} was not found` } };
    expect(await presign(key, 'bob')).toEqual(expected);
    expect(await remove(key, 'bob')).toEqual(expected);

    const missing = 'uploads/01ARZ3NDEKTSV4RRFFQ69G5FAV-nothing.csv';
    expect(await presign(missing, 'alice')).toEqual({ status: 404, body: { type: 'not_found', message: `File ${missing} was not found` } });

    const link = await presign(key, 'alice');
    expect((await download(link.body.download_url)).bytes.toString()).toBe(CSV);
  });
});

describe('DELETE /admin/uploads', () => {
  it("answers Medusa's deletion shape; the file then downloads as 404 and cannot be presigned or deleted again", async () => {
    const { url, key } = await uploadOne({ name: 'temporary.csv', content: CSV });
    expect(await remove(key)).toEqual({ status: 200, body: { id: key, object: 'file', deleted: true } });
    const gone = await download(url);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ type: 'not_found', message: `File ${key} was not found` });
    expect((await presign(key)).status).toBe(404);
    expect((await remove(key)).status).toBe(404);
    expect((await filesOnDisk(h.filesDir)).filter((f) => f.includes('temporary'))).toEqual([]);
  });
});

describe('invalid keys', () => {
  it.each([
    ['../secret.txt', 'it contains ".."'],
    ['uploads/../../etc/passwd', 'it contains ".."'],
    ['/etc/passwd', 'it is an absolute path'],
    ['uploads\\evil.csv', 'it contains a backslash'],
    ['uploads/a\0b', 'it contains a NUL character'],
    ['uploads/.hidden', 'its segment ".hidden" starts with a dot'],
    ['', 'it is empty'],
  ])('refuses %j with 400 naming file_key', async (key, reason) => {
    const expected = { status: 400, body: { type: 'invalid_data', message: `file_key: "${key}" is not a valid file key: ${reason}` } };
    expect(await presign(key)).toEqual(expected);
    expect(await remove(key)).toEqual(expected);
  });

  it('refuses an escaping key in a download link with 400', async () => {
    const response = await download(`${h.baseUrl}/files/..%2F..%2Fetc%2Fpasswd?expires=1&signature=00`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ type: 'invalid_data', message: '"../../etc/passwd" is not a valid file key: it contains ".."' });
  });

  it('names an unknown body field', async () => {
    const response = await h.request('POST', '/admin/uploads/download-url', { body: { file_key: 'uploads/x.csv', ttl: 5 } });
    expect(response).toEqual({ status: 400, body: { type: 'invalid_data', message: 'ttl: unknown field' } });
  });
});

describe('OpenAPI', () => {
  it('documents the multipart body of the upload route', async () => {
    const { body } = await h.request('GET', '/openapi.json', { user: null });
    const multipart = body.paths['/admin/uploads/protected'].post.requestBody.content['multipart/form-data'];
    expect(multipart.schema.properties.files).toEqual({ type: 'array', items: { type: 'string', format: 'binary' } });
    expect(body.paths['/files/{key}'].get.responses).toHaveProperty('403');
  });
});

describe('local file store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'file-store-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a 50 MB body to disk without holding it in memory', async () => {
    const store = createLocalFileStore(dir);
    const chunkSize = 64 * 1024;
    const total = 50 * 1024 * 1024;
    // Collect garbage as the body goes, so RSS counts what put keeps, not chunks already written
    // that the GC has not got round to (about 25 MB of them otherwise, too close to call).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage.rss();
    let peak = before;
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let sent = 0; sent < total; sent += chunkSize) {
        if (sent % (4 * 1024 * 1024) === 0) gc();
        peak = Math.max(peak, process.memoryUsage.rss());
        yield Buffer.alloc(chunkSize, (sent / chunkSize) % 251);
      }
    }
    const result = await store.put('exports/batch_test/fifty.bin', body(), { owner: 'alice' });
    peak = Math.max(peak, process.memoryUsage.rss());
    expect(result).toEqual({ key: 'exports/batch_test/fifty.bin', size: total });
    expect((await stat(path.join(dir, 'exports/batch_test/fifty.bin'))).size).toBe(total);
    expect(peak - before).toBeLessThan(30 * 1024 * 1024);
  });

  it('keeps metadata in a sidecar and nothing of a body that fails', async () => {
    const store = createLocalFileStore(dir);
    await store.put('uploads/meta.csv', Readable.from([Buffer.from(CSV)]), { owner: 'bob', contentType: 'text/csv', fileName: 'Meta.csv' });
    expect(await store.stat('uploads/meta.csv')).toMatchObject({ key: 'uploads/meta.csv', size: CSV.length, owner: 'bob', contentType: 'text/csv', fileName: 'Meta.csv' });

    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('half a file');
      throw new Error('client went away');
    }
    await expect(store.put('uploads/half.csv', failing(), { owner: 'bob' })).rejects.toThrow('client went away');
    expect(await store.stat('uploads/half.csv')).toBeNull();
    await expect(store.get('uploads/half.csv')).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await readdir(path.join(dir, '.tmp'))).toEqual([]);

    expect(await store.delete('uploads/meta.csv')).toBe(true);
    expect(await store.delete('uploads/meta.csv')).toBe(false);
  });

  it('concatenates parts into a new file, in order, keeping the parts; a missing part leaves nothing', async () => {
    const store = createLocalFileStore(dir);
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // over the copy buffer, so it takes several reads
    await store.put('exports/joined/parts/a', Readable.from([Buffer.from('head\n')]), { owner: 'carol' });
    await store.put('exports/joined/parts/b', Readable.from([big]), { owner: 'carol' });
    await store.put('exports/joined/parts/c', Readable.from([Buffer.from('tail\n')]), { owner: 'carol' });
    const parts = ['exports/joined/parts/a', 'exports/joined/parts/b', 'exports/joined/parts/c'];
    const result = await store.concat('exports/joined/out.csv', parts, { owner: 'carol', contentType: 'text/csv', fileName: 'out.csv' });
    const expected = Buffer.concat([Buffer.from('head\n'), big, Buffer.from('tail\n')]);
    expect(result).toEqual({ key: 'exports/joined/out.csv', size: expected.length });
    expect((await readFile(path.join(dir, 'exports/joined/out.csv'))).equals(expected)).toBe(true);
    expect(await store.stat('exports/joined/out.csv')).toMatchObject({ size: expected.length, owner: 'carol', contentType: 'text/csv', fileName: 'out.csv' });
    for (const part of parts) expect(await store.stat(part)).not.toBeNull();

    await expect(store.concat('exports/joined/other.csv', [parts[0]!, 'exports/joined/parts/missing'], { owner: 'carol' })).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await store.stat('exports/joined/other.csv')).toBeNull();
    expect(await readdir(path.join(dir, '.tmp'))).toEqual([]);
  });

  it('refuses keys that could escape its folder, in every method', async () => {
    const store = createLocalFileStore(dir);
    for (const key of ['../x', '/tmp/x', 'a/../../x', 'a\\x', 'a\0x']) {
      await expect(store.put(key, Readable.from([Buffer.from('x')]), { owner: 'a' })).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(store.concat(key, [], { owner: 'a' })).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(store.concat('exports/ok.csv', [key], { owner: 'a' })).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
    }
  });
});

describe('link signer and its secret', () => {
  it('signs a key and expiry, and tells valid, expired and invalid apart', () => {
    const signer = createLinkSigner('s'.repeat(32));
    const link = new URL(signer.sign('exports/batch_1/products.csv', 2_000), 'http://x');
    expect(link.pathname).toBe('/files/exports%2Fbatch_1%2Fproducts.csv');
    const expires = link.searchParams.get('expires')!;
    const signature = link.searchParams.get('signature')!;
    expect(signer.inspect('exports/batch_1/products.csv', expires, signature, 1_000)).toBe('valid');
    expect(signer.inspect('exports/batch_1/products.csv', expires, signature, 3_000)).toBe('expired');
    expect(signer.inspect('exports/batch_1/other.csv', expires, signature, 1_000)).toBe('invalid');
    expect(createLinkSigner('t'.repeat(32)).inspect('exports/batch_1/products.csv', expires, signature, 1_000)).toBe('invalid');
    expect(signer.verify('exports/batch_1/products.csv', expires, signature)).toBe(false); // expired by now
  });

  it('makes a secret once, keeps it with mode 0600 and reuses it; a configured one wins', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signing-secret-test-'));
    try {
      const first = await resolveFileSigningSecret({ secret: undefined, dataDir });
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(await resolveFileSigningSecret({ secret: undefined, dataDir })).toBe(first);
      expect((await stat(path.join(dataDir, 'file-signing-secret'))).mode & 0o777).toBe(0o600);
      expect(await resolveFileSigningSecret({ secret: 'configured', dataDir })).toBe('configured');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('files configuration', () => {
  it('defaults to DATA_DIR/files, 100 MB, 1h and a generated secret', () => {
    const config = loadConfig({ DATA_DIR: '/srv/data' });
    expect(config.files).toEqual({ dir: '/srv/data/files', maxUploadBytes: 100 * 1024 * 1024, downloadUrlTtlMs: 3_600_000, signingSecret: undefined });
    expect(formatByteSize(config.files.maxUploadBytes)).toBe('100 MB');
  });

  it('reads sizes in bytes or with a unit, and names a bad one', () => {
    expect(loadConfig({ MAX_UPLOAD_SIZE: '512KB', DOWNLOAD_URL_TTL: '5m', FILES_DIR: '/x' }).files).toMatchObject({
      dir: '/x',
      maxUploadBytes: 512 * 1024,
      downloadUrlTtlMs: 300_000,
    });
    expect(parseByteSize('1048576')).toBe(1048576);
    expect(parseByteSize('1.5 gb')).toBe(1.5 * 1024 ** 3);
    expect(formatByteSize(1536)).toBe('1536 bytes');
    expect(() => loadConfig({ MAX_UPLOAD_SIZE: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_UPLOAD_SIZE: 'lots' })).toThrow(/MAX_UPLOAD_SIZE: "lots" is not a size/);
    expect(() => loadConfig({ FILE_SIGNING_SECRET: 'short' })).toThrow(/FILE_SIGNING_SECRET: must be at least 32 characters/);
  });
});
