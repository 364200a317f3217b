// Medusa's upload routes (protected upload, download link, delete) and GET /files/..., which
// serves a file to whoever holds a valid signed link.
import { adminSecurity, jsonResponse } from './openapi-helpers';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Readable } from 'node:stream';
import { assertValidFileKey, type FileInfo, type FileStore } from '../files/file-store';
import { FILES_PATH_PREFIX, type LinkSigner } from '../files/signed-links';
import type { AuthVariables } from './auth';
import { attachmentDisposition } from './content-disposition';
import { forbidden, invalidData, notFound } from './http-errors';
import { receiveUploads, UPLOAD_FIELD } from './multipart-upload';
import {
  DownloadUrlResponseSchema,
  ErrorSchema,
  FileDeletedResponseSchema,
  FileKeyBodySchema,
  UploadsResponseSchema,
} from './schemas';

export interface FileDependencies {
  store: FileStore;
  signer: LinkSigner;
  /** Per file. */
  maxUploadBytes: number;
  downloadUrlTtlMs: number;
}

const security = adminSecurity;
const json = jsonResponse;
const tags = ['Files'];
const adminErrors = {
  400: json(ErrorSchema, 'Invalid input'),
  401: json(ErrorSchema, 'Missing or invalid API token'),
  404: json(ErrorSchema, 'No such file for this user'),
};
const fileKeyBody = { body: { content: { 'application/json': { schema: FileKeyBodySchema } }, required: true } };

const uploadProtectedRoute = createRoute({
  method: 'post',
  path: '/admin/uploads/protected',
  tags,
  security,
  summary: 'Upload files',
  description:
    'Streams each file to the file store, owned by the caller. Answers a signed download link per file, valid for DOWNLOAD_URL_TTL.',
  request: {
    body: {
      required: true,
      content: {
        // A plain schema, not zod: with a zod schema the router would parse (and buffer) the whole
        // form itself before the handler, which streams it instead.
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { [UPLOAD_FIELD]: { type: 'array', items: { type: 'string', format: 'binary' } } },
            required: [UPLOAD_FIELD],
          },
        },
      },
    },
  },
  responses: {
    200: json(UploadsResponseSchema, 'The stored files, with a download link each'),
    ...adminErrors,
    413: json(ErrorSchema, 'A file exceeds MAX_UPLOAD_SIZE; nothing of the request is kept'),
  },
});

const downloadUrlRoute = createRoute({
  method: 'post',
  path: '/admin/uploads/download-url',
  tags,
  security,
  summary: 'Get a download link',
  description: "A signed link to one of the caller's files, valid for DOWNLOAD_URL_TTL.",
  request: fileKeyBody,
  responses: { 200: json(DownloadUrlResponseSchema, 'The link'), ...adminErrors },
});

const deleteUploadRoute = createRoute({
  method: 'delete',
  path: '/admin/uploads',
  tags,
  security,
  summary: 'Delete a file',
  description: "Deletes one of the caller's files; links to it stop working.",
  request: fileKeyBody,
  responses: { 200: json(FileDeletedResponseSchema, 'Deleted'), ...adminErrors },
});

// Documented here, served by app.get below: keys contain "/", which a `{key}` route parameter
// (one path segment) would not match when a client sends it unencoded.
const downloadFileRoute = createRoute({
  method: 'get',
  path: '/files/{key}',
  tags,
  summary: 'Download a file through a signed link',
  description: 'No token: the signature is the authority. The links come from the routes above; build none by hand.',
  parameters: [
    { name: 'key', in: 'path', required: true, schema: { type: 'string' }, description: 'The file key, URL-encoded' },
    { name: 'expires', in: 'query', required: true, schema: { type: 'string' }, description: 'Expiry, in ms since the epoch' },
    { name: 'signature', in: 'query', required: true, schema: { type: 'string' }, description: 'HMAC-SHA256, hex' },
  ],
  responses: {
    200: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } }, description: 'The file, as an attachment' },
    400: json(ErrorSchema, 'Not a valid file key'),
    403: json(ErrorSchema, 'The link has expired or its signature is invalid'),
    404: json(ErrorSchema, 'No such file'),
  },
});

export function registerUploadRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, files: FileDependencies): void {
  /** Absolute, on the origin the caller used to reach us. */
  const downloadLink = (c: Context, key: string) =>
    new URL(files.signer.sign(key, Date.now() + files.downloadUrlTtlMs), new URL(c.req.url).origin).toString();

  /** Another user's file answers exactly as a missing one, so keys cannot be probed. */
  async function ownFile(key: string, userId: string): Promise<FileInfo> {
    const info = await files.store.stat(key);
    if (!info || info.owner !== userId) throw notFound(`File ${key} was not found`);
    return info;
  }

  app.openapi(uploadProtectedRoute, async (c) => {
    const stored = await receiveUploads(c.req.raw, { store: files.store, owner: c.get('userId'), maxFileBytes: files.maxUploadBytes });
    return c.json({ uploads: stored.map(({ key }) => ({ url: downloadLink(c, key), key })) }, 200);
  });

  app.openapi(downloadUrlRoute, async (c) => {
    const { file_key } = c.req.valid('json');
    await ownFile(file_key, c.get('userId'));
    return c.json({ download_url: downloadLink(c, file_key) }, 200);
  });

  app.openapi(deleteUploadRoute, async (c) => {
    const { file_key } = c.req.valid('json');
    await ownFile(file_key, c.get('userId'));
    await files.store.delete(file_key);
    return c.json({ id: file_key, object: 'file' as const, deleted: true as const }, 200);
  });

  app.openAPIRegistry.registerPath(downloadFileRoute);
  app.get(`${FILES_PATH_PREFIX}*`, async (c) => {
    // From the raw path: Hono's decoded path keeps "%2F" as is, and the key is encoded whole.
    const encoded = new URL(c.req.url).pathname.slice(FILES_PATH_PREFIX.length);
    let key: string;
    try {
      key = decodeURIComponent(encoded);
    } catch {
      throw invalidData(`"${encoded.slice(0, 200)}" is not a valid file key: it is not valid URL encoding`);
    }
    assertValidFileKey(key);

    const expires = c.req.query('expires');
    const signature = c.req.query('signature');
    const renew = 'ask for a new one with POST /admin/uploads/download-url';
    if (!expires || !signature) throw forbidden(`The download link for ${key} is not signed (expires and signature are required): ${renew}`);
    const verdict = files.signer.inspect(key, expires, signature);
    if (verdict === 'invalid') throw forbidden(`The download link for ${key} has an invalid signature: ${renew}`);
    if (verdict === 'expired') {
      throw forbidden(`The download link for ${key} expired at ${new Date(Number(expires)).toISOString()}: ${renew}`);
    }

    const info = await files.store.stat(key);
    if (!info) throw notFound(`File ${key} was not found`);
    const headers = {
      'content-type': info.contentType,
      'content-length': String(info.size),
      'content-disposition': attachmentDisposition(info.fileName),
      // The content type is the uploader's: never let a browser sniff it into HTML.
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    };
    // Hono answers HEAD with this GET route; opening the file for a body nobody reads would only hold a descriptor.
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const stream = await files.store.get(key);
    const readable = stream instanceof Readable ? stream : new Readable().wrap(stream);
    return c.body(Readable.toWeb(readable) as unknown as ReadableStream, 200, headers);
  });
}
