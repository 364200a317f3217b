// API tokens: `API_TOKENS=user_id:token,...`, sent as `x-medusa-access-token` (Medusa's client) or
// `Authorization: Bearer`. Tokens are kept hashed so a lookup leaks nothing through timing.
import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { unauthorized } from './http-errors';

export interface TokenTable {
  userFor(token: string): string | undefined;
  size: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export function parseApiTokens(spec: string): TokenTable {
  const users = new Map<string, string>();
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const userId = entry.slice(0, separator).trim();
    const token = entry.slice(separator + 1).trim();
    if (separator <= 0 || !userId || !token) {
      throw new Error(`API_TOKENS entry "${entry.slice(0, 40)}" is not user_id:token`);
    }
    users.set(hash(token), userId);
  }
  return { userFor: (token) => users.get(hash(token)), size: users.size };
}

export type AuthVariables = { userId: string };

export function requireApiToken(tokens: TokenTable) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = c.req.header('x-medusa-access-token') ?? bearer;
    if (!token) {
      throw unauthorized('Missing API token: send it in the x-medusa-access-token header or as Authorization: Bearer <token>');
    }
    const userId = tokens.userFor(token.trim());
    if (!userId) throw unauthorized('Invalid API token');
    c.set('userId', userId);
    await next();
  });
}
