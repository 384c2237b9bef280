import { Hono } from 'hono';
import { z } from 'zod';
import { MUTATION_BATCH_MAX, PULL_PAGE_MAX, zCursor, zEntityId } from '../../utils/contract.ts';
import { applyMutations } from '../domain/mutations.ts';
import { pullChangesJson } from '../domain/sync.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseQuery, parseWith, readBody } from '../http/validate.ts';

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

export const syncRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .get('/sync', async (c) => {
      const { cursor, limit } = parseQuery(c, zPullQuery);
      const { workspaceId } = c.var.actor;
      const page = await deps.pullCache.get(`${workspaceId}:${cursor}:${limit}`, async () => {
        const { json, hasMore } = await pullChangesJson(deps.db, workspaceId, cursor, limit);
        return { json, cacheable: hasMore };
      });
      return c.body(page, 200, { 'content-type': 'application/json' });
    })
    .post('/mutations', async (c) => {
      const { mutations } = parseWith(zMutationEnvelope, await readBody(c));
      return c.json({ results: await applyMutations(deps.db, c.var.actor, deps.clock, mutations) });
    });
