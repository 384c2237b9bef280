-- A goal's status and progress changes, oldest first, kept on the row (the last 100) so the hub can show a goal's
-- history from the synced mirror without a separate table or feed entity. Goals created before this start empty.
ALTER TABLE goals ADD COLUMN status_history jsonb NOT NULL DEFAULT '[]';
