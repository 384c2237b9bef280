import { z } from 'zod';
import { zDecisionInput, zDecisionStatus, zEntityId } from '../../utils/contract.ts';
import { createDecision } from '../domain/decisions.ts';
import { decisions } from '../domain/entities.ts';
import type { Deps } from '../http/context.ts';
import { entityRoutes } from './entity-routes.ts';

/** Append-only: no update or delete; a change of mind is a new decision that supersedes the old one. */
export const decisionRoutes = (deps: Deps) =>
  entityRoutes(deps, {
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
