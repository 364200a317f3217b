// Download links that carry their own authority: the key and an expiry, signed with HMAC-SHA256,
// so GET /files/... needs no token and the link can be handed to a browser or another service.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkVerdict = 'valid' | 'expired' | 'invalid';

export interface LinkSigner {
  /** `/files/<url-encoded key>?expires=<ms>&signature=<hex>`, relative to the API's origin. */
  sign(key: string, expiresAtMs: number): string;
  /** Why a link is refused: 'invalid' when the signature does not match (whatever the expiry says,
   * since an unsigned expiry means nothing), else 'expired' once its time has passed. */
  inspect(key: string, expires: string | undefined, signature: string | undefined, nowMs?: number): LinkVerdict;
  /** True for a link signed by this secret and not yet expired. */
  verify(key: string, expires: string | undefined, signature: string | undefined): boolean;
}

export const FILES_PATH_PREFIX = '/files/';

export function createLinkSigner(secret: string): LinkSigner {
  if (!secret) throw new Error('A link signing secret is required');
  // NUL separates the two because a key can never contain one, so no (key, expires) pair signs
  // the same bytes as another.
  const mac = (key: string, expires: string) => createHmac('sha256', secret).update(`${key}\0${expires}`).digest();

  const inspect: LinkSigner['inspect'] = (key, expires, signature, nowMs = Date.now()) => {
    if (!expires || !/^\d{1,16}$/.test(expires) || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return 'invalid';
    if (!timingSafeEqual(mac(key, expires), Buffer.from(signature, 'hex'))) return 'invalid';
    return Number(expires) < nowMs ? 'expired' : 'valid';
  };

  return {
    sign(key, expiresAtMs) {
      const expires = String(Math.floor(expiresAtMs));
      const signature = mac(key, expires).toString('hex');
      return `${FILES_PATH_PREFIX}${encodeURIComponent(key)}?expires=${expires}&signature=${signature}`;
    },
    inspect,
    verify: (key, expires, signature) => inspect(key, expires, signature) === 'valid',
  };
}
