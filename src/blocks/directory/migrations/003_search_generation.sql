-- A counter per council that moves whenever its search index changes. Each Hearth process
-- keeps the expensive, place- and time-independent part of a search (which services match the
-- words and filters, and how well) in memory (search/candidates.ts), and asks this counter at
-- most once a second whether what it holds is still current — so any number of processes
-- serve from memory and none serves an index older than about a second.
CREATE TABLE search_generation (
  council_id uuid PRIMARY KEY REFERENCES council (id) ON DELETE CASCADE,
  generation bigint NOT NULL DEFAULT 0
);

-- Triggers rather than calls in the writers: every change counts, including rows that leave
-- with their service through ON DELETE CASCADE. One bump per statement and council.
CREATE FUNCTION search_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_generation (council_id, generation)
  SELECT DISTINCT council_id, 1 FROM changed_rows
  ON CONFLICT (council_id) DO UPDATE SET generation = search_generation.generation + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER search_service_inserted AFTER INSERT ON search_service
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
CREATE TRIGGER search_service_updated AFTER UPDATE ON search_service
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
CREATE TRIGGER search_service_deleted AFTER DELETE ON search_service
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
