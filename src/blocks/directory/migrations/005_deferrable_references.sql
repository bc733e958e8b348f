-- References by id to a location (from service_at_location) or a taxonomy term (from
-- attribute) may be checked at commit instead of per statement. An import that names a
-- location in one batch and defines it, with a later service, in another sets these checks
-- DEFERRED for its transaction (sql/oruk-write.ts `deferReferenceChecks`); every other writer
-- keeps the immediate check.
ALTER TABLE service_at_location ALTER CONSTRAINT service_at_location_council_id_location_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE attribute ALTER CONSTRAINT attribute_council_id_taxonomy_term_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
