-- Who a resident can give access to, and what became of each grant.

-- The council teams a resident can grant access to. A team's code is the same string as the
-- scope of a request handler's role (identity's role_grant.scope) and as vault_grant.grantee
-- for a team (up to 200 characters, as a role's scope), so a grant to "Housing options" is what
-- a request handler of "Housing options" reads through. Two codes may not differ only in case
-- (a role's scope is matched without regard to case).
-- A council admin adds, changes and retires them (/admin/vault/teams, audited). A team is never
-- deleted: grants name it. A retired one is not offered for new grants; grants to it stay.
CREATE TABLE vault_team (
  council_id     uuid        NOT NULL REFERENCES council (id),
  code           text        NOT NULL CHECK (length(code) BETWEEN 1 AND 200 AND code = btrim(code)),
  name_en        text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 120),
  name_cy        text        NOT NULL CHECK (length(name_cy) BETWEEN 1 AND 120),
  description_en text        NOT NULL DEFAULT '' CHECK (length(description_en) <= 500),
  description_cy text        NOT NULL DEFAULT '' CHECK (length(description_cy) <= 500),
  -- Where notices about residents' grants to the team are sent.
  contact_email  text        NOT NULL CHECK (length(contact_email) BETWEEN 3 AND 320),
  retired_at     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, code)
);
CREATE UNIQUE INDEX vault_team_code_any_case ON vault_team (council_id, lower(code));

-- A grant's history, shown to the resident: given (or asked for by a team), accepted, refused,
-- paused, resumed, withdrawn. Written in the same transaction as the change it records.
CREATE TABLE vault_grant_event (
  council_id uuid        NOT NULL,
  grant_id   uuid        NOT NULL,
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  event      text        NOT NULL CHECK (event IN ('given', 'requested', 'accepted', 'refused', 'paused', 'resumed', 'withdrawn')),
  -- Who made the change: the resident, an advocate acting for them, or the team that asked.
  by_kind    text        NOT NULL CHECK (by_kind IN ('resident', 'advocate', 'team', 'partner')),
  FOREIGN KEY (council_id, grant_id) REFERENCES vault_grant (council_id, id)
);
CREATE INDEX vault_grant_event_grant ON vault_grant_event (council_id, grant_id, at);
