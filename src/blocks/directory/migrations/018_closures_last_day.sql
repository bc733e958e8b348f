-- A closure set on a service's status page kept, as its schedule row's valid_to, the day the
-- service opens again; every other dated closure (the opening times form's, an imported
-- feed's) keeps the last day it is closed, as ORUK's valid_to means, and the service page,
-- search and neighbours reading the feed took the status page's rows so too: a day longer
-- closed than the editor said. From now on that form writes the last day closed; the rows it
-- wrote before move back a day to say the same. Such a row is a dated row with no days or
-- times whose words are the service's alert (editing/forms/status.ts isStatusClosure). One
-- that opened again on its first day (no day closed) is left as it is. Federated services are
-- their source's to say. Earlier versions in a listing's history keep what was published then.
UPDATE schedule sc
   SET valid_to = sc.valid_to - 1
  FROM service s
 WHERE s.council_id = sc.council_id AND s.id = sc.service_id
   AND sc.valid_from IS NOT NULL AND sc.valid_to > sc.valid_from
   AND sc.byday IS NULL AND sc.opens_at IS NULL AND sc.closes_at IS NULL AND sc.service_at_location_id IS NULL
   AND sc.description = s.alert
   AND NOT EXISTS (SELECT 1 FROM directory_feed_service fs WHERE fs.council_id = s.council_id AND fs.service_id = s.id);
