/**
 * The server's half of a sign-in: the request in flight (between the start and the provider's or the invite page's
 * answer), the one-time code handed to the extension, and its exchange for a device token. All of it lives in the
 * database, so the start, the callback and the exchange may each reach another server process.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role, SignedIn } from '../../utils/contract.ts';
import type { Database, Queryable } from '../db/database.ts';
import { ApiError } from './errors.ts';
import { generateToken, hashToken } from './tokens.ts';

/** How long a person has between the start of a sign-in and its end (typing a password, a second factor). */
export const AUTH_REQUEST_TTL_MS = 10 * 60_000;
/** The one-time code: single use, 60 seconds. */
export const AUTH_CODE_TTL_MS = 60_000;

const secret = () => randomBytes(32).toString('base64url');
/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

export interface AuthRequest {
  workspaceId: string;
  kind: 'oidc' | 'invite';
  inviteId: string | null;
  redirectUri: string;
  codeChallenge: string;
  clientState: string;
  nonce: string | null;
  providerVerifier: string | null;
}

interface AuthRequestRow {
  workspace_id: string;
  kind: 'oidc' | 'invite';
  invite_id: string | null;
  redirect_uri: string;
  code_challenge: string;
  client_state: string;
  nonce: string | null;
  provider_verifier: string | null;
}

const toRequest = (row: AuthRequestRow): AuthRequest => ({
  workspaceId: row.workspace_id,
  kind: row.kind,
  inviteId: row.invite_id,
  redirectUri: row.redirect_uri,
  codeChallenge: row.code_challenge,
  clientState: row.client_state,
  nonce: row.nonce,
  providerVerifier: row.provider_verifier,
});

/** Records a sign-in in flight under `state` (the server's own, given to the provider or the invite form). */
export async function saveAuthRequest(db: Queryable, state: string, request: AuthRequest, now: Date): Promise<void> {
  // Requests nobody finished are dropped on the way; the index on expires_at keeps this cheap.
  await db.query('DELETE FROM auth_requests WHERE expires_at < $1', [now]);
  await db.query(
    `INSERT INTO auth_requests (state_hash, workspace_id, kind, invite_id, redirect_uri, code_challenge, client_state,
       nonce, provider_verifier, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      hashToken(state),
      request.workspaceId,
      request.kind,
      request.inviteId,
      request.redirectUri,
      request.codeChallenge,
      request.clientState,
      request.nonce,
      request.providerVerifier,
      now,
      new Date(now.getTime() + AUTH_REQUEST_TTL_MS),
    ],
  );
}

/** A fresh server state for a request. */
export const newState = secret;

/** The request in flight under `state` when it is known, unused and unexpired, without using it. */
export async function peekAuthRequest(db: Queryable, state: string, now: Date): Promise<AuthRequest | undefined> {
  const [row] = await db.query<AuthRequestRow>(
    `SELECT workspace_id, kind, invite_id, redirect_uri, code_challenge, client_state, nonce, provider_verifier
     FROM auth_requests WHERE state_hash = $1 AND used_at IS NULL AND expires_at > $2`,
    [hashToken(state), now],
  );
  return row && toRequest(row);
}

/** Uses the request under `state` (once: a second callback with the same state finds nothing). */
export async function takeAuthRequest(db: Queryable, state: string, now: Date): Promise<AuthRequest | undefined> {
  const [row] = await db.query<AuthRequestRow>(
    `UPDATE auth_requests SET used_at = $2
     WHERE state_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING workspace_id, kind, invite_id, redirect_uri, code_challenge, client_state, nonce, provider_verifier`,
    [hashToken(state), now],
  );
  return row && toRequest(row);
}

/** Makes the one-time code the extension's redirect carries; only the verifier of `codeChallenge` can exchange it. */
export async function issueCode(
  db: Queryable,
  options: { workspaceId: string; userId: string; codeChallenge: string; redirectUri: string; now: Date },
): Promise<string> {
  const code = secret();
  await db.query('DELETE FROM auth_codes WHERE expires_at < $1', [new Date(options.now.getTime() - AUTH_CODE_TTL_MS)]);
  await db.query(
    `INSERT INTO auth_codes (code_hash, workspace_id, user_id, code_challenge, redirect_uri, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      hashToken(code),
      options.workspaceId,
      options.userId,
      options.codeChallenge,
      options.redirectUri,
      options.now,
      new Date(options.now.getTime() + AUTH_CODE_TTL_MS),
    ],
  );
  return code;
}

/**
 * Exchanges a one-time code and the verifier of its challenge for a new device token named `deviceName`. The code
 * is used up by the first attempt, right or wrong: a code intercepted by someone without the verifier is worth
 * nothing to them, and a replay finds it used.
 */
export async function exchangeCode(
  db: Database,
  options: { code: string; codeVerifier: string; deviceName: string; now: Date },
): Promise<SignedIn> {
  const { now } = options;
  const codeHash = hashToken(options.code);
  const [taken] = await db.query<{ workspace_id: string; user_id: string; code_challenge: string }>(
    `UPDATE auth_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING workspace_id, user_id, code_challenge`,
    [codeHash, now],
  );
  if (!taken) {
    const [known] = await db.query<{ used_at: Date | null }>('SELECT used_at FROM auth_codes WHERE code_hash = $1', [
      codeHash,
    ]);
    if (known?.used_at) throw new ApiError('code_used', 'this sign-in code was already used; sign in again');
    throw new ApiError(
      'invalid_code',
      'this sign-in code is unknown or expired (codes last 60 seconds); sign in again',
    );
  }
  if (s256(options.codeVerifier) !== taken.code_challenge) {
    throw new ApiError(
      'code_verifier_mismatch',
      'the code verifier does not match the challenge this sign-in began with',
    );
  }
  return db.transaction(async (tx) => {
    const [user] = await tx.query<{
      name: string;
      email: string | null;
      role: Role;
      status: string;
      workspace: string;
    }>(
      `SELECT u.name, u.email, u.role, u.status, w.name AS workspace
       FROM users u JOIN workspaces w ON w.id = u.workspace_id WHERE u.workspace_id = $1 AND u.id = $2`,
      [taken.workspace_id, taken.user_id],
    );
    if (!user) throw new ApiError('invalid_code', 'the user of this sign-in code no longer exists');
    if (user.status !== 'active') {
      throw new ApiError('account_deactivated', 'this account was deactivated by an admin of the workspace');
    }
    const token = await createDeviceToken(tx, {
      workspaceId: taken.workspace_id,
      userId: taken.user_id,
      name: options.deviceName,
      now,
    });
    return {
      token,
      user: { id: taken.user_id, name: user.name, email: user.email, role: user.role },
      workspace: { id: taken.workspace_id, name: user.workspace },
    };
  });
}

/** A new device token of the user; its value is returned here and never stored. */
export async function createDeviceToken(
  db: Queryable,
  options: { workspaceId: string; userId: string; name: string; now: Date },
): Promise<string> {
  const token = generateToken();
  await db.query(
    `INSERT INTO api_tokens (id, token_hash, workspace_id, user_id, name, prefix, created_at, kind, last_used_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'device', $7)`,
    [
      randomUUID(),
      hashToken(token),
      options.workspaceId,
      options.userId,
      options.name,
      token.slice(0, 10),
      options.now,
    ],
  );
  return token;
}
