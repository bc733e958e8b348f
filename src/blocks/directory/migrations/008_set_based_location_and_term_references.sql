-- As migration 006 did for services: the references from service_at_location to a location,
-- and from attribute to its taxonomy term and to the location or organisation that owns it,
-- are checked set by set (one check per statement over the rows it added) instead of by a
-- foreign key row by row. An import writes about four attributes per service; their per-row
-- checks, with the location checks, were a tenth of its time.
--
-- - Adding or changing such rows: every location, term and organisation they name must exist
--   in their council, and is locked FOR KEY SHARE, as a foreign key would lock it. Otherwise
--   the statement fails with SQLSTATE 23503 (foreign_key_violation).
-- - A writer whose rows may name a location or term defined by a later statement of the same
--   transaction (an import naming a location before the service that describes it) may set
--   `hearth.defer_directory_references` to 'on' for its transaction (SET LOCAL): the location
--   and term checks then wait for the writer, which must check everything it wrote before it
--   commits (sql/oruk-write.ts `checkDeferredReferences`). This replaces the DEFERRABLE keys of
--   migration 005. The owner checks are never deferred: an owner is written before what it owns.
-- - Deleting locations, terms or organisations deletes the rows that named them (the former
--   ON DELETE CASCADE); their council and id cannot change.

CREATE FUNCTION directory_references_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('hearth.defer_directory_references', true), '') = 'on'
$$;

-- A statement trigger for one reference: TG_ARGV = (referenced table, referring column,
-- 'deferrable' or 'immediate'). Locks the rows named by (council_id, <column>) of the rows the
-- statement added, and raises foreign_key_violation when one is missing. Dynamic SQL serves
-- every pair; it runs in the trigger itself, where the transition table `added` is visible.
CREATE FUNCTION directory_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent text := TG_ARGV[0];
  column_name text := TG_ARGV[1];
  wanted bigint;
  found bigint;
  missing record;
BEGIN
  IF TG_ARGV[2] = 'deferrable' AND directory_references_deferred() THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT DISTINCT a.council_id, a.%1$I FROM added a WHERE a.%1$I IS NOT NULL) named', column_name) INTO wanted;
  IF wanted = 0 THEN
    RETURN NULL;
  END IF;
  -- One index probe per row named (the transition table has no statistics); OFFSET 0 keeps it so.
  EXECUTE format(
    'SELECT count(*) FROM (SELECT DISTINCT a.council_id, a.%1$I AS id FROM added a WHERE a.%1$I IS NOT NULL) named
     CROSS JOIN LATERAL (SELECT 1 FROM %2$I p WHERE p.council_id = named.council_id AND p.id = named.id OFFSET 0 FOR KEY SHARE OF p) locked',
    column_name, parent) INTO found;
  IF found < wanted THEN
    EXECUTE format(
      'SELECT a.council_id, a.%1$I AS id FROM added a
       WHERE a.%1$I IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.council_id = a.council_id AND p.id = a.%1$I) LIMIT 1',
      column_name, parent) INTO missing;
    RAISE EXCEPTION 'insert or update on table "%" names % %, which is not in council %', TG_TABLE_NAME, parent, missing.id, missing.council_id
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_delete_location_belongings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM service_at_location x USING removed r WHERE x.council_id = r.council_id AND x.location_id = r.id;
  DELETE FROM attribute x USING removed r WHERE x.council_id = r.council_id AND x.location_id = r.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_delete_term_belongings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM attribute x USING removed r WHERE x.council_id = r.council_id AND x.taxonomy_term_id = r.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_delete_organization_belongings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM attribute x USING removed r WHERE x.council_id = r.council_id AND x.organization_id = r.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the council and id of a % cannot change (%)', TG_TABLE_NAME, OLD.id USING ERRCODE = 'foreign_key_violation';
END
$$;

ALTER TABLE service_at_location DROP CONSTRAINT service_at_location_council_id_location_id_fkey;
CREATE TRIGGER service_at_location_location_inserted AFTER INSERT ON service_at_location REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('location', 'location_id', 'deferrable');
CREATE TRIGGER service_at_location_location_updated AFTER UPDATE ON service_at_location REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('location', 'location_id', 'deferrable');

ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_taxonomy_term_id_fkey;
CREATE TRIGGER attribute_term_inserted AFTER INSERT ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('taxonomy_term', 'taxonomy_term_id', 'deferrable');
CREATE TRIGGER attribute_term_updated AFTER UPDATE ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('taxonomy_term', 'taxonomy_term_id', 'deferrable');

ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_location_id_fkey;
CREATE TRIGGER attribute_location_inserted AFTER INSERT ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('location', 'location_id', 'immediate');
CREATE TRIGGER attribute_location_updated AFTER UPDATE ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('location', 'location_id', 'immediate');

ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_organization_id_fkey;
CREATE TRIGGER attribute_organization_inserted AFTER INSERT ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('organization', 'organization_id', 'immediate');
CREATE TRIGGER attribute_organization_updated AFTER UPDATE ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_references('organization', 'organization_id', 'immediate');

CREATE TRIGGER location_belongings_deleted AFTER DELETE ON location
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directory_delete_location_belongings();
CREATE TRIGGER taxonomy_term_belongings_deleted AFTER DELETE ON taxonomy_term
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directory_delete_term_belongings();
CREATE TRIGGER organization_belongings_deleted AFTER DELETE ON organization
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directory_delete_organization_belongings();

CREATE TRIGGER location_key_fixed BEFORE UPDATE OF council_id, id ON location
  FOR EACH ROW WHEN (OLD.council_id IS DISTINCT FROM NEW.council_id OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION directory_refuse_key_change();
CREATE TRIGGER taxonomy_term_key_fixed BEFORE UPDATE OF council_id, id ON taxonomy_term
  FOR EACH ROW WHEN (OLD.council_id IS DISTINCT FROM NEW.council_id OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION directory_refuse_key_change();
CREATE TRIGGER organization_key_fixed BEFORE UPDATE OF council_id, id ON organization
  FOR EACH ROW WHEN (OLD.council_id IS DISTINCT FROM NEW.council_id OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION directory_refuse_key_change();
