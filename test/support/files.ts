// Uploading and downloading through the API, as Medusa's admin does.
import { TOKENS, type Harness, type TestUser } from './harness';

export async function uploadFile(h: Harness, name: string, content: string | Uint8Array, user: TestUser = 'alice'): Promise<string> {
  const form = new FormData();
  form.append('files', new Blob([content], { type: 'text/csv' }), name);
  const response = await fetch(`${h.baseUrl}/admin/uploads/protected`, {
    method: 'POST',
    headers: { 'x-medusa-access-token': TOKENS[user] },
    body: form,
  });
  const body = (await response.json()) as any;
  if (response.status !== 200) throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  return body.uploads[0].key;
}

export async function downloadFile(h: Harness, key: string, user: TestUser = 'alice'): Promise<Buffer> {
  const presigned = await h.request('POST', '/admin/uploads/download-url', { user, body: { file_key: key } });
  if (presigned.status !== 200) throw new Error(`presign failed: ${presigned.status} ${JSON.stringify(presigned.body)}`);
  const response = await fetch(presigned.body.download_url);
  if (response.status !== 200) throw new Error(`download failed: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
