import { zEntityId, zGoalInput, zGoalPatch, zGoalStatus } from '../../utils/contract.ts';
import { goals } from '../domain/entities.ts';
import { createGoal, deleteGoal, updateGoal } from '../domain/goals.ts';
import type { Deps } from '../http/context.ts';
import { entityRoutes } from './entity-routes.ts';

export const goalRoutes = (deps: Deps) =>
  entityRoutes(deps, {
    spec: goals,
    filters: {
      teamId: { column: 'owner_team_id', schema: zEntityId },
      parentGoalId: { column: 'parent_goal_id', schema: zEntityId },
      status: { column: 'status', schema: zGoalStatus },
    },
    create: {
      schema: zGoalInput,
      run: async (s, id, input) => ({ entity: await createGoal(s, id, input), created: true }),
    },
    update: { schema: zGoalPatch, run: updateGoal },
    remove: { versioned: true, run: deleteGoal },
  });
