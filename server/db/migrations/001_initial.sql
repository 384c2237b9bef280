-- Every table but api_tokens is keyed by workspace_id first, so the data can be distributed by workspace.
-- Foreign keys include workspace_id: a reference to another workspace's row cannot exist.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  -- The last change-log sequence number handed out; its row lock orders writers, so seq order is commit order.
  last_seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL
);

CREATE TABLE users (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

-- Looked up by hash before the workspace is known, hence keyed by the hash (a reference table when distributed).
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  name text NOT NULL,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX api_tokens_workspace ON api_tokens (workspace_id, created_at);

CREATE TABLE teams (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  slug text NOT NULL,
  description text NOT NULL,
  parent_team_id uuid,
  members jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, slug),
  FOREIGN KEY (workspace_id, parent_team_id) REFERENCES teams (workspace_id, id)
);
CREATE INDEX teams_list ON teams (workspace_id, created_at, id);

CREATE TABLE goals (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  owner_team_id uuid,
  parent_goal_id uuid,
  status text NOT NULL,
  progress integer NOT NULL,
  target_date date,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_team_id) REFERENCES teams (workspace_id, id),
  FOREIGN KEY (workspace_id, parent_goal_id) REFERENCES goals (workspace_id, id)
);
CREATE INDEX goals_list ON goals (workspace_id, created_at, id);
CREATE INDEX goals_by_team ON goals (workspace_id, owner_team_id);
CREATE INDEX goals_by_parent ON goals (workspace_id, parent_goal_id);

CREATE TABLE decisions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  title text NOT NULL,
  rationale text NOT NULL,
  status text NOT NULL,
  decided_at timestamptz NOT NULL,
  decided_by text NOT NULL,
  team_id uuid,
  goal_id uuid,
  item_keys text[] NOT NULL,
  quote text,
  source_url text,
  supersedes uuid,
  superseded_by uuid,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id),
  FOREIGN KEY (workspace_id, goal_id) REFERENCES goals (workspace_id, id),
  FOREIGN KEY (workspace_id, supersedes) REFERENCES decisions (workspace_id, id)
);
CREATE INDEX decisions_list ON decisions (workspace_id, created_at, id);
CREATE INDEX decisions_by_item ON decisions USING gin (item_keys);

CREATE TABLE items (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  key text NOT NULL,
  tool text NOT NULL,
  ref jsonb NOT NULL,
  title text NOT NULL,
  context jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, key)
);
CREATE INDEX items_list ON items (workspace_id, created_at, id);

CREATE TABLE links (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('owner', 'goal', 'related')),
  item_key text NOT NULL,
  team_id uuid,
  goal_id uuid,
  related_item_key text,
  created_by text NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id),
  FOREIGN KEY (workspace_id, goal_id) REFERENCES goals (workspace_id, id)
);
CREATE UNIQUE INDEX links_unique ON links (workspace_id, kind, item_key, (coalesce(team_id::text, goal_id::text, related_item_key)));
CREATE INDEX links_list ON links (workspace_id, created_at, id);
CREATE INDEX links_by_item ON links (workspace_id, item_key);

CREATE TABLE ownership_rules (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  tool text NOT NULL,
  field text NOT NULL,
  pattern text NOT NULL,
  team_id uuid NOT NULL,
  goal_id uuid,
  priority integer NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id),
  FOREIGN KEY (workspace_id, goal_id) REFERENCES goals (workspace_id, id)
);
CREATE INDEX ownership_rules_list ON ownership_rules (workspace_id, created_at, id);

-- The sync feed: only the latest change per entity, so a pull from zero is as long as the data, not its history.
CREATE TABLE changes (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  seq bigint NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  data jsonb,
  PRIMARY KEY (workspace_id, entity, entity_id)
);
CREATE UNIQUE INDEX changes_feed ON changes (workspace_id, seq);

-- Client mutation ids, recorded in the transaction of their effect: a retry is answered from here.
CREATE TABLE applied_mutations (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  mutation_id uuid NOT NULL,
  payload_hash text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, mutation_id)
);
