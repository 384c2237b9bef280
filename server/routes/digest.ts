/** The weekly digest for the hub, and where a team's digest is delivered (admins). */
import { Hono } from 'hono';
import { type DigestAnswer, type DigestSettingsAnswer, zDigestQuery, zDigestSettings } from '../../utils/contract.ts';
import { computeDigest, teamsOfUser } from '../digest/model.ts';
import { digestToMarkdown } from '../digest/render.ts';
import { weekStarting } from '../digest/week.ts';
import { requirePermission } from '../domain/actor.ts';
import { teams as teamSpec } from '../domain/entities.ts';
import { getEntity } from '../domain/store.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseBody, parseQuery, pathId } from '../http/validate.ts';

export const digestRoutes = (deps: Deps, options: { hubUrl?: string } = {}) =>
  new Hono<AppEnv>()
    .get('/digest', async (c) => {
      const { actor } = c.var;
      const query = parseQuery(c, zDigestQuery);
      const teamIds =
        query.teams === 'mine'
          ? (await teamsOfUser(deps.db, actor.workspaceId, actor.userName)).map((team) => team.id)
          : query.teams.split(',');
      // The week in the first team's time zone (each team's own, when it is one team).
      const [first] = teamIds.length
        ? await deps.db.query<{ time_zone: string }>(
            'SELECT time_zone FROM teams WHERE workspace_id = $1 AND id = $2',
            [actor.workspaceId, teamIds[0]],
          )
        : [];
      const digest = await computeDigest(
        deps.db,
        actor.workspaceId,
        teamIds,
        weekStarting(query.week, first?.time_zone ?? 'UTC'),
      );
      const answer: DigestAnswer = { digest, markdown: digestToMarkdown(digest, options) };
      return c.json(answer);
    })
    .put('/teams/:id/digest-settings', async (c) => {
      const { actor } = c.var;
      requirePermission(actor, 'team.write');
      const id = pathId(c, 'team');
      const settings = await parseBody(c, zDigestSettings);
      await getEntity(deps.db, teamSpec, actor.workspaceId, id);
      await deps.db.query(
        `INSERT INTO digest_settings (workspace_id, team_id, email_enabled, webhook_url, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workspace_id, team_id) DO UPDATE SET email_enabled = $3, webhook_url = $4, updated_at = $5`,
        [actor.workspaceId, id, settings.emailEnabled, settings.webhookUrl, deps.clock().toISOString()],
      );
      // The webhook URL is a secret: it is not echoed back.
      const answer: DigestSettingsAnswer = {
        emailEnabled: settings.emailEnabled,
        webhook: settings.webhookUrl !== null,
      };
      return c.json(answer);
    });
