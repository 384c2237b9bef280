-- A decision's lifecycle (accepted, withdrawn, reverted) with who made each change and when, kept on the row (the
-- last 50) like a goal's status history. Decisions logged before start with an empty history.
ALTER TABLE decisions ADD COLUMN status_history jsonb NOT NULL DEFAULT '[]';

-- Notes are their own entity: kept about items, never counted or shown as decisions, with no lifecycle. Notes that
-- older clients saved as proposed decisions cannot be told apart from real proposals and stay decisions.
CREATE TABLE notes (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  team_id uuid,
  goal_id uuid,
  item_keys text[] NOT NULL,
  quote text,
  source_url text,
  created_by text NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id),
  FOREIGN KEY (workspace_id, goal_id) REFERENCES goals (workspace_id, id)
);
CREATE INDEX notes_list ON notes (workspace_id, created_at, id);
CREATE INDEX notes_by_item ON notes USING gin (item_keys);
