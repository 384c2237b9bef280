import { Hono } from 'hono';
import { z } from 'zod';
import { zRole } from '../../utils/contract.ts';
import { requirePermission } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import { createUserToken, listTokens, revokeToken } from '../domain/tokens.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseBody, pathId } from '../http/validate.ts';
import { streamsRevoked } from '../live/signals.ts';

/** Server-only: the extension never manages tokens, so these shapes are not part of the shared contract. */
export const zTokenCreate = z.object({ name: z.string().trim().min(1).max(120), role: zRole });
export const zTokenInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: zRole,
  userId: z.uuid(),
  workspaceId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});
export const zCreatedToken = zTokenInfo.extend({ token: z.string() });

/** Admins manage tokens; each token belongs to a user of their own with the token's role. */
export const tokenRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .use(async (c, next) => {
      requirePermission(c.var.actor, 'token.manage');
      await next();
    })
    .get('/', async (c) => c.json({ data: await listTokens(deps.db, c.var.actor.workspaceId), nextCursor: null }))
    .post('/', async (c) => {
      const { name, role } = await parseBody(c, zTokenCreate);
      const created = await deps.db.transaction((tx) =>
        createUserToken(tx, { workspaceId: c.var.actor.workspaceId, name, role, now: deps.clock() }),
      );
      return c.json(created, 201);
    })
    .delete('/:id', async (c) => {
      const revoked = await revokeToken(deps.db, pathId(c, 'token'), deps.clock(), c.var.actor.workspaceId);
      if (revoked.length === 0) throw notFound('token');
      deps.tokenCache.clear();
      await streamsRevoked(
        deps.db,
        revoked.map((token) => token.id),
      );
      return c.body(null, 204);
    });
