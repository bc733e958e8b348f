-- No query reads these: the feed's age filters compare coalesce(minimum_age, 0) and
-- maximum_age within pages of a council's services (no index narrows that much), and nothing
-- orders or filters by last_checked yet. Each cost an index entry per service written.
-- A report of services not checked for a year would bring back (council_id, last_checked).
DROP INDEX service_minimum_age;
DROP INDEX service_maximum_age;
DROP INDEX service_last_checked;
