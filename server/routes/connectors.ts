import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import {
  type ConnectorInput,
  type ImportRun,
  type SuggestionDecisionResult,
  zConnectorInput,
  zSuggestionDecisions,
  zSuggestionStatus,
  zTool,
} from '../../utils/contract.ts';
import { IMPORT_QUEUE } from '../connectors/imports.ts';
import { SecretKeyMissing } from '../connectors/secrets.ts';
import {
  coveredContainers,
  decideSuggestion,
  deleteConnector,
  insertConnector,
  insertRun,
  listConnectors,
  listContainers,
  listRuns,
  listSuggestions,
  loadConnector,
  loadSuggestionsForUpdate,
  secretOf,
} from '../connectors/store.ts';
import { requirePermission } from '../domain/actor.ts';
import { ApiError } from '../domain/errors.ts';
import { createRule } from '../domain/rules.ts';
import { writeInWorkspace } from '../domain/session.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseBody, parseQuery, pathId, zPageQuery } from '../http/validate.ts';

const admin = createMiddleware<AppEnv>(async (c, next) => {
  requirePermission(c.var.actor, 'connector.manage');
  await next();
});

const zContainerQuery = z.object({
  tool: zTool.optional(),
  connectorId: z.uuid().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  removed: z.enum(['0', '1']).optional(),
});

/**
 * Admins only: connectors (their credentials go in once and never come back out), imports as jobs, the containers
 * they found, and the rule suggestions made from them.
 */
export const connectorRoutes = (deps: Deps) =>
  new Hono<AppEnv>()
    .use('/connectors/*', admin)
    .use('/connectors', admin)
    .use('/containers', admin)
    .use('/suggestions', admin)
    .use('/suggestions/*', admin)
    .get('/connectors', async (c) =>
      c.json({ data: await listConnectors(deps.db, c.var.actor.workspaceId), nextCursor: null }),
    )
    .post('/connectors', async (c) => {
      const input: ConnectorInput = await parseBody(c, zConnectorInput);
      const sealWith = (id: string) => {
        try {
          return deps.secrets.seal(secretOf(input), id);
        } catch (error) {
          if (error instanceof SecretKeyMissing) throw new ApiError('not_configured', error.message);
          throw error;
        }
      };
      const connector = await deps.db.transaction((tx) =>
        insertConnector(tx, c.var.actor.workspaceId, input, sealWith, deps.clock()),
      );
      return c.json(connector, 201);
    })
    .delete('/connectors/:id', async (c) => {
      await deleteConnector(deps.db, c.var.actor.workspaceId, pathId(c, 'connector'));
      return c.body(null, 204);
    })
    .get('/connectors/:id/imports', async (c) => {
      const connector = await loadConnector(deps.db, c.var.actor.workspaceId, pathId(c, 'connector'));
      return c.json({ data: await listRuns(deps.db, c.var.actor.workspaceId, connector.id), nextCursor: null });
    })
    .post('/connectors/:id/imports', async (c) => {
      const { jobs } = deps;
      if (!jobs) throw new ApiError('not_configured', 'this server runs no job queue');
      const workspaceId = c.var.actor.workspaceId;
      const connector = await loadConnector(deps.db, workspaceId, pathId(c, 'connector'));
      const enqueue = () =>
        deps.db.transaction(async (tx) => {
          const created = await insertRun(tx, workspaceId, connector.id, deps.clock());
          const jobId = await jobs.send(
            IMPORT_QUEUE,
            { workspaceId, connectorId: connector.id, runId: created.id },
            { singletonKey: connector.id, tx },
          );
          if (!jobId)
            throw new ApiError('import_running', `an import of ${connector.name} is already queued or running`, {
              params: { name: connector.name },
            });
          return created;
        });
      let run: ImportRun | undefined;
      for (let attempt = 0; !run; attempt += 1) {
        try {
          run = await enqueue();
        } catch (error) {
          // The last run has finished but its job is still being closed by the queue: a moment later it is free.
          const [last] = await listRuns(deps.db, workspaceId, connector.id, 1);
          const closing = error instanceof ApiError && error.code === 'import_running' && last?.finishedAt;
          if (!closing || attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      return c.json(run, 202);
    })
    .get('/containers', async (c) => {
      const page = parseQuery(c, zPageQuery);
      const query = parseQuery(c, zContainerQuery);
      return c.json(
        await listContainers(
          deps.db,
          c.var.actor.workspaceId,
          {
            ...(query.tool ? { tool: query.tool } : {}),
            ...(query.connectorId ? { connectorId: query.connectorId } : {}),
            ...(query.q ? { q: query.q } : {}),
            removed: query.removed === '1',
          },
          { limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) },
        ),
      );
    })
    .get('/suggestions', async (c) => {
      const { status } = parseQuery(c, z.object({ status: zSuggestionStatus.optional() }));
      return c.json({ data: await listSuggestions(deps.db, c.var.actor.workspaceId, status), nextCursor: null });
    })
    .post('/suggestions/decisions', async (c) => {
      const { decisions } = await parseBody(c, zSuggestionDecisions);
      const now = deps.clock();
      // One transaction, through the rule writes every client's rules come from (they reach the mirrors by the
      // feed); each decision behind its own savepoint, so one that fails leaves the others done.
      const results = await writeInWorkspace(deps.db, c.var.actor, deps.clock, async (session) => {
        const rows = await loadSuggestionsForUpdate(
          session.tx,
          session.workspaceId,
          decisions.map((decision) => decision.id),
        );
        // Accepting a proposal whose container a rule owns meanwhile would only add a competing rule.
        const covered = await coveredContainers(
          session.tx,
          session.workspaceId,
          [...rows.values()].filter((row) => row.status === 'proposed'),
        );
        const answers: SuggestionDecisionResult[] = [];
        for (const decision of decisions) {
          const row = rows.get(decision.id);
          if (!row) {
            answers.push({
              id: decision.id,
              status: 'failed',
              error: 'no such suggestion',
              code: 'not_found',
              params: { subject: 'suggestion' },
            });
            continue;
          }
          if (row.status !== 'proposed') {
            answers.push({
              id: decision.id,
              status: 'failed',
              error: `already ${row.status}`,
              code: 'already_decided',
              params: { decided: row.status },
            });
            continue;
          }
          try {
            if (decision.action === 'reject') {
              await session.attempt(() =>
                decideSuggestion(
                  session.tx,
                  session.workspaceId,
                  row,
                  { status: 'rejected' },
                  c.var.actor.userName,
                  now,
                ),
              );
              answers.push({ id: decision.id, status: 'rejected' });
              continue;
            }
            if (covered.has(row.container_id)) {
              answers.push({
                id: decision.id,
                status: 'failed',
                error: 'a rule already covers this container',
                code: 'already_covered',
              });
              continue;
            }
            const teamId = decision.teamId ?? row.team_id;
            const ruleId = randomUUID();
            await session.attempt(async () => {
              await createRule(session, ruleId, {
                tool: row.tool,
                field: row.field,
                pattern: row.pattern,
                teamId,
                goalId: null,
                priority: 0,
              });
              await decideSuggestion(
                session.tx,
                session.workspaceId,
                row,
                { status: 'accepted', teamId, ruleId },
                c.var.actor.userName,
                now,
              );
            });
            answers.push({ id: decision.id, status: 'accepted', ruleId });
          } catch (error) {
            answers.push({ id: decision.id, status: 'failed', error: (error as Error).message });
          }
        }
        return answers;
      });
      return c.json({ results });
    });
