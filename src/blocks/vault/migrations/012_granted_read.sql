-- A read under a grant in one statement: the partner API's and a team's everyday read.
--
-- A granted read checks a live grant, reads the items and records the access, in one
-- transaction. Asked as separate statements that is five round trips (BEGIN naming the council,
-- the grants, the items, the log entry, COMMIT), and at 32 partners reading at once the server
-- spent most of its time writing to its database connections (docs/benchmarks.md). Here it is
-- one: a statement is its own transaction, so the check, the read and the log entry still commit
-- together or not at all, and the council is named (for row-level security, 010) inside it.
--
-- What a live, unrestricted grant is lives in one place, vault_live_grants, which the vault's
-- other grant checks (sql/grants.ts) ask too.

-- The grants a grantee holds from a resident that are live at p_at (active, started, not
-- expired), none of them while the resident has restricted (UK GDPR Article 18) any of
-- p_categories. A plain SQL function: the planner inlines it into the query that asks.
CREATE FUNCTION vault_live_grants(p_council uuid, p_resident uuid, p_grantee_kind text, p_grantee text, p_at timestamptz, p_categories text[])
RETURNS SETOF vault_grant
LANGUAGE sql STABLE AS $$
  SELECT g.*
    FROM vault_grant g
   WHERE g.council_id = p_council AND g.resident_id = p_resident AND g.grantee_kind = p_grantee_kind AND g.grantee = p_grantee
     AND g.status = 'active' AND g.starts_at <= p_at AND g.expires_at > p_at
     AND NOT EXISTS (SELECT 1 FROM vault_restriction r WHERE r.council_id = p_council AND r.resident_id = p_resident AND r.category = ANY (p_categories))
$$;

-- The oldest live grant covering every one of p_categories (sorted, distinct): when there is
-- one, the access is recorded as read under it and the resident's current items in those
-- categories are returned, each row naming the grant (one row with no item when none are held);
-- when there is none, no row, nothing read and nothing recorded (the caller then looks for any
-- other authority, or refuses, with its reason).
CREATE FUNCTION vault_granted_read(
  p_council uuid, p_resident uuid, p_grantee_kind text, p_grantee text, p_categories text[], p_at timestamptz,
  p_actor_id text, p_actor_name text
)
RETURNS TABLE (grant_id uuid, id uuid, category text, value jsonb, source_kind text, source_name text, recorded_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  live vault_grant;
BEGIN
  PERFORM set_config('hearth.vault_council', p_council::text, true);
  SELECT * INTO live
    FROM vault_live_grants(p_council, p_resident, p_grantee_kind, p_grantee, p_at, p_categories) g
   WHERE g.categories @> p_categories
   ORDER BY g.created_at
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  -- As log/append.ts recordAccess writes it: chained within a second by log/chainer.ts.
  INSERT INTO vault_access_pending (council_id, at, resident_id, actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose)
  VALUES (p_council, p_at, p_resident, CASE p_grantee_kind WHEN 'team' THEN 'staff' ELSE 'partner' END, p_actor_id, p_actor_name, p_grantee, NULL, 'read', p_categories, live.id, NULL, live.purpose);
  RETURN QUERY
    SELECT live.id, i.id, i.category, i.value, i.source_kind, i.source_name, i.recorded_at
      FROM (SELECT 1) AS one
      LEFT JOIN vault_item i ON i.council_id = p_council AND i.resident_id = p_resident AND i.category = ANY (p_categories) AND i.superseded_at IS NULL
     ORDER BY i.category, i.recorded_at;
END;
$$;
