-- Connectors read the structure of Jira, Asana and Notion (never items); what they read is kept as containers, and
-- rule suggestions map containers to teams until an admin accepts (an ownership rule) or rejects them.

CREATE TABLE connectors (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('jira_cloud', 'jira_server', 'asana', 'notion')),
  name text NOT NULL,
  base_url text,
  account text,
  -- AES-256-GCM under HALLWAY_SECRET_KEY (server/connectors/secrets.ts); never sent to any client.
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE import_runs (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  connector_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed')),
  pages integer NOT NULL DEFAULT 0,
  containers integer NOT NULL DEFAULT 0,
  removed integer NOT NULL DEFAULT 0,
  error text,
  error_kind text,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, connector_id) REFERENCES connectors (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX import_runs_by_connector ON import_runs (workspace_id, connector_id, created_at DESC);

CREATE TABLE containers (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  connector_id uuid NOT NULL,
  tool text NOT NULL,
  kind text NOT NULL,
  external_id text NOT NULL,
  key text,
  name text NOT NULL,
  parent_external_id text,
  hints jsonb NOT NULL,
  previous jsonb,
  -- The import that last saw it: a complete import marks the containers it did not see as removed.
  seen_run uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  removed_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, connector_id, kind, external_id),
  FOREIGN KEY (workspace_id, connector_id) REFERENCES connectors (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX containers_list ON containers (workspace_id, tool, name, id);
-- A container's parent, by the tool's id (Notion's chains).
CREATE INDEX containers_by_external_id ON containers (workspace_id, connector_id, external_id);

CREATE TABLE rule_suggestions (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  container_id uuid NOT NULL,
  team_id uuid NOT NULL,
  score real NOT NULL,
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
  field text NOT NULL,
  pattern text NOT NULL,
  rule_id uuid,
  -- The container's parent and owner hints when it was accepted: a later move is flagged, never followed.
  accepted_snapshot jsonb,
  decided_at timestamptz,
  decided_by text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, container_id),
  FOREIGN KEY (workspace_id, container_id) REFERENCES containers (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE
);
