/** People, devices and invites (issue 14), each action checked by the roles table, and signing a device out. */
import { Hono } from 'hono';
import { z } from 'zod';
import { inviteLink, zEntityId, zInviteCreate, zPersonPatch } from '../../utils/contract.ts';
import { requirePermission } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import { createInvite, listInvites, revokeInvite } from '../domain/invites.ts';
import { listDevices, listPeople, readPerson, revokeDevice, updatePerson } from '../domain/people.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseBody, parseQuery, pathId } from '../http/validate.ts';
import { streamsRevoked } from '../live/signals.ts';

export const peopleRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .use(async (c, next) => {
      requirePermission(c.var.actor, 'people.manage');
      await next();
    })
    .get('/', async (c) => c.json({ data: await listPeople(deps.db, c.var.actor.workspaceId), nextCursor: null }))
    .get('/:id', async (c) => {
      const person = await readPerson(deps.db, c.var.actor.workspaceId, pathId(c, 'person'));
      if (!person) throw notFound('person');
      return c.json(person);
    })
    .patch('/:id', async (c) => {
      const id = pathId(c, 'person');
      const patch = await parseBody(c, zPersonPatch);
      const person = await updatePerson(deps.db, c.var.actor.workspaceId, id, patch);
      // This process refuses the person's tokens at once; the others within their token cache's time.
      deps.tokenCache.clear();
      if (patch.status === 'deactivated') {
        const tokens = await deps.db.query<{ id: string }>(
          'SELECT id FROM api_tokens WHERE workspace_id = $1 AND user_id = $2 AND revoked_at IS NULL',
          [c.var.actor.workspaceId, id],
        );
        await streamsRevoked(
          deps.db,
          tokens.map((token) => token.id),
        );
      }
      return c.json(person);
    });

/** `?userId=` one person's (admins, or oneself); `?all=true` everyone's in the workspace (admins). */
const zDevicesQuery = z.object({ userId: zEntityId.optional(), all: z.enum(['true', 'false']).optional() });

export const deviceRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .get('/', async (c) => {
      const { actor } = c.var;
      const { userId, all } = parseQuery(c, zDevicesQuery);
      const everyone = all === 'true';
      if (everyone || (userId && userId !== actor.userId)) requirePermission(actor, 'people.manage');
      const data = await listDevices(deps.db, {
        workspaceId: actor.workspaceId,
        userId: everyone ? undefined : (userId ?? actor.userId),
        currentTokenId: actor.tokenId,
        expiryDays: deps.auth.deviceTokenExpiryDays,
        now: deps.clock(),
      });
      return c.json({ data, nextCursor: null });
    })
    .delete('/:id', async (c) => {
      const id = pathId(c, 'device');
      await revokeDevice(deps.db, c.var.actor, id, deps.clock());
      deps.tokenCache.clear();
      await streamsRevoked(deps.db, [id]);
      return c.body(null, 204);
    });

export const inviteRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .use(async (c, next) => {
      requirePermission(c.var.actor, 'invite.manage');
      await next();
    })
    .get('/', async (c) => c.json({ data: await listInvites(deps.db, c.var.actor.workspaceId), nextCursor: null }))
    .post('/', async (c) => {
      const input = await parseBody(c, zInviteCreate);
      const { invite, secret } = await createInvite(deps.db, c.var.actor, input, deps.clock());
      const serverUrl = deps.auth.publicUrl ?? new URL(c.req.url).origin;
      return c.json({ ...invite, url: inviteLink(serverUrl, secret) }, 201);
    })
    .delete('/:id', async (c) => {
      await revokeInvite(deps.db, c.var.actor.workspaceId, pathId(c, 'invite'), deps.clock());
      return c.body(null, 204);
    });

/** `POST /v1/auth/signout`: revokes the calling token (this browser's); the person's other devices stay. */
export const signOutRoutes = (deps: Deps) =>
  new Hono<AppEnv>().post('/signout', async (c) => {
    const { actor } = c.var;
    await deps.db.query(
      'UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE workspace_id = $1 AND id = $2',
      [actor.workspaceId, actor.tokenId, deps.clock()],
    );
    deps.tokenCache.clear();
    await streamsRevoked(deps.db, [actor.tokenId]);
    return c.body(null, 204);
  });
