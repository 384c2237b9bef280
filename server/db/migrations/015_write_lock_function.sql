-- A write transaction's first statement: takes the workspace's write lock and reads, under it, what the writers
-- must see (their people's status, the mutation ids already answered), in one round trip instead of two. The
-- reads are the function's second statement, and in a VOLATILE function each statement takes a fresh snapshot:
-- they see what was committed before the lock was granted, not what the call's snapshot saw while it waited.
-- No row when the workspace does not exist.
CREATE FUNCTION write_lock(p_workspace uuid, p_users uuid[], p_mutations uuid[])
RETURNS TABLE (last_seq bigint, deactivated text[], recorded json)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  v_last_seq bigint;
BEGIN
  SELECT w.last_seq INTO v_last_seq FROM workspaces w WHERE w.id = p_workspace FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT
    v_last_seq,
    (SELECT array_agg(u.id::text) FROM users u
     WHERE u.workspace_id = p_workspace AND u.id = ANY (p_users) AND u.status = 'deactivated'),
    (SELECT json_agg(json_build_object('mutation_id', m.mutation_id, 'payload_hash', m.payload_hash,
       'result', m.result))
     FROM applied_mutations m WHERE m.workspace_id = p_workspace AND m.mutation_id = ANY (p_mutations));
END
$$
