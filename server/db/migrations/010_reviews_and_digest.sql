-- Reviews: a decision, goal or ownership rule may carry a review date or interval and who last verified it
-- (utils/contract.ts, zReviewState). NULL: never scheduled nor verified.
ALTER TABLE decisions ADD COLUMN review jsonb;
ALTER TABLE goals ADD COLUMN review jsonb;
ALTER TABLE ownership_rules ADD COLUMN review jsonb;

-- A team's time zone (its weekly digest goes out on Monday morning there) and its last rename, so an item linked
-- before the rename can be flagged where it is shown.
ALTER TABLE teams ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE teams ADD COLUMN renamed_from text;
ALTER TABLE teams ADD COLUMN renamed_at timestamptz;

-- Where a team's weekly digest goes besides its members' e-mail: a Slack-compatible incoming webhook. Kept apart
-- from the team row, which every client pulls: a webhook URL is a secret.
CREATE TABLE digest_settings (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  team_id uuid NOT NULL,
  email_enabled boolean NOT NULL DEFAULT true,
  webhook_url text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, team_id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE
);

-- The idempotency record of the weekly digest: one row per team, week and channel. A sender claims a row (with a
-- lease, so a crashed sender's claim expires) before sending and marks it sent after, so any number of server
-- processes send each team's digest once per week and channel. `attempts` counts sends that failed.
CREATE TABLE digest_deliveries (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  team_id uuid NOT NULL,
  week_start date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  status text NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  claimed_until timestamptz,
  next_attempt_at timestamptz,
  sent_at timestamptz,
  last_error text,
  PRIMARY KEY (workspace_id, team_id, week_start, channel)
);
