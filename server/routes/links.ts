import { z } from 'zod';
import { zEntityId, zLinkInput } from '../../utils/contract.ts';
import { links } from '../domain/entities.ts';
import { createLink, deleteLink } from '../domain/links.ts';
import type { Deps } from '../http/context.ts';
import { entityRoutes } from './entity-routes.ts';

export const linkRoutes = (deps: Deps) =>
  entityRoutes(deps, {
    spec: links,
    filters: {
      itemKey: { column: 'item_key', schema: z.string().min(1).max(512) },
      kind: { column: 'kind', schema: z.enum(['owner', 'goal', 'related']) },
      teamId: { column: 'team_id', schema: zEntityId },
      goalId: { column: 'goal_id', schema: zEntityId },
    },
    create: {
      schema: zLinkInput,
      run: async (s, id, input) => ({ entity: await createLink(s, id, input), created: true }),
    },
    remove: { versioned: false, run: (s, id) => deleteLink(s, id) },
  });
