import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/database.ts';
import { hashToken, resolveToken } from '../domain/tokens.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { TokenCache } from './token-cache.ts';

/** Resolves `Authorization: Bearer <token>` to the calling user, then spends one request of their rate budget. */
export function authenticate(
  db: Database,
  tokens: TokenCache,
  limiter: RateLimiter | undefined,
): MiddlewareHandler<AppEnv> {
  const resolve = async (token: string) => {
    const tokenHash = hashToken(token);
    const cached = tokens.get(tokenHash);
    if (cached) return cached;
    const actor = await resolveToken(db, token, tokenHash);
    if (actor) tokens.set(tokenHash, actor);
    return actor;
  };
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match?.[1] ? await resolve(match[1]) : undefined;
    if (!actor) throw new ApiError('unauthorized', 'a valid API token is required (Authorization: Bearer <token>)');
    const waitSeconds = limiter?.take(actor.tokenId) ?? 0;
    if (waitSeconds > 0) {
      c.header('Retry-After', String(waitSeconds));
      throw new ApiError('rate_limited', `too many requests; retry in ${waitSeconds} s`);
    }
    c.set('actor', actor);
    await next();
  };
}
