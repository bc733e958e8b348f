-- The directory's data: the tables of Open Referral UK 3.0 (the UK profile of HSDS 3.0), with
-- the ORUK field names and types, plus a few HSDS 3.0 fields that ORUK leaves out (marked
-- "HSDS 3.0"). Every row belongs to a council: primary keys are (council_id, id) and foreign
-- keys include council_id, so the tables can be sharded by council later without change.
--
-- Conventions:
-- * `position` keeps the order children had in the imported JSON, so an export reproduces it.
-- * A child that belongs to one parent is deleted with it (ON DELETE CASCADE). Shared things
--   (organisations, locations, taxonomy terms) are referenced, never cascaded from a service.
-- * Ids that ORUK feeds routinely point at things outside the feed (a parent organisation, a
--   parent term, a taxonomy that is not published) are plain uuid columns, not foreign keys:
--   a feed must not be rejected for naming a parent it does not include.
-- * Empty optional values are NULL (never ''), so the ORUK output can leave them out.

CREATE TABLE taxonomy (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  uri text,
  version text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id)
);

CREATE TABLE taxonomy_term (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  code text, -- HSDS 3.0
  name text NOT NULL,
  description text NOT NULL,
  parent_id uuid, -- not a foreign key: feeds name parents they do not publish
  taxonomy text, -- the taxonomy's name as the publisher gave it
  taxonomy_id uuid, -- not a foreign key: service feeds carry terms without their taxonomy
  term_uri text,
  term text,
  language text, -- HSDS 3.0
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id)
);
CREATE INDEX taxonomy_term_taxonomy ON taxonomy_term (council_id, taxonomy_id);
CREATE INDEX taxonomy_term_parent ON taxonomy_term (council_id, parent_id);

CREATE TABLE organization (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  email text,
  website text,
  logo text,
  uri text,
  parent_organization_id uuid, -- not a foreign key: the parent is often outside the feed
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id)
);
CREATE INDEX organization_parent ON organization (council_id, parent_organization_id);

CREATE TABLE organization_identifier (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  organization_id uuid NOT NULL,
  identifier_scheme text,
  identifier_type text NOT NULL,
  identifier text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, organization_id) REFERENCES organization (council_id, id) ON DELETE CASCADE
);
CREATE INDEX organization_identifier_organization ON organization_identifier (council_id, organization_id, position);

-- HSDS 3.0: a group of related services run by one organisation.
CREATE TABLE program (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  organization_id uuid NOT NULL,
  name text NOT NULL,
  alternate_name text,
  description text NOT NULL,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, organization_id) REFERENCES organization (council_id, id) ON DELETE CASCADE
);
CREATE INDEX program_organization ON program (council_id, organization_id);

CREATE TABLE service (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  organization_id uuid NOT NULL,
  program_id uuid,
  name text NOT NULL,
  alternate_name text, -- HSDS 3.0
  description text,
  url text,
  email text,
  status text NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  interpretation_services text, -- HSDS 3.0
  application_process text, -- HSDS 3.0
  fees_description text, -- HSDS 3.0
  wait_time text, -- HSDS 3.0 (deprecated there)
  fees text, -- deprecated in ORUK 3.0, kept for old feeds
  accreditations text,
  eligibility_description text, -- HSDS 3.0
  minimum_age numeric CHECK (minimum_age >= 0),
  maximum_age numeric CHECK (maximum_age >= 0),
  assured_date date,
  assurer_email text,
  licenses text, -- HSDS 3.0
  alert text,
  -- When the service or anything about it last changed (ORUK); the feed's modified filter.
  last_modified timestamptz NOT NULL DEFAULT now(),
  -- Hearth's own bookkeeping, not ORUK fields:
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- When someone last confirmed the listing is correct ("last checked" on the service page).
  -- Set from assured_date on import; published back as assured_date when it is later.
  last_checked timestamptz,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, organization_id) REFERENCES organization (council_id, id),
  FOREIGN KEY (council_id, program_id) REFERENCES program (council_id, id) ON DELETE SET NULL (program_id),
  CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age)
);
CREATE INDEX service_organization ON service (council_id, organization_id);
CREATE INDEX service_program ON service (council_id, program_id);
CREATE INDEX service_last_modified ON service (council_id, last_modified);
CREATE INDEX service_last_checked ON service (council_id, last_checked);
CREATE INDEX service_minimum_age ON service (council_id, minimum_age);
CREATE INDEX service_maximum_age ON service (council_id, maximum_age);

CREATE TABLE location (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  location_type text NOT NULL CHECK (location_type IN ('physical', 'postal', 'virtual')),
  name text,
  description text,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  external_identifier text,
  external_identifier_type text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id)
);
CREATE INDEX location_point ON location (council_id, latitude, longitude);

CREATE TABLE address (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  location_id uuid NOT NULL,
  attention text,
  address_1 text NOT NULL,
  address_2 text, -- HSDS 3.0
  city text NOT NULL,
  region text,
  state_province text NOT NULL,
  postal_code text NOT NULL,
  country text NOT NULL,
  address_type text NOT NULL CHECK (address_type IN ('physical', 'postal', 'virtual')),
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, location_id) REFERENCES location (council_id, id) ON DELETE CASCADE
);
CREATE INDEX address_location ON address (council_id, location_id, position);

CREATE TABLE accessibility (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  location_id uuid NOT NULL,
  description text,
  details text,
  url text,
  accessibility text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, location_id) REFERENCES location (council_id, id) ON DELETE CASCADE
);
CREATE INDEX accessibility_location ON accessibility (council_id, location_id, position);

CREATE TABLE service_at_location (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  location_id uuid NOT NULL,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, location_id) REFERENCES location (council_id, id) ON DELETE CASCADE
);
CREATE INDEX service_at_location_service ON service_at_location (council_id, service_id, position);
CREATE INDEX service_at_location_location ON service_at_location (council_id, location_id);

CREATE TABLE contact (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  name text,
  title text,
  department text, -- HSDS 3.0
  email text, -- HSDS 3.0
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_service ON contact (council_id, service_id, position);

-- A phone number of a service (HSDS 3.0 service.phones) or of one of its contacts
-- (contact.phones, when contact_id is set). service_id is always the owning service.
CREATE TABLE phone (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  contact_id uuid,
  number text NOT NULL,
  extension text, -- HSDS 3.0
  type text, -- HSDS 3.0: text, voice, fax, cell, video, pager, textphone
  description text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE
);
CREATE INDEX phone_service ON phone (council_id, service_id, position);
CREATE INDEX phone_contact ON phone (council_id, contact_id);

CREATE TABLE schedule (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  -- Set when the times apply at one of the service's locations only (as the feed gave it).
  service_at_location_id uuid,
  valid_from date,
  valid_to date,
  dtstart date,
  freq text CHECK (freq IN ('WEEKLY', 'MONTHLY')),
  "interval" integer CHECK ("interval" >= 1),
  byday text, -- RFC 5545 BYDAY, e.g. 'MO,TU' or '1SA'
  bymonthday text, -- RFC 5545 BYMONTHDAY, e.g. '1,15'
  description text,
  opens_at time,
  closes_at time,
  schedule_link text,
  attending_type text,
  notes text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX schedule_service ON schedule (council_id, service_id, position);
CREATE INDEX schedule_service_at_location ON schedule (council_id, service_at_location_id);

CREATE TABLE service_area (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  name text,
  extent text,
  extent_type text,
  uri text,
  service_area text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX service_area_service ON service_area (council_id, service_id, position);

-- A language spoken at a service (service.languages) or on one of its phones
-- (phone.languages: owner = 'phone' and phone_id names the phone).
CREATE TABLE language (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  owner text NOT NULL DEFAULT 'service' CHECK (owner IN ('service', 'phone')),
  phone_id uuid, -- not a foreign key: ORUK service.languages may name a phone it does not publish
  name text, -- HSDS 3.0, e.g. 'Polish'
  code text, -- HSDS 3.0, ISO 639 / BCP 47, e.g. 'pl'
  note text, -- HSDS 3.0
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX language_service ON language (council_id, service_id, position);

CREATE TABLE funding (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  source text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX funding_service ON funding (council_id, service_id, position);

CREATE TABLE cost_option (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  valid_from date,
  valid_to date,
  option text,
  currency text, -- HSDS 3.0, ISO 4217; absent means GBP
  amount numeric,
  amount_description text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX cost_option_service ON cost_option (council_id, service_id, position);

-- HSDS 3.0: documents someone needs to bring or show to use a service.
CREATE TABLE required_document (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  document text,
  uri text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX required_document_service ON required_document (council_id, service_id, position);

-- A link from any entity to a taxonomy term: what a service is for (needs), how it is
-- delivered, a location's accessibility features (see vocabulary.ts). link_entity/link_id
-- name the entity; exactly one of service_id, location_id, organization_id names the owner
-- that the attribute is replaced and deleted with (a contact's attribute is owned by its
-- service, an address's or accessibility entry's by its location).
CREATE TABLE attribute (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  link_entity text NOT NULL,
  link_id uuid NOT NULL,
  link_type text,
  taxonomy_term_id uuid NOT NULL,
  value text, -- HSDS 3.0
  label text, -- HSDS 3.0
  position integer NOT NULL DEFAULT 0,
  service_id uuid,
  location_id uuid,
  organization_id uuid,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, taxonomy_term_id) REFERENCES taxonomy_term (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, location_id) REFERENCES location (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, organization_id) REFERENCES organization (council_id, id) ON DELETE CASCADE,
  CHECK (num_nonnulls(service_id, location_id, organization_id) = 1)
);
-- The ORUK feed's taxonomy_term_id filter: services tagged with a term.
CREATE INDEX attribute_term_service ON attribute (council_id, taxonomy_term_id, service_id);
CREATE INDEX attribute_service ON attribute (council_id, service_id) WHERE service_id IS NOT NULL;
CREATE INDEX attribute_location ON attribute (council_id, location_id) WHERE location_id IS NOT NULL;
CREATE INDEX attribute_organization ON attribute (council_id, organization_id) WHERE organization_id IS NOT NULL;

-- HSDS 3.0: the change log a publisher may send with a service.
CREATE TABLE metadata (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  resource_type text NOT NULL,
  last_action_date date NOT NULL,
  last_action_type text NOT NULL,
  field_name text,
  previous_value text,
  replacement_value text,
  updated_by text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX metadata_service ON metadata (council_id, service_id, position);

-- "Tell us this is out of date": reports residents send about a listing.
CREATE TABLE service_feedback (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  message text NOT NULL,
  reporter_email text,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'new',
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
CREATE INDEX service_feedback_service ON service_feedback (council_id, service_id, created_at);
CREATE INDEX service_feedback_status ON service_feedback (council_id, status, created_at);
