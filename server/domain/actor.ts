import { leastRoleFor, may, type Permission, type Role } from '../../utils/contract.ts';
import { ApiError } from './errors.ts';

/** Who is calling, resolved from their token. Every query filters on `workspaceId`. */
export interface Actor {
  workspaceId: string;
  userId: string;
  userName: string;
  role: Role;
  tokenId: string;
}

/** Whether the actor's role holds `permission`, by the contract's one table of who may do what. */
export const allows = (actor: Actor, permission: Permission): boolean => may(actor.role, permission);

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!allows(actor, permission)) {
    const needed = leastRoleFor(permission);
    throw new ApiError('forbidden', `a ${actor.role} may not do this: it needs the ${needed} role`, {
      params: { role: actor.role, needed },
    });
  }
}
