-- Services a signed-in resident saved to "my list" (the directory's list, kept in the vault while
-- they are signed in; a browser without an account keeps its list in a cookie). Only the
-- service's id: the directory owns the service, and a service removed there is left out when
-- the list is shown. One row per (resident, service); added in the order saved.
CREATE TABLE vault_saved_service (
  council_id  uuid        NOT NULL REFERENCES council (id),
  resident_id uuid        NOT NULL,
  service_id  uuid        NOT NULL,
  saved_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (council_id, resident_id, service_id)
);

-- The resident's right to restrict processing (UK GDPR Article 18): while a category is
-- restricted, no grant gives access to it (the gateway refuses); a recorded statutory basis
-- still does, and the resident is told so. Lifting removes the row (the history is in
-- vault_rights_request).
CREATE TABLE vault_restriction (
  council_id    uuid        NOT NULL REFERENCES council (id),
  resident_id   uuid        NOT NULL,
  category      text        NOT NULL CHECK (category ~ '^[a-z][a-z0-9_]{0,39}$'),
  restricted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, resident_id, category)
);

-- What the resident asked for under their rights, and what was done: erase (the categories
-- whose values were removed, the number of items, the grants withdrawn, and what was kept and
-- why), restrict, lift. Their own history of it; it holds no value of the record.
CREATE TABLE vault_rights_request (
  council_id   uuid        NOT NULL REFERENCES council (id),
  id           uuid        NOT NULL,
  resident_id  uuid        NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('erase', 'restrict', 'lift')),
  categories   text[]      NOT NULL,
  items_erased integer     NOT NULL DEFAULT 0 CHECK (items_erased >= 0),
  grants_ended integer     NOT NULL DEFAULT 0 CHECK (grants_ended >= 0),
  -- Kept although asked to erase: [{category, basis_id, legal_basis}] (a live statutory basis).
  kept         jsonb       NOT NULL DEFAULT '[]',
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (council_id, id)
);
CREATE INDEX vault_rights_request_resident ON vault_rights_request (council_id, resident_id, at DESC);
