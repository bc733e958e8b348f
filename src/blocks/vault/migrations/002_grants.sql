-- What a resident holds and who may see it. A resident is a person of the identity block
-- (person.id), with a record per council. Every read or change of these tables by anyone but
-- the resident goes through the access gateway (gateway.ts), which checks a live grant or a
-- recorded legal basis and writes the access log in the same transaction.

-- Items of the record: one row per value of a category (an address, a household member, a
-- circumstance), each with where it came from. A change supersedes the row (history kept).
CREATE TABLE vault_item (
  council_id    uuid        NOT NULL REFERENCES council (id),
  id            uuid        NOT NULL,
  resident_id   uuid        NOT NULL,
  category      text        NOT NULL CHECK (category ~ '^[a-z][a-z0-9_]{0,39}$'),
  -- The value; sealed (key ring) for a sensitive category.
  value         jsonb       NOT NULL,
  source_kind   text        NOT NULL CHECK (source_kind IN ('resident', 'advocate', 'staff', 'partner')),
  source_name   text        NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  superseded_at timestamptz,
  PRIMARY KEY (council_id, id)
);
CREATE INDEX vault_item_current ON vault_item (council_id, resident_id, category) WHERE superseded_at IS NULL;

-- A resident's grant to a council team or a partner system: which categories, read or read and
-- update, for what purpose and lawful basis, until when. Withdrawn is final; paused may resume.
-- A team's request for access is a grant in 'requested' until the resident accepts or refuses.
CREATE TABLE vault_grant (
  council_id   uuid        NOT NULL REFERENCES council (id),
  id           uuid        NOT NULL,
  resident_id  uuid        NOT NULL,
  grantee_kind text        NOT NULL CHECK (grantee_kind IN ('team', 'partner')),
  -- A team's name (a request handler's scope), or a partner system's client id.
  grantee      text        NOT NULL CHECK (length(grantee) BETWEEN 1 AND 200),
  categories   text[]      NOT NULL CHECK (cardinality(categories) > 0),
  access       text        NOT NULL CHECK (access IN ('read', 'read_update')),
  purpose      text        NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
  lawful_basis text        NOT NULL CHECK (lawful_basis IN ('consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests')),
  status       text        NOT NULL CHECK (status IN ('requested', 'active', 'paused', 'withdrawn', 'refused')),
  starts_at    timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (expires_at > starts_at),
  PRIMARY KEY (council_id, id)
);
CREATE INDEX vault_grant_live ON vault_grant (council_id, resident_id, grantee_kind, grantee) WHERE status = 'active';

-- Access that needs no consent (a statutory duty), recorded by an officer with its legal basis;
-- approved by a second officer where a category is sensitive. `disclose_after`: a basis the law
-- lets be kept from the resident for a time (a safeguarding enquiry) is shown to them after it.
CREATE TABLE vault_basis (
  council_id     uuid        NOT NULL REFERENCES council (id),
  id             uuid        NOT NULL,
  resident_id    uuid        NOT NULL,
  team           text        NOT NULL CHECK (length(team) BETWEEN 1 AND 200),
  categories     text[]      NOT NULL CHECK (cardinality(categories) > 0),
  legal_basis    text        NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 300),
  purpose        text        NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
  recorded_by    uuid        NOT NULL,
  approved_by    uuid,
  approved_at    timestamptz,
  status         text        NOT NULL CHECK (status IN ('awaiting_approval', 'active', 'ended')),
  expires_at     timestamptz NOT NULL,
  disclose_after date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (approved_by IS NULL OR approved_by <> recorded_by),
  PRIMARY KEY (council_id, id)
);
CREATE INDEX vault_basis_live ON vault_basis (council_id, resident_id, team) WHERE status = 'active';
