import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/actor.ts';
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
  // A client's requests arrive together (a sync pulls many pages at once), and its cached token expires for all
  // of them at the same moment: they share one lookup instead of each making its own.
  const lookups = new Map<string, Promise<Actor | undefined>>();
  const resolve = (token: string) => {
    const tokenHash = hashToken(token);
    const cached = tokens.get(tokenHash);
    if (cached) return cached;
    let lookup = lookups.get(tokenHash);
    if (!lookup) {
      lookup = resolveToken(db, token, tokenHash)
        .then((actor) => {
          if (actor) tokens.set(tokenHash, actor);
          return actor;
        })
        .finally(() => lookups.delete(tokenHash));
      lookups.set(tokenHash, lookup);
    }
    return lookup;
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
