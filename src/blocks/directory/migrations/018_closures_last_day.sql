-- A closure set on a service's status page kept, as its schedule row's valid_to, the day the
-- service opens again; every other dated closure (the opening times form's, an imported
-- feed's) keeps the last day it is closed, as ORUK's valid_to means, and the service page,
-- search and neighbours reading the feed took the status page's rows so too: a day longer
-- closed than the editor said. From now on that form writes the last day closed; what it wrote
-- before moves back a day to say the same, wherever it is kept:
--   - the published listing (schedule rows);
--   - changes waiting for approval (their proposed document and the document they were based
--     on), so approving one publishes the new meaning and the queue does not see a difference
--     that is only this one;
--   - every version in a listing's history, so a revert publishes the new meaning too.
-- Such a row is a dated row with no days, times or location whose words are the service's alert
-- (editing/forms/status.ts isStatusClosure): the only mark the status page leaves. A feed
-- imported with `hearth import` whose closure's words happen to be its service's alert would be
-- moved too; a directory other than Hearth is unlikely to write that, and Hearth's own exports
-- wrote the status page's rows. Federated services are their source's to say and are left.
-- A row that opened again on the day it closed (before, no day closed; the form now refuses it)
-- is left as it is, and now reads as closed for that one day: the likelier meaning of the same
-- date given twice.

-- A status page closure in an ORUK service document, moved back a day; any other row as it is.
CREATE OR REPLACE FUNCTION pg_temp.hearth_closure_last_day(doc jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  rows jsonb := '[]'::jsonb;
  s jsonb;
  last_day text;
BEGIN
  IF doc IS NULL OR jsonb_typeof(doc -> 'schedules') IS DISTINCT FROM 'array' OR coalesce(doc ->> 'alert', '') = '' THEN
    RETURN doc;
  END IF;
  FOR s IN SELECT value FROM jsonb_array_elements(doc -> 'schedules') LOOP
    IF jsonb_typeof(s) = 'object'
       AND coalesce(s ->> 'valid_from', '') <> '' AND coalesce(s ->> 'valid_to', '') > (s ->> 'valid_from')
       AND coalesce(s ->> 'byday', '') = '' AND coalesce(s ->> 'opens_at', '') = '' AND coalesce(s ->> 'closes_at', '') = ''
       AND coalesce(s ->> 'service_at_location_id', '') = ''
       AND s ->> 'description' = doc ->> 'alert' THEN
      BEGIN
        last_day := to_char((s ->> 'valid_to')::date - 1, 'YYYY-MM-DD');
        s := jsonb_set(s, '{valid_to}', to_jsonb(last_day));
      EXCEPTION WHEN others THEN
        NULL; -- not a date this can read: left as it is, never a failed upgrade
      END;
    END IF;
    rows := rows || jsonb_build_array(s);
  END LOOP;
  RETURN jsonb_set(doc, '{schedules}', rows);
END;
$$;

UPDATE schedule sc
   SET valid_to = sc.valid_to - 1
  FROM service s
 WHERE s.council_id = sc.council_id AND s.id = sc.service_id
   AND sc.valid_from IS NOT NULL AND sc.valid_to > sc.valid_from
   AND sc.byday IS NULL AND sc.opens_at IS NULL AND sc.closes_at IS NULL AND sc.service_at_location_id IS NULL
   AND sc.description = s.alert
   AND NOT EXISTS (SELECT 1 FROM directory_feed_service fs WHERE fs.council_id = s.council_id AND fs.service_id = s.id);

UPDATE listing_change
   SET document = pg_temp.hearth_closure_last_day(document),
       base_document = pg_temp.hearth_closure_last_day(base_document)
 WHERE status = 'pending' AND kind = 'service' AND (coalesce(document ->> 'alert', '') <> '' OR coalesce(base_document ->> 'alert', '') <> '');

UPDATE listing_version v
   SET document = pg_temp.hearth_closure_last_day(v.document)
 WHERE v.kind = 'service' AND coalesce(v.document ->> 'alert', '') <> ''
   AND NOT EXISTS (SELECT 1 FROM directory_feed_service fs WHERE fs.council_id = v.council_id AND fs.service_id = v.listing_id);

DROP FUNCTION pg_temp.hearth_closure_last_day(jsonb);
