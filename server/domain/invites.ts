/** Invite links: for workspaces without an identity provider, an admin's link signs a person in with a role. */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Invite, type InviteCreate, type Role, zInviteCreate } from '../../utils/contract.ts';
import type { Queryable } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { ApiError, notFound } from './errors.ts';
import { hashToken } from './tokens.ts';

const DAY_MS = 86_400_000;
export const generateInviteSecret = () => `hwi_${randomBytes(32).toString('base64url')}`;

interface InviteRow {
  workspace_id: string;
  id: string;
  role: Role;
  max_uses: number;
  uses: number;
  expires_at: Date;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
}

const toInvite = (row: InviteRow): Invite => ({
  id: row.id,
  role: row.role,
  maxUses: row.max_uses,
  uses: row.uses,
  expiresAt: row.expires_at.toISOString(),
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

const columns = 'workspace_id, id, role, max_uses, uses, expires_at, created_at, created_by, revoked_at';

/** Makes an invite; its secret is returned here only (the database keeps its hash). */
export async function createInvite(
  db: Queryable,
  actor: Actor,
  input: InviteCreate,
  now: Date,
): Promise<{ invite: Invite; secret: string }> {
  const { role, expiresInDays, maxUses } = zInviteCreate.parse(input);
  const secret = generateInviteSecret();
  const [row] = await db.query<InviteRow>(
    `INSERT INTO invites (workspace_id, id, secret_hash, role, max_uses, expires_at, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
    [
      actor.workspaceId,
      randomUUID(),
      hashToken(secret),
      role,
      maxUses,
      new Date(now.getTime() + expiresInDays * DAY_MS),
      now,
      actor.userName,
    ],
  );
  if (!row) throw new Error('invites: insert returned no row');
  return { invite: toInvite(row), secret };
}

export async function listInvites(db: Queryable, workspaceId: string): Promise<Invite[]> {
  const rows = await db.query<InviteRow>(
    `SELECT ${columns} FROM invites WHERE workspace_id = $1 ORDER BY created_at DESC, id`,
    [workspaceId],
  );
  return rows.map(toInvite);
}

/** Withdraws an invite: its link stops working; the people it already signed in stay. */
export async function revokeInvite(db: Queryable, workspaceId: string, id: string, now: Date): Promise<void> {
  const rows = await db.query(
    'UPDATE invites SET revoked_at = coalesce(revoked_at, $3) WHERE workspace_id = $1 AND id = $2 RETURNING id',
    [workspaceId, id, now],
  );
  if (rows.length === 0) throw notFound('invite');
}

/** Why an invite cannot be used now, as the error its holder is shown; undefined when it can. */
function refusal(row: InviteRow, now: Date): ApiError | undefined {
  if (row.revoked_at)
    return new ApiError('not_found', 'this invite was withdrawn; ask for a new one', { params: { subject: 'invite' } });
  if (row.expires_at <= now) return new ApiError('invite_expired', 'this invite has expired; ask for a new one');
  if (row.uses >= row.max_uses) {
    return new ApiError('invite_used_up', 'this invite was used as many times as it allows; ask for a new one');
  }
  return undefined;
}

/** The invite of `secret` when it can be used now; throws the reason otherwise. */
export async function usableInvite(
  db: Queryable,
  secret: string,
  now: Date,
): Promise<Invite & { workspaceId: string }> {
  const [row] = await db.query<InviteRow>(`SELECT ${columns} FROM invites WHERE secret_hash = $1`, [hashToken(secret)]);
  if (!row)
    throw new ApiError('not_found', 'this invite link is not known here; check that it was copied whole', {
      params: { subject: 'invite' },
    });
  const refused = refusal(row, now);
  if (refused) throw refused;
  return { ...toInvite(row), workspaceId: row.workspace_id };
}

/**
 * Redeems the invite once for a new person (`name`, `email`) and returns their id. The use is counted in the same
 * statement that checks the limit, so two people racing for the last use cannot both get it.
 */
export async function redeemInvite(
  tx: Queryable,
  options: { workspaceId: string; inviteId: string; name: string; email: string; now: Date },
): Promise<{ userId: string; role: Role }> {
  const { workspaceId, inviteId, now } = options;
  const [taken] = await tx.query<{ role: Role }>(
    `UPDATE invites SET uses = uses + 1
     WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL AND expires_at > $3 AND uses < max_uses
     RETURNING role`,
    [workspaceId, inviteId, now],
  );
  if (!taken) {
    const [row] = await tx.query<InviteRow>(`SELECT ${columns} FROM invites WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      inviteId,
    ]);
    throw (row && refusal(row, now)) ?? notFound('invite');
  }
  const [existing] = await tx.query('SELECT 1 FROM users WHERE workspace_id = $1 AND email = $2', [
    workspaceId,
    options.email,
  ]);
  if (existing) {
    throw new ApiError('email_taken', 'someone in this workspace already has this email; sign in as them instead');
  }
  const userId = randomUUID();
  await tx.query(
    'INSERT INTO users (workspace_id, id, name, role, created_at, email) VALUES ($1, $2, $3, $4, $5, $6)',
    [workspaceId, userId, options.name, taken.role, now, options.email],
  );
  return { userId, role: taken.role };
}
