import type { Role } from '../../utils/contract.ts';
import { ApiError } from '../http/errors.ts';

/** Who is calling, resolved from their token. Every query filters on `workspaceId`. */
export interface Actor {
  workspaceId: string;
  userId: string;
  userName: string;
  role: Role;
  tokenId: string;
}

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

export const hasRole = (actor: Actor, role: Role): boolean => rank[actor.role] >= rank[role];

export function requireRole(actor: Actor, role: Role): void {
  if (!hasRole(actor, role)) throw new ApiError('forbidden', `this action needs the ${role} role`);
}
