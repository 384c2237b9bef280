import { z } from 'zod';
import { zDecisionInput, zDecisionStatus, zDecisionTransition, zEntityId } from '../../utils/contract.ts';
import { createDecision, transitionDecision } from '../domain/decisions.ts';
import { decisions } from '../domain/entities.ts';
import { writeInWorkspace } from '../domain/session.ts';
import type { Deps } from '../http/context.ts';
import { pathId } from '../http/validate.ts';
import { entityRoutes } from './entity-routes.ts';

/**
 * Append-only: no update or delete; a change of mind is a new decision that supersedes the old one. The lifecycle
 * moves are verbs of their own: `POST /v1/decisions/:id/accept`, `/withdraw` and `/revert` (no body), each
 * recorded with the caller and the server's time; a move the current status does not allow is a 409.
 */
export const decisionRoutes = (deps: Deps) => {
  const app = entityRoutes(deps, {
    spec: decisions,
    filters: {
      teamId: { column: 'team_id', schema: zEntityId },
      goalId: { column: 'goal_id', schema: zEntityId },
      itemKey: { column: 'item_keys', schema: z.string().min(1).max(512), match: 'contains' },
      status: { column: 'status', schema: zDecisionStatus },
    },
    create: {
      schema: zDecisionInput,
      run: async (s, id, input) => ({ entity: await createDecision(s, id, input), created: true }),
    },
  });
  for (const transition of zDecisionTransition.options) {
    app.post(`/:id/${transition}`, async (c) => {
      const id = pathId(c, decisions.entity, decisions.label);
      return c.json(
        await writeInWorkspace(deps.db, c.var.actor, deps.clock, (session) =>
          transitionDecision(session, id, transition),
        ),
      );
    });
  }
  return app;
};
