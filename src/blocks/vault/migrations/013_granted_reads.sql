-- Granted reads in batches: many partners' and teams' reads in one statement, one transaction.
--
-- 012's vault_granted_read made a granted read one statement. Under load it was still one
-- transaction per read, and on PostgreSQL a transaction that writes pays for itself whatever it
-- holds: an id, a commit record, the wait for the log to reach the disk, a backend woken and put
-- to sleep. At 32 partners reading at once that was most of the database's work
-- (docs/benchmarks.md). Here the reads that arrived while the last batch was at the database go
-- together (gateway.ts): each is checked against its own grant and recorded in its own log entry,
-- as before, and the batch commits once: every read in it is recorded, or none is (and none is
-- answered).
--
-- Every read in a batch is of one council, named first (row-level security, 010).

-- 012's vault_granted_read stays: migrations add rather than change, so the previous version's
-- processes, which call it, keep serving beside these during a rolling deploy (README,
-- "Upgrading"). Nothing in this version calls it; a later migration may drop it.

-- p_reads: a JSON array of reads, each {"resident", "grantee_kind", "grantee", "categories"
-- (sorted, distinct), "at", "actor_id", "actor_name"}. For each read n (from 1) with a live
-- grant covering every category asked (the oldest such grant), the access is recorded as read
-- under it and the resident's current items in those categories are returned, each row naming
-- n and the grant (one row with no item when none are held). A read with no such grant has no
-- row: nothing read for it and nothing recorded (the caller then looks for any other authority,
-- or refuses, with its reason).
CREATE FUNCTION vault_granted_reads(p_council uuid, p_reads jsonb)
RETURNS TABLE (n int, grant_id uuid, id uuid, category text, value jsonb, source_kind text, source_name text, recorded_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM set_config('hearth.vault_council', p_council::text, true);
  RETURN QUERY
    WITH asked AS (
      SELECT r.n::int AS n, r.resident, r.grantee_kind, r.grantee, r.categories, r.at, r.actor_id, r.actor_name
        FROM ROWS FROM (jsonb_to_recordset(p_reads) AS (resident uuid, grantee_kind text, grantee text, categories text[], at timestamptz, actor_id text, actor_name text))
             WITH ORDINALITY AS r(resident, grantee_kind, grantee, categories, at, actor_id, actor_name, n)
    ),
    granted AS MATERIALIZED (
      SELECT a.*, g.id AS grant_id, g.purpose
        FROM asked a
        CROSS JOIN LATERAL (
          SELECT g.id, g.purpose
            FROM vault_live_grants(p_council, a.resident, a.grantee_kind, a.grantee, a.at, a.categories) g
           WHERE g.categories @> a.categories
           ORDER BY g.created_at
           LIMIT 1
        ) g
    ),
    -- As log/append.ts recordAccess writes it: chained within a second by log/chainer.ts.
    recorded AS (
      INSERT INTO vault_access_pending (council_id, at, resident_id, actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose)
      SELECT p_council, g.at, g.resident, CASE g.grantee_kind WHEN 'team' THEN 'staff' ELSE 'partner' END, g.actor_id, g.actor_name, g.grantee, NULL, 'read', g.categories, g.grant_id, NULL, g.purpose
        FROM granted g
       ORDER BY g.n
    )
    SELECT g.n, g.grant_id, i.id, i.category, i.value, i.source_kind, i.source_name, i.recorded_at
      FROM granted g
      LEFT JOIN vault_item i ON i.council_id = p_council AND i.resident_id = g.resident AND i.category = ANY (g.categories) AND i.superseded_at IS NULL
     ORDER BY g.n, i.category, i.recorded_at;
END;
$$;
