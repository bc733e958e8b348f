-- Staleness: when each listing was last checked, the emails that nudge its organisation's
-- editors, the one-click "still correct" links in them, and the handling of residents'
-- "this is out of date" reports.

-- Back (006 dropped it while nothing read it): the staleness dashboard's age bands and lists,
-- and the nudges' search for listings due, all read services by when they were last checked.
-- Never checked first, then oldest first: the order of the dashboard's list.
CREATE INDEX service_last_checked ON service (council_id, last_checked NULLS FIRST, id);

-- One email to an organisation's editors listing its services due for a check.
CREATE TABLE staleness_nudge (
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  organization_id uuid NOT NULL,
  sent_at timestamptz NOT NULL,
  -- Who it went to (the editors, or the organisation's own address when it has none).
  recipients text[] NOT NULL,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, organization_id) REFERENCES organization (council_id, id) ON DELETE CASCADE
);
CREATE INDEX staleness_nudge_organization ON staleness_nudge (council_id, organization_id, sent_at DESC);

-- Each service a nudge named, and the single-use link that confirms it: only the SHA-256 of the
-- link's random token is kept, so a copy of this table cannot confirm anything.
CREATE TABLE staleness_nudge_service (
  council_id uuid NOT NULL,
  nudge_id uuid NOT NULL,
  service_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (council_id, nudge_id, service_id),
  FOREIGN KEY (council_id, nudge_id) REFERENCES staleness_nudge (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);
-- The last nudge of a service: reminder spacing and the dashboard's "last nudged".
CREATE TABLE service_last_nudge (
  council_id uuid NOT NULL,
  service_id uuid NOT NULL,
  nudged_at timestamptz NOT NULL,
  nudges integer NOT NULL DEFAULT 1,
  PRIMARY KEY (council_id, service_id),
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);

-- A report's handling: status new / in progress / resolved, a manager's note for staff, what
-- the resident is told when it is resolved, and when they were told.
ALTER TABLE service_feedback
  ADD COLUMN note text,
  ADD COLUMN reply text,
  ADD COLUMN updated_at timestamptz,
  ADD COLUMN updated_by text,
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN reporter_told_at timestamptz,
  -- When the organisation's editors were emailed about it (a job sends what is waiting).
  ADD COLUMN editors_told_at timestamptz;
ALTER TABLE service_feedback ADD CONSTRAINT service_feedback_status_known CHECK (status IN ('new', 'in_progress', 'resolved'));
CREATE INDEX service_feedback_editors_waiting ON service_feedback (created_at) WHERE editors_told_at IS NULL;
