-- Pulls must walk changes_feed in seq order whatever the statistics say: right after a burst of writes (and always
-- on PGlite, which has no autovacuum to ANALYZE) the planner underestimates the rows after a cursor and picks a
-- bitmap scan that sorts every later change, which is slower by orders of magnitude on a large feed.
CREATE FUNCTION pull_changes(p_workspace uuid, p_cursor bigint, p_limit integer)
RETURNS TABLE (seq bigint, entity text, entity_id uuid, op text, data text)
LANGUAGE sql STABLE
SET enable_bitmapscan = off
SET enable_sort = off
AS $$
  SELECT c.seq, c.entity, c.entity_id, c.op, c.data::text
  FROM changes c
  WHERE c.workspace_id = p_workspace AND c.seq > p_cursor
  ORDER BY c.seq
  LIMIT p_limit
$$
