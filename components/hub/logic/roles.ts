/** What each role may do in the hub; the server enforces the same, the UI only stops offering what would fail. */
import type { Role } from '../../../utils/contract.ts';

export type HubAction = 'editWork' | 'manageTeams' | 'manageRules' | 'exportImport';

const allowed: Record<Role, readonly HubAction[]> = {
  admin: ['editWork', 'manageTeams', 'manageRules', 'exportImport'],
  member: ['editWork'],
  viewer: [],
};

/** Null role: not connected, so nothing would ever sync; the hub stays read-only until the user connects. */
export function can(role: Role | null, action: HubAction): boolean {
  return role !== null && allowed[role].includes(action);
}
