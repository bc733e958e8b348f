-- Messages sent through the notifications module (src/platform/notifications). The recording
-- sender (development, tests, the demo) keeps every message here instead of sending it; the
-- GOV.UK Notify sender records the Notify id of what it sent, never the personalisation
-- (which may hold a sign-in link).
CREATE TABLE notification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid REFERENCES council (id) ON DELETE CASCADE,
  template text NOT NULL,
  recipient text NOT NULL,
  personalisation jsonb NOT NULL DEFAULT '{}',
  reference text,
  sender text NOT NULL,
  provider_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_recent ON notification (created_at DESC);

-- Fixed-window counters for rate limits, shared by every process serving the database.
-- Old windows are deleted as new ones are counted.
CREATE TABLE rate_limit (
  bucket text NOT NULL,
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, key, window_start)
);
