-- A row whose composite key names its parent as (council_id, parent_id), with parent_id NOT
-- NULL, already cannot name a council that does not exist: the parent's own council key
-- guarantees it. The extra `council_id REFERENCES council` check on such rows cost an index
-- probe per row (about a million per 100k-service import) and guarded nothing. Kept where it
-- is the only guard: taxonomy, taxonomy_term, organization, location, and attribute (whose
-- owner columns may all be NULL).
ALTER TABLE organization_identifier DROP CONSTRAINT organization_identifier_council_id_fkey;
ALTER TABLE program DROP CONSTRAINT program_council_id_fkey;
ALTER TABLE service DROP CONSTRAINT service_council_id_fkey;
ALTER TABLE address DROP CONSTRAINT address_council_id_fkey;
ALTER TABLE accessibility DROP CONSTRAINT accessibility_council_id_fkey;
ALTER TABLE service_at_location DROP CONSTRAINT service_at_location_council_id_fkey;
ALTER TABLE contact DROP CONSTRAINT contact_council_id_fkey;
ALTER TABLE phone DROP CONSTRAINT phone_council_id_fkey;
ALTER TABLE schedule DROP CONSTRAINT schedule_council_id_fkey;
ALTER TABLE service_area DROP CONSTRAINT service_area_council_id_fkey;
ALTER TABLE language DROP CONSTRAINT language_council_id_fkey;
ALTER TABLE funding DROP CONSTRAINT funding_council_id_fkey;
ALTER TABLE cost_option DROP CONSTRAINT cost_option_council_id_fkey;
ALTER TABLE required_document DROP CONSTRAINT required_document_council_id_fkey;
ALTER TABLE metadata DROP CONSTRAINT metadata_council_id_fkey;
ALTER TABLE service_feedback DROP CONSTRAINT service_feedback_council_id_fkey;
