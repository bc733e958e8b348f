-- Webhooks: a council's partner systems told of its events (Standard Webhooks format, signed).
-- An endpoint is an https address, the event types it wants (exact, or a prefix ending in `*`)
-- and its signing secret. The secret is kept as it was issued (`whsec_` and base64): signing
-- needs the secret itself, so it cannot be hashed the way a password is.
CREATE TABLE webhook_endpoint (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id        uuid        NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  url               text        NOT NULL,
  description       text        NOT NULL DEFAULT '',
  event_types       text[]      NOT NULL CHECK (cardinality(event_types) > 0),
  secret            text        NOT NULL,
  paused            boolean     NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text,
  secret_rotated_at timestamptz
);
CREATE INDEX webhook_endpoint_council ON webhook_endpoint (council_id);

-- One message to one endpoint about one outbox event. The pair is unique, so an event handed
-- out twice makes one delivery. A delivery is 'pending' until it is delivered, or 'failed'
-- (dead-lettered) after the last attempt; a replay puts it back to 'pending'. Workers claim due
-- rows with FOR UPDATE SKIP LOCKED and lease them by moving next_attempt_at forward, so the
-- HTTP exchange happens outside any transaction and a crashed worker's lease simply runs out.
CREATE TABLE webhook_delivery (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
  event_id         bigint      NOT NULL,
  event_type       text        NOT NULL,
  -- The body sent, as the Standard Webhooks spec shapes it: {type, timestamp, data}.
  payload          jsonb       NOT NULL,
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer     NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_attempt_at  timestamptz,
  -- The receiver's HTTP status on the last attempt (null: no answer, e.g. a time-out).
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, created_at DESC);
