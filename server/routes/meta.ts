import { Hono } from 'hono';
import { type Me, type UserStatus, zUserRename, zWorkspaceRename } from '../../utils/contract.ts';
import { requirePermission } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseBody } from '../http/validate.ts';

/** Who the caller is and where: read from the database, so a rename shows at once, not after the token cache. */
async function readMe(deps: Deps, actor: AppEnv['Variables']['actor']): Promise<Me> {
  const [row] = await deps.db.query<{ workspace: string; user: string; email: string | null; status: UserStatus }>(
    `SELECT w.name AS workspace, u.name AS user, u.email, u.status
       FROM workspaces w JOIN users u ON u.workspace_id = w.id
      WHERE w.id = $1 AND u.id = $2`,
    [actor.workspaceId, actor.userId],
  );
  if (!row) throw notFound('workspace');
  return {
    workspace: { id: actor.workspaceId, name: row.workspace },
    user: { id: actor.userId, name: row.user, role: actor.role, email: row.email, status: row.status },
  };
}

export const meRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .get('/me', async (c) => c.json(await readMe(deps, c.var.actor)))
    /** Anyone may change the name they are shown by; what they wrote before keeps the name it was written with. */
    .patch('/me', async (c) => {
      const { actor } = c.var;
      const { name: userName } = await parseBody(c, zUserRename);
      await deps.db.query('UPDATE users SET name = $3 WHERE workspace_id = $1 AND id = $2', [
        actor.workspaceId,
        actor.userId,
        userName,
      ]);
      return c.json(await readMe(deps, actor));
    })
    .patch('/workspace', async (c) => {
      const { actor } = c.var;
      requirePermission(actor, 'workspace.rename');
      const { name: workspaceName } = await parseBody(c, zWorkspaceRename);
      await deps.db.query('UPDATE workspaces SET name = $2 WHERE id = $1', [actor.workspaceId, workspaceName]);
      return c.json(await readMe(deps, actor));
    });
