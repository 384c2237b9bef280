import { zEntityId, zOwnershipRuleInput, zOwnershipRulePatch, zTool } from '../../utils/contract.ts';
import { rules } from '../domain/entities.ts';
import { createRule, deleteRule, updateRule } from '../domain/rules.ts';
import type { Deps } from '../http/context.ts';
import { entityRoutes } from './entity-routes.ts';

export const ruleRoutes = (deps: Deps) =>
  entityRoutes(deps, {
    spec: rules,
    filters: { tool: { column: 'tool', schema: zTool }, teamId: { column: 'team_id', schema: zEntityId } },
    create: {
      schema: zOwnershipRuleInput,
      run: async (s, id, input) => ({ entity: await createRule(s, id, input), created: true }),
    },
    update: { schema: zOwnershipRulePatch, run: updateRule },
    remove: { versioned: true, run: deleteRule },
  });
