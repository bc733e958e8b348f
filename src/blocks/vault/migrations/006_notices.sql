-- Tell us once: each change to a resident's record reaches every team and partner system whose
-- live grant covers the changed category, as one notice per (change, grant). A notice holds
-- what changed and for whom, never the values: the recipient reads those through the gateway.

-- One notice of one change (an outbox event of vault.record.changed) to the grantee of one
-- grant. Unique per (event, grant): the same event handled twice makes no second notice.
-- A partner's notice follows its webhook delivery (delivery_id, a platform webhook_delivery:
-- pending, retrying, delivered, failed); a team's follows its email (pending until sent, or
-- delivered at once when the team has no address: it is in their queue). Either becomes
-- acknowledged when the recipient says it has taken the change in.
CREATE TABLE vault_notice (
  council_id      uuid        NOT NULL REFERENCES council (id),
  id              uuid        NOT NULL,
  event_id        bigint      NOT NULL,
  resident_id     uuid        NOT NULL,
  grant_id        uuid        NOT NULL,
  recipient_kind  text        NOT NULL CHECK (recipient_kind IN ('team', 'partner')),
  -- A team's code, or a partner system's client id (as the grant names it).
  recipient       text        NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),
  category        text        NOT NULL CHECK (category ~ '^[a-z][a-z0-9_]{0,39}$'),
  -- When the change was made (the event's time).
  changed_at      timestamptz NOT NULL,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'retrying', 'failed', 'acknowledged')),
  attempts        integer     NOT NULL DEFAULT 0,
  last_error      text,
  -- A team's email: when it may next be tried (a worker leases a notice by moving this on).
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A partner's webhook delivery (no foreign key: deliveries are pruned, the notice stays).
  delivery_id     uuid,
  delivered_at    timestamptz,
  acknowledged_at timestamptz,
  -- Who acknowledged: a member of staff's person id, or the partner system's client id.
  acknowledged_by text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, event_id, grant_id),
  FOREIGN KEY (council_id, grant_id) REFERENCES vault_grant (council_id, id)
);
CREATE INDEX vault_notice_resident ON vault_notice (council_id, resident_id, changed_at DESC);
CREATE INDEX vault_notice_recipient ON vault_notice (council_id, recipient_kind, recipient, changed_at DESC);
CREATE INDEX vault_notice_mail_due ON vault_notice (next_attempt_at) WHERE recipient_kind = 'team' AND status IN ('pending', 'retrying');

-- The webhook endpoint (platform webhook_endpoint) a partner system registered for its vault
-- notices: one per partner system. Kept here, not on the platform's table, so the platform
-- knows nothing of partners or the vault; the endpoint itself is the platform's (signing
-- secret, pause, deliveries, replay on /admin/webhooks).
CREATE TABLE vault_partner_endpoint (
  council_id  uuid        NOT NULL REFERENCES council (id),
  client_id   text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
  endpoint_id uuid        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, client_id)
);
