-- A deferring writer's references to services checked once per transaction, at commit.
--
-- Migration 005 checks the rows that belong to a service (its lists, its attributes, its
-- search row) with one statement trigger per table: every statement that adds such rows looks
-- up, and locks FOR KEY SHARE, each service they name. An import writes a batch's services and
-- all twelve of their lists in one statement, then their search rows in another: the same
-- thousand services were looked up and locked thirteen times per batch, about a sixth of the
-- time of writing a batch (measured on PostgreSQL 15 with a 50k-service federation pull).
--
-- Now, in a transaction that defers its references (`hearth.defer_directory_references`,
-- which only the ORUK writer sets: imports, federation pulls, publishing an edit), the service
-- checks wait for COMMIT as the location and term checks already did: each statement notes
-- the services it named, and at commit the first note of a parent and council takes every
-- other note of them with it, so each service named is looked up and locked once, however
-- many tables and statements named it. A service still missing at commit fails the COMMIT
-- with SQLSTATE 23503 (foreign_key_violation), as a deferred key would; the transaction is
-- rolled back and nothing it wrote remains. Every other writer is checked statement by
-- statement, as before.

ALTER TABLE directory_pending_reference DROP CONSTRAINT directory_pending_reference_parent_check;
ALTER TABLE directory_pending_reference ADD CONSTRAINT directory_pending_reference_parent_check
  CHECK (parent IN ('location', 'taxonomy_term', 'service'));

CREATE OR REPLACE FUNCTION directory_check_pending_reference() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  named uuid[];
  children text;
  locked bigint;
BEGIN
  -- Already checked with an earlier note of the same parent and council.
  PERFORM 1 FROM directory_pending_reference WHERE id = NEW.id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  -- Only this transaction's notes are seen (no note is ever committed: each is removed here).
  WITH taken AS (
    DELETE FROM directory_pending_reference WHERE parent = NEW.parent AND council_id = NEW.council_id RETURNING child, ids
  )
  SELECT array_agg(DISTINCT n.id), string_agg(DISTINCT taken.child, ', ') INTO named, children
  FROM taken CROSS JOIN LATERAL unnest(taken.ids) AS n(id);
  IF named IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format(
    'SELECT count(*) FROM unnest($1) AS n(id)
     CROSS JOIN LATERAL (SELECT 1 FROM %I p WHERE p.council_id = $2 AND p.id = n.id OFFSET 0 FOR KEY SHARE OF p) locked',
    NEW.parent) INTO locked USING named, NEW.council_id;
  IF locked < cardinality(named) THEN
    RAISE EXCEPTION 'rows written to table "%" name a % that is not in council %', children, NEW.parent, NEW.council_id
      USING ERRCODE = 'foreign_key_violation', TABLE = NEW.child;
  END IF;
  RETURN NULL;
END
$$;

-- The service checks of migration 005, now deferrable (the function waits only when the
-- writer defers).
DO $$
DECLARE
  child text;
  event text;
BEGIN
  FOREACH child IN ARRAY ARRAY['service_at_location', 'schedule', 'service_area', 'contact', 'phone', 'language', 'funding',
                               'cost_option', 'required_document', 'metadata', 'attribute', 'search_service'] LOOP
    FOREACH event IN ARRAY ARRAY['inserted', 'updated'] LOOP
      EXECUTE format('DROP TRIGGER %I ON %I', format('%s_service_%s', child, event), child);
      EXECUTE format(
        'CREATE TRIGGER %I AFTER %s ON %I REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references(%L, %L, %L)',
        format('%s_service_%s', child, event), CASE event WHEN 'inserted' THEN 'INSERT' ELSE 'UPDATE' END, child, 'service', 'service_id', 'deferrable');
    END LOOP;
  END LOOP;
END
$$;
