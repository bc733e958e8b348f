-- Editing by organisations: proposed changes waiting for a directory manager, every version of
-- a listing, organisations trusted to publish at once, and requests to be listed.

-- A manager trusts an organisation: its editors' changes are published at once (still
-- versioned and audited). Not an ORUK field, so the importer never writes it.
ALTER TABLE organization ADD COLUMN trusted boolean NOT NULL DEFAULT false;

-- A proposed listing (service or organisation) as its whole ORUK document after the edit.
-- `base_document` is what was published when the editor started, so a manager can be told
-- that someone else has changed the listing since, and shown the difference against now.
CREATE TABLE listing_change (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('service', 'organization')),
  listing_id uuid NOT NULL,
  -- Not a foreign key: the history of a change outlives whatever happens to the organisation.
  organization_id uuid NOT NULL,
  is_new boolean NOT NULL DEFAULT false,
  document jsonb NOT NULL,
  base_document jsonb,
  base_version integer,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'superseded', 'withdrawn')),
  note text,
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
  reason text,
  proposed_by_person_id uuid,
  proposed_by_email text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  decided_by_person_id uuid,
  decided_by_email text,
  decided_at timestamptz,
  superseded_by uuid,
  PRIMARY KEY (council_id, id)
);
-- At most one pending proposal per listing: a later one replaces it.
CREATE UNIQUE INDEX listing_change_one_pending ON listing_change (council_id, kind, listing_id) WHERE status = 'pending';
-- The managers' queue, oldest first, whole or by organisation.
CREATE INDEX listing_change_queue ON listing_change (council_id, proposed_at, id) WHERE status = 'pending';
CREATE INDEX listing_change_queue_organization ON listing_change (council_id, organization_id, proposed_at, id) WHERE status = 'pending';
CREATE INDEX listing_change_listing ON listing_change (council_id, kind, listing_id, proposed_at);

-- Every version of a listing as its ORUK document, numbered from 1. Never updated or deleted:
-- a revert adds a version. Version 1 of a listing first imported is the imported document.
CREATE TABLE listing_version (
  council_id uuid NOT NULL REFERENCES council (id),
  kind text NOT NULL CHECK (kind IN ('service', 'organization')),
  listing_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  document jsonb NOT NULL,
  cause text NOT NULL CHECK (cause IN ('import', 'edit', 'approval', 'revert')),
  change_id uuid,
  reverted_to integer,
  person_id uuid,
  email text,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, kind, listing_id, version)
);

-- "Ask to be listed": an organisation not yet in the directory asks to be added.
CREATE TABLE listing_request (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  organisation_name text NOT NULL,
  contact_name text NOT NULL,
  contact_email text NOT NULL,
  contact_phone text,
  description text NOT NULL,
  area text NOT NULL,
  website text,
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
  reason text,
  organization_id uuid,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by_person_id uuid,
  decided_by_email text,
  decided_at timestamptz,
  PRIMARY KEY (council_id, id)
);
CREATE INDEX listing_request_queue ON listing_request (council_id, requested_at, id) WHERE status = 'pending';
