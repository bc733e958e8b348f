-- Advocates: someone a resident trusts acts for them, within a scope and until a date.
-- Either the resident appoints them (an invitation by email, accepted by the advocate signing in
-- with that address), or, where the resident cannot, an officer records a legal appointment (a
-- lasting power of attorney, a deputyship) with its evidence, approved by a second officer of
-- the same team before it gives any access. Every read or change an advocate makes goes
-- through the access gateway (gateway.ts), which checks a live appointment here and logs the
-- access with both the advocate (actor) and the resident (on_behalf_of).
CREATE TABLE vault_advocate (
  council_id          uuid        NOT NULL REFERENCES council (id),
  id                  uuid        NOT NULL,
  resident_id         uuid        NOT NULL,
  -- How the advocate sees the resident named ("You are acting for …"), as given when appointed.
  resident_name       text        NOT NULL CHECK (length(resident_name) BETWEEN 1 AND 200),
  -- The advocate: their person once they accepted (or, for a legal appointment, once they
  -- signed in); before that only the canonical address the appointment was made for.
  advocate_person_id  uuid,
  advocate_email      text        NOT NULL CHECK (length(advocate_email) BETWEEN 3 AND 320),
  advocate_name       text        NOT NULL CHECK (length(advocate_name) BETWEEN 1 AND 200),
  relationship        text        NOT NULL CHECK (length(relationship) BETWEEN 1 AND 100),
  -- The scope: which categories, read or read and update, and whether they may pause or
  -- withdraw the resident's grants.
  categories          text[]      NOT NULL CHECK (cardinality(categories) > 0),
  access              text        NOT NULL CHECK (access IN ('read', 'read_update')),
  manage_grants       boolean     NOT NULL DEFAULT false,
  kind                text        NOT NULL CHECK (kind IN ('appointed_by_resident', 'legal')),
  status              text        NOT NULL CHECK (status IN ('invited', 'awaiting_approval', 'active', 'declined', 'ended')),
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  -- The invitation: only the SHA-256 of its single-use token is kept (used up once the status
  -- leaves 'invited'; kept, so an answer sent twice is recognised as the first).
  invitation_hash     text        UNIQUE,
  invitation_expires  timestamptz,
  -- A legal appointment: its evidence, the team and officer who recorded it, the second officer who approved it.
  evidence_ref        text        CHECK (length(evidence_ref) BETWEEN 1 AND 200),
  team                text        CHECK (length(team) BETWEEN 1 AND 200),
  recorded_by         uuid,
  approved_by         uuid,
  approved_at         timestamptz,
  -- Ended (by the resident, the advocate or the team) or declined (by the advocate, or by the second officer).
  ended_at            timestamptz,
  ended_by            text        CHECK (ended_by IN ('resident', 'advocate', 'staff')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id),
  CHECK (ends_at > starts_at),
  CHECK ((status IN ('ended', 'declined')) = (ended_at IS NOT NULL)),
  -- An advocate the resident appointed is active only once they accepted, as a person.
  CHECK (kind <> 'appointed_by_resident' OR status NOT IN ('active', 'ended') OR advocate_person_id IS NOT NULL),
  CHECK (kind <> 'appointed_by_resident' OR (evidence_ref IS NULL AND recorded_by IS NULL AND status <> 'awaiting_approval')),
  -- A legal appointment has its evidence and recorder, and gives access only once a second
  -- officer (never the one who recorded it) approved it.
  CHECK (kind <> 'legal' OR (evidence_ref IS NOT NULL AND team IS NOT NULL AND recorded_by IS NOT NULL AND status <> 'invited')),
  CHECK (approved_by IS NULL OR approved_by <> recorded_by),
  CHECK (kind <> 'legal' OR status <> 'active' OR approved_by IS NOT NULL)
);
CREATE INDEX vault_advocate_resident ON vault_advocate (council_id, resident_id, created_at);
CREATE INDEX vault_advocate_live ON vault_advocate (council_id, advocate_person_id, resident_id) WHERE status = 'active';
CREATE INDEX vault_advocate_unclaimed ON vault_advocate (council_id, advocate_email) WHERE status = 'active' AND advocate_person_id IS NULL;
CREATE INDEX vault_advocate_team ON vault_advocate (council_id, team, status) WHERE kind = 'legal';
