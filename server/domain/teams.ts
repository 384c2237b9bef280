import type { z } from 'zod';
import type { Team, zTeamInput, zTeamPatch } from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { teams } from './entities.ts';
import { assertNoCycle } from './hierarchy.ts';
import type { WriteSession } from './session.ts';
import { deleteEntity, fieldsOf, getEntity, insertEntity, updateEntity } from './store.ts';

const tree = { table: 'teams', parentColumn: 'parent_team_id' } as const;

export async function createTeam(session: WriteSession, id: string, input: z.output<typeof zTeamInput>): Promise<Team> {
  requirePermission(session.actor, 'team.write');
  return insertEntity(session, teams, id, input);
}

export async function updateTeam(
  session: WriteSession,
  id: string,
  baseVersion: number,
  patch: z.output<typeof zTeamPatch>,
): Promise<Team> {
  requirePermission(session.actor, 'team.write');
  const current = await getEntity(session.tx, teams, session.workspaceId, id);
  await assertNoCycle(session, tree, id, patch.parentTeamId);
  const next = { ...fieldsOf(current), ...patch };
  // A rename is remembered: items linked to the team before it may have meant what the old name stood for.
  if (patch.name !== undefined && patch.name !== current.name) {
    next.renamedFrom = current.name;
    next.renamedAt = session.now;
  }
  return updateEntity(session, teams, current, baseVersion, next);
}

export async function deleteTeam(session: WriteSession, id: string, baseVersion: number): Promise<number> {
  requirePermission(session.actor, 'team.write');
  const current = await getEntity(session.tx, teams, session.workspaceId, id);
  return deleteEntity(session, teams, current, baseVersion);
}
