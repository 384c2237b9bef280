-- Sign-in (issue 14): people with an email, a status and when they were last seen; named device tokens that expire
-- when unused; the server's half of a sign-in in flight; one-time codes for the extension; invite links.

-- Email is stored lower-cased and unique per workspace; users made with `npm run token` have none.
ALTER TABLE users ADD COLUMN email text;
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated'));
ALTER TABLE users ADD COLUMN last_seen_at timestamptz;
-- The provider's identity of the person (issuer and `sub`), which stays when their email changes.
ALTER TABLE users ADD COLUMN oidc_issuer text;
ALTER TABLE users ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX users_email ON users (workspace_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_oidc_subject ON users (workspace_id, oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- `device`: made by a sign-in, expires after the server's number of unused days; `api`: made by an admin, for bots.
ALTER TABLE api_tokens ADD COLUMN kind text NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'device'));
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
CREATE INDEX api_tokens_user ON api_tokens (workspace_id, user_id);

-- A sign-in between its start and the provider's (or the invite page's) answer. Keyed by the hash of the server's
-- own state, which is all the callback brings back; in the database, so any server process can take the callback.
CREATE TABLE auth_requests (
  state_hash text PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  kind text NOT NULL CHECK (kind IN ('oidc', 'invite')),
  invite_id uuid,
  redirect_uri text NOT NULL,
  code_challenge text NOT NULL,
  client_state text NOT NULL,
  nonce text,
  provider_verifier text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX auth_requests_expiry ON auth_requests (expires_at);

-- The one-time code the extension exchanges, with its PKCE verifier, for a device token.
CREATE TABLE auth_codes (
  code_hash text PRIMARY KEY,
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  code_challenge text NOT NULL,
  redirect_uri text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX auth_codes_expiry ON auth_codes (expires_at);

CREATE TABLE invites (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
  max_uses integer NOT NULL,
  uses integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX invites_list ON invites (workspace_id, created_at, id);
