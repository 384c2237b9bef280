import { Hono } from 'hono';
import type { Me } from '../../utils/contract.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { notFound } from '../http/errors.ts';

export const meRoutes = (deps: Deps) =>
  new Hono<AppEnv>().get('/me', async (c) => {
    const { actor } = c.var;
    const [workspace] = await deps.db.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [
      actor.workspaceId,
    ]);
    if (!workspace) throw notFound('workspace');
    const me: Me = {
      workspace: { id: actor.workspaceId, name: workspace.name },
      user: { id: actor.userId, name: actor.userName, role: actor.role },
    };
    return c.json(me);
  });
