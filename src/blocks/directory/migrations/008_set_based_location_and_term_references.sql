-- As migration 006 did for services: the references from service_at_location to a location,
-- and from attribute to its taxonomy term and to the location or organisation that owns it,
-- are checked set by set (one check per statement over the rows it added) instead of by a
-- foreign key row by row. An import writes about four attributes per service; their per-row
-- checks, with the location checks, were a tenth of its time.
--
-- - Adding or changing such rows: every location, term and organisation they name must exist
--   in their council, and is locked FOR KEY SHARE, as a foreign key would lock it. Otherwise
--   the statement fails with SQLSTATE 23503 (foreign_key_violation).
-- - A writer whose rows may name a location or term that a later statement of the same
--   transaction writes (an import naming a location before the service that describes it)
--   sets `hearth.defer_directory_references` to 'on' for its transaction (SET LOCAL). Those two
--   checks then wait for COMMIT, as the DEFERRABLE keys of migration 005 did: each statement
--   notes what its rows named in directory_pending_reference, and a deferred constraint
--   trigger checks each note at commit, set by set, and removes it. The owner checks (an
--   attribute's location or organisation) are never deferred: an owner is written first.
-- - Deleting locations, terms or organisations deletes the rows that named them (the former
--   ON DELETE CASCADE); their council and id cannot change; they cannot be truncated.
--
-- Upgrading: a Hearth process from before this migration asks for the dropped keys by name when
-- it imports; let running imports finish (or stop old processes) before this one applies.

CREATE TABLE directory_pending_reference (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  child text NOT NULL,
  parent text NOT NULL CHECK (parent IN ('location', 'taxonomy_term')),
  council_id uuid NOT NULL,
  -- Distinct ids named.
  ids uuid[] NOT NULL
);

CREATE FUNCTION directory_references_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('hearth.defer_directory_references', true), '') = 'on'
$$;

-- At commit: what one deferred statement named must exist now; locked as a key would lock it.
CREATE FUNCTION directory_check_pending_reference() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  found bigint;
BEGIN
  IF NEW.parent = 'location' THEN
    SELECT count(*) INTO found FROM unnest(NEW.ids) AS n(id)
    CROSS JOIN LATERAL (SELECT 1 FROM location p WHERE p.council_id = NEW.council_id AND p.id = n.id OFFSET 0 FOR KEY SHARE OF p) locked;
  ELSE
    SELECT count(*) INTO found FROM unnest(NEW.ids) AS n(id)
    CROSS JOIN LATERAL (SELECT 1 FROM taxonomy_term p WHERE p.council_id = NEW.council_id AND p.id = n.id OFFSET 0 FOR KEY SHARE OF p) locked;
  END IF;
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

-- The locations named by the statement's rows (`location_id`): TG_ARGV[0] is 'deferrable' for a
-- place (service_at_location), 'immediate' for an attribute's owner.
CREATE FUNCTION directory_check_location_references() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  wanted bigint;
  found bigint;
  missing record;
BEGIN
  IF TG_ARGV[0] = 'deferrable' AND directory_references_deferred() THEN
    INSERT INTO directory_pending_reference (child, parent, council_id, ids)
    SELECT TG_TABLE_NAME, 'location', a.council_id, array_agg(DISTINCT a.location_id) FROM added a WHERE a.location_id IS NOT NULL GROUP BY a.council_id;
    RETURN NULL;
  END IF;
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT a.council_id, a.location_id FROM added a WHERE a.location_id IS NOT NULL) named;
  SELECT count(*) INTO found
  FROM (SELECT DISTINCT a.council_id, a.location_id FROM added a WHERE a.location_id IS NOT NULL) named
  CROSS JOIN LATERAL (SELECT 1 FROM location p WHERE p.council_id = named.council_id AND p.id = named.location_id OFFSET 0 FOR KEY SHARE OF p) locked;
  IF found < wanted THEN
    SELECT a.council_id, a.location_id INTO missing FROM added a
    WHERE a.location_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM location p WHERE p.council_id = a.council_id AND p.id = a.location_id) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "%" names location %, which is not in council %', TG_TABLE_NAME,
      coalesce(missing.location_id::text, '(one deleted meanwhile)'), coalesce(missing.council_id::text, '(its council)')
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;

-- The taxonomy terms named by the statement's attributes (deferrable).
CREATE FUNCTION directory_check_term_references() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  wanted bigint;
  found bigint;
  missing record;
BEGIN
  IF directory_references_deferred() THEN
    INSERT INTO directory_pending_reference (child, parent, council_id, ids)
    SELECT TG_TABLE_NAME, 'taxonomy_term', a.council_id, array_agg(DISTINCT a.taxonomy_term_id) FROM added a GROUP BY a.council_id;
    RETURN NULL;
  END IF;
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT a.council_id, a.taxonomy_term_id FROM added a) named;
  SELECT count(*) INTO found
  FROM (SELECT DISTINCT a.council_id, a.taxonomy_term_id FROM added a) named
  CROSS JOIN LATERAL (SELECT 1 FROM taxonomy_term p WHERE p.council_id = named.council_id AND p.id = named.taxonomy_term_id OFFSET 0 FOR KEY SHARE OF p) locked;
  IF found < wanted THEN
    SELECT a.council_id, a.taxonomy_term_id INTO missing FROM added a
    WHERE NOT EXISTS (SELECT 1 FROM taxonomy_term p WHERE p.council_id = a.council_id AND p.id = a.taxonomy_term_id) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "%" names taxonomy term %, which is not in council %', TG_TABLE_NAME,
      coalesce(missing.taxonomy_term_id::text, '(one deleted meanwhile)'), coalesce(missing.council_id::text, '(its council)')
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;

-- The organisations owning the statement's attributes (never deferred).
CREATE FUNCTION directory_check_organization_references() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  wanted bigint;
  found bigint;
  missing record;
BEGIN
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT a.council_id, a.organization_id FROM added a WHERE a.organization_id IS NOT NULL) named;
  IF wanted = 0 THEN
    RETURN NULL;
  END IF;
  SELECT count(*) INTO found
  FROM (SELECT DISTINCT a.council_id, a.organization_id FROM added a WHERE a.organization_id IS NOT NULL) named
  CROSS JOIN LATERAL (SELECT 1 FROM organization p WHERE p.council_id = named.council_id AND p.id = named.organization_id OFFSET 0 FOR KEY SHARE OF p) locked;
  IF found < wanted THEN
    SELECT a.council_id, a.organization_id INTO missing FROM added a
    WHERE a.organization_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organization p WHERE p.council_id = a.council_id AND p.id = a.organization_id) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "%" names organization %, which is not in council %', TG_TABLE_NAME,
      coalesce(missing.organization_id::text, '(one deleted meanwhile)'), coalesce(missing.council_id::text, '(its council)')
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_delete_location_belongings() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM directory_refuse_repeatable_read_delete(TG_TABLE_NAME);
  DELETE FROM service_at_location x USING removed r WHERE x.council_id = r.council_id AND x.location_id = r.id;
  DELETE FROM attribute x USING removed r WHERE x.council_id = r.council_id AND x.location_id = r.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_delete_term_belongings() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM directory_refuse_repeatable_read_delete(TG_TABLE_NAME);
  DELETE FROM attribute x USING removed r WHERE x.council_id = r.council_id AND x.taxonomy_term_id = r.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_delete_organization_belongings() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM directory_refuse_repeatable_read_delete(TG_TABLE_NAME);
  DELETE FROM attribute x USING removed r WHERE x.council_id = r.council_id AND x.organization_id = r.id;
  RETURN NULL;
END
$$;

ALTER TABLE service_at_location DROP CONSTRAINT service_at_location_council_id_location_id_fkey;
CREATE TRIGGER service_at_location_location_inserted AFTER INSERT ON service_at_location REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_location_references('deferrable');
CREATE TRIGGER service_at_location_location_updated AFTER UPDATE ON service_at_location REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_location_references('deferrable');

ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_taxonomy_term_id_fkey;
CREATE TRIGGER attribute_term_inserted AFTER INSERT ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_term_references();
CREATE TRIGGER attribute_term_updated AFTER UPDATE ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_term_references();

ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_location_id_fkey;
CREATE TRIGGER attribute_location_inserted AFTER INSERT ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_location_references('immediate');
CREATE TRIGGER attribute_location_updated AFTER UPDATE ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_location_references('immediate');

ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_organization_id_fkey;
CREATE TRIGGER attribute_organization_inserted AFTER INSERT ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_organization_references();
CREATE TRIGGER attribute_organization_updated AFTER UPDATE ON attribute REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION directory_check_organization_references();

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

CREATE TRIGGER location_not_truncated BEFORE TRUNCATE ON location FOR EACH STATEMENT EXECUTE FUNCTION directory_refuse_truncate();
CREATE TRIGGER taxonomy_term_not_truncated BEFORE TRUNCATE ON taxonomy_term FOR EACH STATEMENT EXECUTE FUNCTION directory_refuse_truncate();
CREATE TRIGGER organization_not_truncated BEFORE TRUNCATE ON organization FOR EACH STATEMENT EXECUTE FUNCTION directory_refuse_truncate();
