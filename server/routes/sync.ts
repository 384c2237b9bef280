import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Hono } from 'hono';
import { z } from 'zod';
import { MUTATION_BATCH_MAX, PULL_PAGE_MAX, zCursor, zEntityId } from '../../utils/contract.ts';
import { applyMutations } from '../domain/mutations.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseQuery, parseWith, readBody } from '../http/validate.ts';

const gunzipAsync = promisify(gunzip);

const zPullQuery = z.object({
  cursor: zCursor.default('0'),
  limit: z.coerce.number().int().min(1).max(PULL_PAGE_MAX).default(500),
});

/**
 * Only the envelope is checked as a whole: each mutation is validated on its own, so one malformed mutation is
 * rejected in its result while the others apply. An element without a UUID `mutationId` cannot be answered, though.
 */
const zMutationEnvelope = z.object({
  mutations: z
    .array(z.looseObject({ mutationId: zEntityId }))
    .min(1)
    .max(MUTATION_BATCH_MAX),
});

/** `gzip` listed without `q=0`; other codings are not offered, so identity is the fallback. */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((entry) => {
    const [coding, ...params] = entry.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
    return (coding === 'gzip' || coding === 'x-gzip') && !refused;
  });
}

export const syncRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .get('/sync', async (c) => {
      const { cursor, limit } = parseQuery(c, zPullQuery);
      const { workspaceId } = c.var.actor;
      const page = await deps.pullCache.get(workspaceId, cursor, limit);
      c.header('Vary', 'Accept-Encoding', { append: true });
      // RFC 8288 paging: a client can ask for the next page before it has decoded this one.
      if (page.hasMore) c.header('Link', `</v1/sync?cursor=${page.cursor}&limit=${limit}>; rel="next"`);
      const headers = { 'content-type': 'application/json' };
      if (acceptsGzip(c.req.header('accept-encoding'))) {
        return c.body(page.gzip, 200, { ...headers, 'content-encoding': 'gzip' });
      }
      return c.body(new Uint8Array(await gunzipAsync(page.gzip)), 200, headers);
    })
    .post('/mutations', async (c) => {
      const { mutations } = parseWith(zMutationEnvelope, await readBody(c));
      return c.json({ results: await applyMutations(deps.db, c.var.actor, deps.clock, mutations) });
    });
