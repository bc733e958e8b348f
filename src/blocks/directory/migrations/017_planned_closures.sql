-- Closures planned ahead take effect on their dates (closures/): a scheduled job publishes the
-- status change as the listing's next version, caused by the schedule rather than by a person.
ALTER TABLE listing_version DROP CONSTRAINT listing_version_cause_check;
ALTER TABLE listing_version ADD CONSTRAINT listing_version_cause_check
  CHECK (cause IN ('import', 'edit', 'approval', 'revert', 'schedule'));

-- The job looks at dated rows with no days or times (closures) only: a few per council against
-- every weekly row of 100,000 services, so it reads them through an index of their own.
CREATE INDEX schedule_dated_closure ON schedule (valid_from, council_id, service_id)
  WHERE valid_from IS NOT NULL AND byday IS NULL AND opens_at IS NULL AND closes_at IS NULL AND service_at_location_id IS NULL;
