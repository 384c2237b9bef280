import { zEntityId, zTeamInput, zTeamPatch } from '../../utils/contract.ts';
import { teams } from '../domain/entities.ts';
import { createTeam, deleteTeam, updateTeam } from '../domain/teams.ts';
import type { Deps } from '../http/context.ts';
import { entityRoutes } from './entity-routes.ts';

export const teamRoutes = (deps: Deps) =>
  entityRoutes(deps, {
    spec: teams,
    filters: { parentTeamId: { column: 'parent_team_id', schema: zEntityId } },
    create: {
      schema: zTeamInput,
      run: async (s, id, input) => ({ entity: await createTeam(s, id, input), created: true }),
    },
    update: { schema: zTeamPatch, run: updateTeam },
    remove: { versioned: true, run: deleteTeam },
  });
