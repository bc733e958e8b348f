-- References checked set by set instead of by foreign keys.
--
-- The rows that belong to a service (its lists, its attributes, its search row) name it by
-- (council_id, service_id); a place names its location, an attribute its taxonomy term and
-- the location or organisation that owns it. Foreign keys check each such row on its own: one
-- lookup, lock and trigger call per row. An import writes about 15 of them per service, and
-- those checks were about a third of its time. The same guarantees are kept here with one
-- check per statement over all the rows it added:
--
-- - Adding or changing such rows: everything they name must exist in their council, and is
--   locked FOR KEY SHARE, as a foreign key locks it. Otherwise the statement fails with
--   SQLSTATE 23503 (foreign_key_violation).
-- - A writer whose rows may name a location or term that a later statement of the same
--   transaction writes (an import naming a location before the service that describes it) sets
--   `hearth.defer_directory_references` to 'on' for its transaction (SET LOCAL). Those two
--   checks then wait for COMMIT, as a DEFERRABLE key would: each statement notes what its rows
--   named in directory_pending_reference, and a deferred constraint trigger checks each note
--   at commit and removes it. The other checks never wait: what they name is written first.
-- - Deleting a service, location, term or organisation deletes the rows that named it (the
--   former ON DELETE CASCADE). Refused under REPEATABLE READ, where the cascade would read as of
--   the transaction's start and could miss a row another transaction added since (a key fails
--   the delete instead); Hearth writes under READ COMMITTED, and SERIALIZABLE detects the
--   conflict itself.
-- - Their council and id cannot change, and they cannot be truncated (TRUNCATE fires no delete
--   trigger; a key refuses it too).
-- - The functions run as their owner (SECURITY DEFINER), as a key's checks do: locking a row
--   FOR KEY SHARE needs more than a writer may have on the table it names.
--
-- test/blocks/directory/migrations/service-references.test.ts holds these to what the keys gave.

CREATE FUNCTION directory_references_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('hearth.defer_directory_references', true), '') = 'on'
$$;

-- A statement trigger for one reference. TG_ARGV: the table named, the column naming it, and
-- 'deferrable' or 'immediate'. One statement per check, planned from the table named: one
-- index probe per distinct row named (the transition table has no statistics; OFFSET 0 keeps
-- the planner from turning it into a join over the whole table).
CREATE FUNCTION directory_check_references() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  parent text := TG_ARGV[0];
  column_name text := TG_ARGV[1];
  wanted bigint;
  found bigint;
  missing record;
BEGIN
  IF TG_ARGV[2] = 'deferrable' AND directory_references_deferred() THEN
    EXECUTE format(
      'INSERT INTO directory_pending_reference (child, parent, council_id, ids)
       SELECT %L, %L, a.council_id, array_agg(DISTINCT a.%I) FROM added a WHERE a.%I IS NOT NULL GROUP BY a.council_id',
      TG_TABLE_NAME, parent, column_name, column_name);
    RETURN NULL;
  END IF;
  EXECUTE format(
    'WITH named AS (SELECT DISTINCT a.council_id, a.%1$I AS id FROM added a WHERE a.%1$I IS NOT NULL),
          locked AS (SELECT 1 FROM named CROSS JOIN LATERAL (
            SELECT 1 FROM %2$I p WHERE p.council_id = named.council_id AND p.id = named.id OFFSET 0 FOR KEY SHARE OF p) x)
     SELECT (SELECT count(*) FROM named), (SELECT count(*) FROM locked)',
    column_name, parent) INTO wanted, found;
  IF found < wanted THEN
    EXECUTE format(
      'SELECT a.council_id, a.%1$I AS id FROM added a
       WHERE a.%1$I IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.council_id = a.council_id AND p.id = a.%1$I) LIMIT 1',
      column_name, parent) INTO missing;
    RAISE EXCEPTION 'insert or update on table "%" names % %, which is not in council %', TG_TABLE_NAME, parent,
      coalesce(missing.id::text, '(one deleted meanwhile)'), coalesce(missing.council_id::text, '(its council)')
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;

-- What one deferred statement named, checked at commit the same way.
CREATE TABLE directory_pending_reference (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  child text NOT NULL,
  parent text NOT NULL CHECK (parent IN ('location', 'taxonomy_term')),
  council_id uuid NOT NULL,
  -- Distinct ids named.
  ids uuid[] NOT NULL
);

CREATE FUNCTION directory_check_pending_reference() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  found bigint;
BEGIN
  EXECUTE format(
    'SELECT count(*) FROM unnest($1) AS n(id)
     CROSS JOIN LATERAL (SELECT 1 FROM %I p WHERE p.council_id = $2 AND p.id = n.id OFFSET 0 FOR KEY SHARE OF p) locked',
    NEW.parent) INTO found USING NEW.ids, NEW.council_id;
  IF found < cardinality(NEW.ids) THEN
    RAISE EXCEPTION 'rows written to table "%" name a % that is not in council %', NEW.child, NEW.parent, NEW.council_id
      USING ERRCODE = 'foreign_key_violation', TABLE = NEW.child;
  END IF;
  DELETE FROM directory_pending_reference WHERE id = NEW.id;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER directory_pending_reference_checked AFTER INSERT ON directory_pending_reference
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION directory_check_pending_reference();

-- After deleting rows of a table others name: delete what named them. TG_ARGV: the naming
-- column, then the tables that have it.
CREATE FUNCTION directory_delete_named() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  i int;
BEGIN
  IF current_setting('transaction_isolation') = 'repeatable read' THEN
    RAISE EXCEPTION 'deleting from % needs READ COMMITTED or SERIALIZABLE isolation, not REPEATABLE READ: rows naming it could be missed', TG_TABLE_NAME
      USING ERRCODE = 'feature_not_supported';
  END IF;
  FOR i IN 1 .. TG_NARGS - 1 LOOP
    EXECUTE format('DELETE FROM %I x USING removed r WHERE x.council_id = r.council_id AND x.%I = r.id', TG_ARGV[i], TG_ARGV[0]);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the council and id of a % cannot change (%)', TG_TABLE_NAME, OLD.id USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE FUNCTION directory_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TRUNCATE % would leave the rows that name it: use DELETE, which deletes them too', TG_TABLE_NAME
    USING ERRCODE = 'feature_not_supported';
END
$$;

DO $$
DECLARE
  r record;
BEGIN
  -- Each reference: drop its key, check it set by set on insert and on update.
  FOR r IN SELECT * FROM (VALUES
    ('service_at_location', 'service', 'service_id', 'immediate'),
    ('schedule', 'service', 'service_id', 'immediate'),
    ('service_area', 'service', 'service_id', 'immediate'),
    ('contact', 'service', 'service_id', 'immediate'),
    ('phone', 'service', 'service_id', 'immediate'),
    ('language', 'service', 'service_id', 'immediate'),
    ('funding', 'service', 'service_id', 'immediate'),
    ('cost_option', 'service', 'service_id', 'immediate'),
    ('required_document', 'service', 'service_id', 'immediate'),
    ('metadata', 'service', 'service_id', 'immediate'),
    ('attribute', 'service', 'service_id', 'immediate'),
    ('search_service', 'service', 'service_id', 'immediate'),
    ('service_at_location', 'location', 'location_id', 'deferrable'),
    ('attribute', 'taxonomy_term', 'taxonomy_term_id', 'deferrable'),
    ('attribute', 'location', 'location_id', 'immediate'),
    ('attribute', 'organization', 'organization_id', 'immediate')
  ) AS v(child, parent, column_name, mode) LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.child, format('%s_council_id_%s_fkey', r.child, r.column_name));
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references(%L, %L, %L)',
      format('%s_%s_inserted', r.child, r.parent), r.child, r.parent, r.column_name, r.mode);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references(%L, %L, %L)',
      format('%s_%s_updated', r.child, r.parent), r.child, r.parent, r.column_name, r.mode);
  END LOOP;

  -- Each table named: deleting cascades, its key stays, it is not truncated.
  FOR r IN SELECT * FROM (VALUES
    ('service', 'service_id', ARRAY['search_service', 'attribute', 'metadata', 'required_document', 'cost_option', 'funding', 'language',
                                    'phone', 'contact', 'service_area', 'schedule', 'service_at_location']),
    ('location', 'location_id', ARRAY['service_at_location', 'attribute']),
    ('taxonomy_term', 'taxonomy_term_id', ARRAY['attribute']),
    ('organization', 'organization_id', ARRAY['attribute'])
  ) AS v(parent, column_name, children) LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directory_delete_named(%s)',
      r.parent || '_belongings_deleted', r.parent,
      (SELECT string_agg(quote_literal(a), ', ') FROM unnest(r.column_name || r.children) AS a));
    EXECUTE format(
      'CREATE TRIGGER %I BEFORE UPDATE OF council_id, id ON %I FOR EACH ROW
       WHEN (OLD.council_id IS DISTINCT FROM NEW.council_id OR OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION directory_refuse_key_change()',
      r.parent || '_key_fixed', r.parent);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION directory_refuse_truncate()', r.parent || '_not_truncated', r.parent);
  END LOOP;
END
$$;

-- Also implied: an attribute's taxonomy_term_id is NOT NULL, and the term's own council key
-- guards the council (see migration 004).
ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_fkey;
