/** The people of a workspace (users with an email, a role, a status, when last seen) and their device tokens. */
import { randomUUID } from 'node:crypto';
import type { Device, Person, Role, UserStatus } from '../../utils/contract.ts';
import type { Database, Queryable } from '../db/database.ts';
import { type Actor, allows } from './actor.ts';
import { ApiError, notFound } from './errors.ts';
import { deviceTokenExpiry } from './tokens.ts';

interface PersonRow {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  status: UserStatus;
  last_seen_at: Date | null;
  created_at: Date;
}

const toPerson = (row: PersonRow): Person => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  status: row.status,
  lastSeenAt: row.last_seen_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

const personColumns = 'id, name, email, role, status, last_seen_at, created_at';

export async function listPeople(db: Queryable, workspaceId: string): Promise<Person[]> {
  const rows = await db.query<PersonRow>(
    `SELECT ${personColumns} FROM users WHERE workspace_id = $1 ORDER BY lower(name), created_at, id`,
    [workspaceId],
  );
  return rows.map(toPerson);
}

export async function readPerson(db: Queryable, workspaceId: string, id: string): Promise<Person | undefined> {
  const [row] = await db.query<PersonRow>(`SELECT ${personColumns} FROM users WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
  return row && toPerson(row);
}

/**
 * Changes a person's role or status. It takes the workspace's write lock first, so it is ordered with every write
 * transaction: once it returns, no write of a deactivated person commits on any server (each write transaction
 * checks its user under the same lock), and their tokens are refused at the next lookup.
 */
export async function updatePerson(
  db: Database,
  workspaceId: string,
  id: string,
  patch: { role?: Role | undefined; status?: UserStatus | undefined },
): Promise<Person> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
    const before = await readPerson(tx, workspaceId, id);
    if (!before) throw notFound('person');
    const role = patch.role ?? before.role;
    const status = patch.status ?? before.status;
    const staysAdmin = role === 'admin' && status === 'active';
    if (before.role === 'admin' && before.status === 'active' && !staysAdmin) {
      const [others] = await tx.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM users
         WHERE workspace_id = $1 AND id <> $2 AND role = 'admin' AND status = 'active'`,
        [workspaceId, id],
      );
      if (!others?.count) {
        throw new ApiError(
          'last_admin',
          'the workspace would have no active admin left; make someone else admin first',
        );
      }
    }
    await tx.query('UPDATE users SET role = $3, status = $4 WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      id,
      role,
      status,
    ]);
    return { ...before, role, status };
  });
}

/** What the provider says about a person at sign-in. `role` is undefined when roles do not come from groups. */
export interface SignInIdentity {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  role: Role | undefined;
  defaultRole: Role;
}

/**
 * Finds the person the provider signed in (by issuer and subject, else by an email the provider gave before, as for
 * someone whose company moved to another provider), creating them on their first sign-in, and brings their email and
 * role up to the provider's. A deactivated person stays deactivated and is refused. An email only typed (an
 * invite's) is never taken as the provider's person: while its holder is active the sign-in is refused
 * (`email_taken_unverified`, for an admin to resolve); once an admin deactivated them, the email passes to the
 * provider's new person.
 */
export async function signInUser(
  db: Database,
  workspaceId: string,
  identity: SignInIdentity,
  now: Date,
): Promise<{ userId: string } | { refused: 'account_deactivated' | 'email_taken_unverified' }> {
  return db.transaction(async (tx) => {
    // By subject first; by email otherwise (an email is one person's in a workspace).
    const [found] = await tx.query<{ id: string; status: UserStatus; role: Role; linkable: boolean }>(
      `SELECT id, status, role, ((oidc_issuer = $2 AND oidc_subject = $3) IS TRUE OR email_verified) AS linkable
       FROM users WHERE workspace_id = $1 AND ((oidc_issuer = $2 AND oidc_subject = $3) OR email = $4)
       ORDER BY (oidc_issuer = $2 AND oidc_subject = $3) IS TRUE DESC LIMIT 1 FOR UPDATE`,
      [workspaceId, identity.issuer, identity.subject, identity.email],
    );
    if (found && !found.linkable) {
      if (found.status === 'active') return { refused: 'email_taken_unverified' as const };
      await tx.query('UPDATE users SET email = NULL WHERE workspace_id = $1 AND id = $2', [workspaceId, found.id]);
    } else if (found) {
      if (found.status !== 'active') return { refused: 'account_deactivated' as const };
      // Another person of the workspace may hold this email already (a change of address at the provider).
      const taken = `EXISTS (SELECT 1 FROM users o WHERE o.workspace_id = $1 AND o.email = $3 AND o.id <> $2)`;
      await tx.query(
        `UPDATE users SET email = CASE WHEN ${taken} THEN email ELSE $3 END,
           email_verified = CASE WHEN ${taken} THEN email_verified ELSE true END,
           role = $4, oidc_issuer = $5, oidc_subject = $6
         WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, found.id, identity.email, identity.role ?? found.role, identity.issuer, identity.subject],
      );
      return { userId: found.id };
    }
    const userId = randomUUID();
    await tx.query(
      `INSERT INTO users (workspace_id, id, name, role, created_at, email, email_verified, oidc_issuer, oidc_subject)
       VALUES ($1, $2, $3, $4, $5, $6, true, $7, $8)`,
      [
        workspaceId,
        userId,
        identity.name,
        identity.role ?? identity.defaultRole,
        now,
        identity.email,
        identity.issuer,
        identity.subject,
      ],
    );
    return { userId };
  });
}

interface DeviceRow {
  id: string;
  user_id: string;
  name: string;
  kind: 'api' | 'device';
  created_at: Date;
  last_used_at: Date | null;
}

/**
 * The live tokens of `userId` (all of the workspace's when undefined): not revoked, and for device tokens not
 * expired. `currentTokenId` is the caller's own.
 */
export async function listDevices(
  db: Queryable,
  options: { workspaceId: string; userId: string | undefined; currentTokenId: string; expiryDays: number; now: Date },
): Promise<Device[]> {
  const oldest = new Date(options.now.getTime() - options.expiryDays * 86_400_000);
  const rows = await db.query<DeviceRow>(
    `SELECT id, user_id, name, kind, created_at, last_used_at FROM api_tokens
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid) AND revoked_at IS NULL
       AND (kind = 'api' OR coalesce(last_used_at, created_at) >= $3)
     ORDER BY coalesce(last_used_at, created_at) DESC, id`,
    [options.workspaceId, options.userId ?? null, oldest],
  );
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    name: row.name,
    kind: row.kind,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt:
      row.kind === 'device'
        ? deviceTokenExpiry(row.last_used_at ?? row.created_at, options.expiryDays).toISOString()
        : null,
    current: row.id === options.currentTokenId,
  }));
}

/** Revokes one of the caller's own tokens, or anyone's in the workspace for a caller who manages people. */
export async function revokeDevice(db: Queryable, actor: Actor, id: string, now: Date): Promise<void> {
  const anyone = allows(actor, 'people.manage');
  const rows = await db.query(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3)
     WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL AND ($4 OR user_id = $5)
     RETURNING id`,
    [actor.workspaceId, id, now, anyone, actor.userId],
  );
  if (rows.length === 0) throw notFound('device');
}
