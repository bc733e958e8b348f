-- Rows that belong to a service (its lists, its attributes, its search index row) name it by
-- (council_id, service_id). Until now a foreign key guarded each of them. PostgreSQL checks a
-- foreign key row by row: one lookup, lock and trigger call per row, which made up a third of
-- the time of writing services in bulk (about 5,000 rows per 500 services). The same guarantee
-- is kept here set by set: one check per statement over all the rows it added.
--
-- - Adding or changing such rows: every service they name must exist in their council; those
--   services are locked FOR KEY SHARE, as a foreign key would lock them, so none can be
--   deleted before the writer's transaction ends. Otherwise the statement fails with SQLSTATE
--   23503 (foreign_key_violation), as before.
-- - Deleting services deletes what belongs to them (the former ON DELETE CASCADE), in one
--   statement per table.
-- - A service's council and id cannot change (the former keys allowed no such update either),
--   and the table cannot be truncated (that would leave what belongs to its services).
--
-- The location, organisation, taxonomy term, contact and feedback references stay foreign keys:
-- far fewer rows carry them.

-- The functions run as their owner (SECURITY DEFINER), as a foreign key's checks do: locking a
-- row FOR KEY SHARE needs more than the writer may have on the table it names.
CREATE FUNCTION directory_check_service_references() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  wanted bigint;
  found bigint;
  missing record;
BEGIN
  -- One index probe per service named (the transition table has no statistics: a join the
  -- planner chose could read the whole service table per statement). OFFSET 0 keeps it so.
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT a.council_id, a.service_id FROM added a WHERE a.service_id IS NOT NULL) named;
  SELECT count(*) INTO found
  FROM (SELECT DISTINCT a.council_id, a.service_id FROM added a WHERE a.service_id IS NOT NULL) named
  CROSS JOIN LATERAL (
    SELECT 1 FROM service s WHERE s.council_id = named.council_id AND s.id = named.service_id OFFSET 0 FOR KEY SHARE OF s
  ) locked;
  IF found < wanted THEN
    SELECT a.council_id, a.service_id INTO missing
    FROM added a
    WHERE a.service_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM service s WHERE s.council_id = a.council_id AND s.id = a.service_id)
    LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "%" names service %, which is not in council %', TG_TABLE_NAME,
      coalesce(missing.service_id::text, '(one deleted meanwhile)'), coalesce(missing.council_id::text, '(its council)')
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;

-- Under REPEATABLE READ a cascade would read the rows naming what is deleted as of the
-- transaction's start, and miss one another transaction added since (a foreign key fails the
-- delete instead). Hearth writes under READ COMMITTED; SERIALIZABLE detects the conflict itself.
CREATE FUNCTION directory_refuse_repeatable_read_delete(what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('transaction_isolation') = 'repeatable read' THEN
    RAISE EXCEPTION 'deleting from % needs READ COMMITTED or SERIALIZABLE isolation, not REPEATABLE READ: rows naming it could be missed', what
      USING ERRCODE = 'feature_not_supported';
  END IF;
END
$$;

CREATE FUNCTION directory_delete_service_belongings() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM directory_refuse_repeatable_read_delete(TG_TABLE_NAME);
  DELETE FROM search_service x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM attribute x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM metadata x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM required_document x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM cost_option x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM funding x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM language x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM phone x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM contact x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM service_area x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM schedule x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  DELETE FROM service_at_location x USING removed r WHERE x.council_id = r.council_id AND x.service_id = r.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION directory_refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the council and id of a % cannot change (%)', TG_TABLE_NAME, OLD.id USING ERRCODE = 'foreign_key_violation';
END
$$;

-- TRUNCATE fires no row or statement delete trigger: it would leave the rows naming what it
-- empties (a foreign key refuses it for the same reason).
CREATE FUNCTION directory_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TRUNCATE % would leave the rows that name it: use DELETE, which deletes them too', TG_TABLE_NAME
    USING ERRCODE = 'feature_not_supported';
END
$$;

CREATE TRIGGER service_belongings_deleted AFTER DELETE ON service
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directory_delete_service_belongings();
CREATE TRIGGER service_key_fixed BEFORE UPDATE OF council_id, id ON service
  FOR EACH ROW WHEN (OLD.council_id IS DISTINCT FROM NEW.council_id OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION directory_refuse_key_change();
CREATE TRIGGER service_not_truncated BEFORE TRUNCATE ON service FOR EACH STATEMENT EXECUTE FUNCTION directory_refuse_truncate();

-- Each table: drop the per-row key, check set by set on insert and on update.
ALTER TABLE service_at_location DROP CONSTRAINT service_at_location_council_id_service_id_fkey;
CREATE TRIGGER service_at_location_service_inserted AFTER INSERT ON service_at_location REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER service_at_location_service_updated AFTER UPDATE ON service_at_location REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE schedule DROP CONSTRAINT schedule_council_id_service_id_fkey;
CREATE TRIGGER schedule_service_inserted AFTER INSERT ON schedule REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER schedule_service_updated AFTER UPDATE ON schedule REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE service_area DROP CONSTRAINT service_area_council_id_service_id_fkey;
CREATE TRIGGER service_area_service_inserted AFTER INSERT ON service_area REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER service_area_service_updated AFTER UPDATE ON service_area REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE contact DROP CONSTRAINT contact_council_id_service_id_fkey;
CREATE TRIGGER contact_service_inserted AFTER INSERT ON contact REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER contact_service_updated AFTER UPDATE ON contact REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE phone DROP CONSTRAINT phone_council_id_service_id_fkey;
CREATE TRIGGER phone_service_inserted AFTER INSERT ON phone REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER phone_service_updated AFTER UPDATE ON phone REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE language DROP CONSTRAINT language_council_id_service_id_fkey;
CREATE TRIGGER language_service_inserted AFTER INSERT ON language REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER language_service_updated AFTER UPDATE ON language REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE funding DROP CONSTRAINT funding_council_id_service_id_fkey;
CREATE TRIGGER funding_service_inserted AFTER INSERT ON funding REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER funding_service_updated AFTER UPDATE ON funding REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE cost_option DROP CONSTRAINT cost_option_council_id_service_id_fkey;
CREATE TRIGGER cost_option_service_inserted AFTER INSERT ON cost_option REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER cost_option_service_updated AFTER UPDATE ON cost_option REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE required_document DROP CONSTRAINT required_document_council_id_service_id_fkey;
CREATE TRIGGER required_document_service_inserted AFTER INSERT ON required_document REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER required_document_service_updated AFTER UPDATE ON required_document REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE metadata DROP CONSTRAINT metadata_council_id_service_id_fkey;
CREATE TRIGGER metadata_service_inserted AFTER INSERT ON metadata REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER metadata_service_updated AFTER UPDATE ON metadata REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();

ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_service_id_fkey;
CREATE TRIGGER attribute_service_inserted AFTER INSERT ON attribute REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER attribute_service_updated AFTER UPDATE ON attribute REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
-- Also implied: an attribute's taxonomy_term_id is NOT NULL, and (council_id, taxonomy_term_id)
-- references taxonomy_term, whose own council key guards the council (see migration 004).
ALTER TABLE attribute DROP CONSTRAINT attribute_council_id_fkey;

ALTER TABLE search_service DROP CONSTRAINT search_service_council_id_service_id_fkey;
CREATE TRIGGER search_service_service_inserted AFTER INSERT ON search_service REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
CREATE TRIGGER search_service_service_updated AFTER UPDATE ON search_service REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_check_service_references();
