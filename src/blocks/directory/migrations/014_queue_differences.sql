-- The managers' queue and the staleness dashboard at 100,000 services.

-- A proposal's difference from the listing as published when it was proposed, kept as data in
-- no language (`{name, rows}`: the listing's name, and the fields and list items that differ,
-- `editing/diff.ts`), so the queue puts a page of changes into words without reading and
-- comparing twenty whole documents per view.
-- `compared_with` is that listing's `last_modified` (services; null when nothing was published
-- or for an organisation): the queue uses the kept difference only while the listing's
-- `last_modified` is still that, and compares the documents again once anything wrote it.
-- `base_changed`: the listing had already changed since the editor began (their base document)
-- when they proposed. Changes proposed before this migration have none and are compared whole.
ALTER TABLE listing_change
  ADD COLUMN difference jsonb,
  ADD COLUMN compared_with timestamptz,
  ADD COLUMN base_changed boolean;

-- The dashboard's list and the nudges read live services by when they were last checked, with
-- their name and organisation: from this index alone (no heap visits, even for the deep pages
-- an OFFSET walks). It replaces 009's index of every service.
CREATE INDEX service_live_last_checked ON service (council_id, last_checked NULLS FIRST, id) INCLUDE (organization_id, name)
  WHERE status <> 'defunct';
DROP INDEX service_last_checked;
