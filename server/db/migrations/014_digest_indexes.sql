-- The weekly digest reads a team's week of decisions (by the team, or by a goal the team owns) and the team's
-- decisions under review; without these it reads every decision of the workspace for each of them.
CREATE INDEX decisions_by_team_decided ON decisions (workspace_id, team_id, decided_at);
CREATE INDEX decisions_by_goal_decided ON decisions (workspace_id, goal_id, decided_at);
CREATE INDEX decisions_under_review_by_team ON decisions (workspace_id, team_id) WHERE review IS NOT NULL;
CREATE INDEX decisions_under_review_by_goal ON decisions (workspace_id, goal_id) WHERE review IS NOT NULL;
