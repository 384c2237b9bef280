-- An item has at most one owning team and one goal: changing either replaces the link (server/domain/links.ts).
-- Older servers kept every owner and goal link ever made. Keep the newest of each item (the one the sidebar showed:
-- latest updated_at, then the lowest id) and delete the others with a tombstone in the feed, numbered after every
-- change a client may have pulled, so every mirror drops them on its next pull.
CREATE TEMPORARY TABLE superseded_links ON COMMIT DROP AS
SELECT workspace_id, id, row_number() OVER (PARTITION BY workspace_id ORDER BY item_key, kind, id) AS n
FROM (
  SELECT workspace_id, id, item_key, kind,
    row_number() OVER (PARTITION BY workspace_id, item_key, kind ORDER BY updated_at DESC, id) AS rank
  FROM links
  WHERE kind IN ('owner', 'goal')
) ranked
WHERE rank > 1;

INSERT INTO changes (workspace_id, entity, entity_id, seq, op, data)
SELECT s.workspace_id, 'link', s.id, w.last_seq + s.n, 'delete', NULL
FROM superseded_links s JOIN workspaces w ON w.id = s.workspace_id
ON CONFLICT (workspace_id, entity, entity_id) DO UPDATE SET seq = excluded.seq, op = excluded.op, data = excluded.data;

UPDATE workspaces w SET last_seq = w.last_seq + counted.total
FROM (SELECT workspace_id, count(*) AS total FROM superseded_links GROUP BY workspace_id) counted
WHERE w.id = counted.workspace_id;

DELETE FROM links l USING superseded_links s WHERE l.workspace_id = s.workspace_id AND l.id = s.id;

-- What the database itself enforces, whatever writes: one owner link and one goal link per item.
CREATE UNIQUE INDEX links_one_owner_one_goal ON links (workspace_id, item_key, kind) WHERE kind IN ('owner', 'goal');
