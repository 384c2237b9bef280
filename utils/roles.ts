/**
 * Who may do what: the roles and the one table of permissions the server's authorization and the extension's UI
 * both read. Part of the shared contract (utils/contract.ts re-exports it and builds `zRole` from `ROLES`), kept
 * apart and free of zod so that a page can ask `may()` for its first render without loading zod (the popup).
 */

/** The roles a workspace member may have. */
export const ROLES = ['admin', 'member', 'viewer'] as const;
type Role = (typeof ROLES)[number];

/**
 * Each permission and the roles that hold it. The server refuses a write its caller's role lacks (403 `forbidden`);
 * the extension offers only what the user's role holds, so a viewer is never shown a control that would fail.
 */
export const PERMISSIONS = {
  /** Capture work items (title and container facts) into the workspace. */
  'item.write': ['admin', 'member'],
  /** Link an item to its owning team, its goal or a related item, and remove such links. */
  'link.write': ['admin', 'member'],
  /** Log, supersede, accept, withdraw and revert decisions. */
  'decision.write': ['admin', 'member'],
  /** Keep notes about items. */
  'note.write': ['admin', 'member'],
  /** Create, edit, close and delete goals. */
  'goal.write': ['admin', 'member'],
  /** Create, edit and delete teams. */
  'team.write': ['admin'],
  /** Create, edit and delete ownership rules. */
  'rule.write': ['admin'],
  /** Create, list and revoke API tokens. */
  'token.manage': ['admin'],
  /** Export and import the whole workspace. */
  'workspace.transfer': ['admin'],
  /** Rename the workspace. */
  'workspace.rename': ['admin'],
  /** See everyone in the workspace, change their role, deactivate and reactivate them, see and revoke their devices. */
  'people.manage': ['admin'],
  /** Make, list and withdraw invite links. */
  'invite.manage': ['admin'],
  /** Connect tools, import their containers and decide on the rules they suggest. */
  'connector.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** What the role may do; an unknown role (not connected yet) may do nothing, since nothing it wrote would sync. */
export function may(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };
/** The least role holding `permission`, for messages such as "needs the member role". */
export function leastRoleFor(permission: Permission): Role {
  const roles = [...PERMISSIONS[permission]] as Role[];
  return roles.sort((a, b) => ROLE_RANK[a] - ROLE_RANK[b])[0] ?? 'admin';
}
