// `content-disposition: attachment` for any file name: a plain ASCII fallback for old clients and
// the exact name in RFC 5987 form (filename*), so quotes, newlines or non-ASCII in a user's file
// name cannot break or inject into the header.
const rfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function attachmentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\]/g, '_') || 'file';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
