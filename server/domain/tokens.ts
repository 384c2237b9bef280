import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../utils/contract.ts';
import { named, type Queryable } from '../db/database.ts';
import type { Actor } from './actor.ts';

const TOKEN_PREFIX = 'hw_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** 32 random bytes: a hash without salt or stretching is enough for a secret nobody chose. */
export const generateToken = () => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
export const isWellFormedToken = (token: string) => /^hw_[A-Za-z0-9_-]{43}$/.test(token);

export interface TokenInfo {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  userId: string;
  workspaceId: string;
  createdAt: string;
  revokedAt: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  user_id: string;
  workspace_id: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toInfo = (row: TokenRow): TokenInfo => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  role: row.role,
  userId: row.user_id,
  workspaceId: row.workspace_id,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export async function createWorkspace(db: Queryable, name: string, now: Date): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)', [id, name, now]);
  return id;
}

/** Creates a user with `role` and a token for them; the token's value is returned here and never stored. */
export async function createUserToken(
  db: Queryable,
  options: { workspaceId: string; name: string; role: Role; now: Date; token?: string },
): Promise<TokenInfo & { token: string }> {
  const token = options.token ?? generateToken();
  const userId = randomUUID();
  await db.query('INSERT INTO users (workspace_id, id, name, role, created_at) VALUES ($1, $2, $3, $4, $5)', [
    options.workspaceId,
    userId,
    options.name,
    options.role,
    options.now,
  ]);
  const [row] = await db.query<TokenRow>(
    `INSERT INTO api_tokens (id, token_hash, workspace_id, user_id, name, prefix, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING id, name, prefix, $8::text AS role, user_id, workspace_id, created_at, revoked_at`,
    [
      randomUUID(),
      hashToken(token),
      options.workspaceId,
      userId,
      options.name,
      token.slice(0, 10),
      options.now,
      options.role,
    ],
  );
  if (!row) throw new Error('api_tokens: insert returned no row');
  return { ...toInfo(row), token };
}

const selectTokens = `SELECT t.id, t.name, t.prefix, u.role, t.user_id, t.workspace_id, t.created_at, t.revoked_at
  FROM api_tokens t JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id`;

export async function listTokens(db: Queryable, workspaceId?: string): Promise<TokenInfo[]> {
  const rows = workspaceId
    ? await db.query<TokenRow>(`${selectTokens} WHERE t.workspace_id = $1 ORDER BY t.created_at, t.id`, [workspaceId])
    : await db.query<TokenRow>(`${selectTokens} ORDER BY t.created_at, t.id`);
  return rows.map(toInfo);
}

/** Revokes by id, or by the printed prefix; `workspaceId` confines an API caller to their own workspace. */
export async function revokeToken(
  db: Queryable,
  idOrPrefix: string,
  now: Date,
  workspaceId?: string,
): Promise<TokenInfo[]> {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrPrefix);
  const rows = await db.query<{ id: string }>(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2)
     WHERE ${byId ? 'id = $1::uuid' : 'prefix = $1'} AND ($3::uuid IS NULL OR workspace_id = $3::uuid)
     RETURNING id`,
    [idOrPrefix, now, workspaceId ?? null],
  );
  const ids = new Set(rows.map((row) => row.id));
  return (await listTokens(db, workspaceId)).filter((token) => ids.has(token.id));
}

/** Which of `tokenIds` are still valid: the condition `resolveToken` applies, for the streams' periodic check. */
export async function validTokenIds(db: Queryable, tokenIds: readonly string[]): Promise<Set<string>> {
  if (tokenIds.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM api_tokens t JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id
     WHERE t.id = ANY($1::uuid[]) AND t.revoked_at IS NULL AND u.status = 'active'`,
    [tokenIds],
  );
  return new Set(rows.map((row) => row.id));
}

/** Why a known token was refused: the error code the client acts on. */
export type TokenRefusal = { refused: 'token_expired' | 'account_deactivated' };

export interface ResolveOptions {
  now: Date;
  /** Device tokens unused for this many days are refused as `token_expired`. */
  deviceTokenExpiryDays: number;
}

const DAY_MS = 86_400_000;
/** Last use is recorded to the minute: a busy client writes it at most once a minute, not once per request. */
const LAST_USED_PRECISION_MS = 60_000;

const RESOLVE_TOKEN = named(
  'hallway_resolve_token',
  `SELECT t.id, t.workspace_id, t.user_id, u.name, u.role, u.status, t.kind, t.created_at, t.last_used_at
   FROM api_tokens t JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id
   WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
);

/**
 * The caller of `token` when it is well formed, known, not revoked, not expired and its user is active; a refusal
 * when it is known but expired or its user deactivated; undefined otherwise. `tokenHash` is `hashToken(token)`.
 * Records when the token and its user were last seen (to the minute).
 */
export async function resolveToken(
  db: Queryable,
  token: string,
  tokenHash = hashToken(token),
  options: ResolveOptions = { now: new Date(), deviceTokenExpiryDays: Number.POSITIVE_INFINITY },
): Promise<Actor | TokenRefusal | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const [row] = await db.query<{
    id: string;
    workspace_id: string;
    user_id: string;
    name: string;
    role: Role;
    status: string;
    kind: 'api' | 'device';
    created_at: Date;
    last_used_at: Date | null;
  }>(RESOLVE_TOKEN, [tokenHash]);
  if (!row) return undefined;
  if (row.status !== 'active') return { refused: 'account_deactivated' };
  const lastUsed = row.last_used_at ?? row.created_at;
  const now = options.now;
  if (row.kind === 'device' && now.getTime() - lastUsed.getTime() > options.deviceTokenExpiryDays * DAY_MS) {
    return { refused: 'token_expired' };
  }
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_PRECISION_MS) {
    await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, now]);
    await db.query('UPDATE users SET last_seen_at = $3 WHERE workspace_id = $1 AND id = $2', [
      row.workspace_id,
      row.user_id,
      now,
    ]);
  }
  return { workspaceId: row.workspace_id, userId: row.user_id, userName: row.name, role: row.role, tokenId: row.id };
}

/** When an unused device token stops working, from its last use (or its creation). */
export const deviceTokenExpiry = (lastUsed: Date, expiryDays: number) =>
  new Date(lastUsed.getTime() + expiryDays * DAY_MS);

/**
 * A first start on an empty database creates a workspace and its admin. `token` lets a launcher choose the admin
 * token (HALLWAY_BOOTSTRAP_TOKEN); without it one is generated. Returns undefined when the database was not empty.
 */
export async function bootstrap(
  db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  options: { now: Date; token?: string; workspaceName?: string },
): Promise<{ workspaceId: string; token: string } | undefined> {
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE workspaces IN EXCLUSIVE MODE');
    const [existing] = await tx.query('SELECT 1 FROM workspaces LIMIT 1');
    if (existing) return undefined;
    const workspaceId = await createWorkspace(tx, options.workspaceName ?? 'Hallway', options.now);
    const created = await createUserToken(tx, {
      workspaceId,
      name: 'Admin',
      role: 'admin',
      now: options.now,
      ...(options.token ? { token: options.token } : {}),
    });
    return { workspaceId, token: created.token };
  });
}
