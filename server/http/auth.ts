import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/actor.ts';
import { ApiError } from '../domain/errors.ts';
import type { Clock } from '../domain/session.ts';
import { hashToken, resolveToken, type TokenRefusal } from '../domain/tokens.ts';
import type { AppEnv } from './context.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { TokenCache } from './token-cache.ts';

/** The peer address of the request's socket, as @hono/node-server hands it over; undefined elsewhere. */
export function clientAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}

/**
 * Resolves `Authorization: Bearer <token>` to the calling user, then spends one request of their rate budget. A
 * token that resolves to no one spends one of its client address's `failures` budget; while that is spent, tokens
 * this process does not know already are refused from that address with 429 before any lookup.
 */
export function authenticate(
  db: Database,
  tokens: TokenCache,
  limiter: RateLimiter | undefined,
  failures?: RateLimiter,
  options: { clock: Clock; deviceTokenExpiryDays: number } = {
    clock: () => new Date(),
    deviceTokenExpiryDays: Number.POSITIVE_INFINITY,
  },
): MiddlewareHandler<AppEnv> {
  // A client's requests arrive together (a sync pulls many pages at once), and its cached token expires for all
  // of them at the same moment: they share one lookup instead of each making its own.
  const lookups = new Map<string, Promise<Actor | TokenRefusal | undefined>>();
  const resolve = (token: string) => {
    const tokenHash = hashToken(token);
    const cached = tokens.get(tokenHash);
    if (cached) return cached;
    let lookup = lookups.get(tokenHash);
    if (!lookup) {
      const resolveOptions = { now: options.clock(), deviceTokenExpiryDays: options.deviceTokenExpiryDays };
      lookup = resolveToken(db, token, tokenHash, resolveOptions)
        .then((actor) => {
          if (actor && !('refused' in actor)) tokens.set(tokenHash, actor);
          return actor;
        })
        .finally(() => lookups.delete(tokenHash));
      lookups.set(tokenHash, lookup);
    }
    return lookup;
  };
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const address = failures && token ? clientAddress(c) : undefined;
    if (failures && token && address && !tokens.get(hashToken(token))) {
      rateLimited(c, failures.wait(address), 'too many unknown tokens from this address');
    }
    const actor = token ? await resolve(token) : undefined;
    if (actor && 'refused' in actor) {
      // A known token: not a guess, so the address's budget for unknown tokens is left alone.
      throw actor.refused === 'token_expired'
        ? new ApiError('token_expired', 'this device token expired after going unused; sign in again')
        : new ApiError('account_deactivated', 'this account was deactivated by an admin of the workspace');
    }
    if (!actor) {
      if (failures && address) failures.take(address);
      throw new ApiError('unauthorized', 'a valid API token is required (Authorization: Bearer <token>)');
    }
    rateLimited(c, limiter?.take(actor.tokenId) ?? 0, 'too many requests');
    c.set('actor', actor);
    await next();
  };
}

/** Throws 429 with Retry-After when `waitSeconds` is positive. */
function rateLimited(c: Context, waitSeconds: number, reason: string) {
  if (waitSeconds <= 0) return;
  c.header('Retry-After', String(waitSeconds));
  throw new ApiError('rate_limited', `${reason}; retry in ${waitSeconds} s`, {
    params: { retryAfterSeconds: waitSeconds },
  });
}
