-- Federation: a council subscribes to other Open Referral UK 3.0 feeds (a neighbour's
-- directory, a national provider's) and pulls their services into its own directory, marked
-- with their source. See src/blocks/directory/federation/.

-- One subscription. Its state is what the managers' feeds page shows: the last successful
-- pull, the last error in words, and when the next try is due (exponential back-off).
CREATE TABLE directory_feed (
  council_id uuid NOT NULL REFERENCES council (id),
  id uuid NOT NULL,
  -- The feed's base address (https), without a trailing slash: `/services` is below it.
  url text NOT NULL,
  -- Who publishes it, in the council's words ("Neighbour Council"): "From <name>'s directory".
  name text NOT NULL,
  paused boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- When the last successful pull started: the next pull asks for `modified_after` it.
  last_success_at timestamptz,
  -- The last pull that read the whole feed (the weekly reconciliation that ends what is gone).
  last_full_pull_at timestamptz,
  last_attempt_at timestamptz,
  -- Why the last attempt failed, in words for a manager; NULL after a success.
  last_error text,
  -- Services skipped in the last pull because they failed ORUK validation, with why.
  last_skipped jsonb NOT NULL DEFAULT '[]',
  consecutive_failures integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Set while a pull runs (one at a time per feed, across processes); a stale claim expires.
  pulling_since timestamptz,
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, url)
);
CREATE INDEX directory_feed_due ON directory_feed (next_attempt_at) WHERE NOT paused;

-- Every service a feed brought: its id at the source, its id here (namespaced per feed, so no
-- feed can overwrite the council's own data or another feed's), and when a pull last saw it.
CREATE TABLE directory_feed_service (
  council_id uuid NOT NULL,
  feed_id uuid NOT NULL,
  remote_id text NOT NULL,
  service_id uuid NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  -- Set when a full pull no longer finds it upstream: the service is marked ended, not deleted.
  gone_at timestamptz,
  PRIMARY KEY (council_id, feed_id, remote_id),
  UNIQUE (council_id, service_id),
  FOREIGN KEY (council_id, feed_id) REFERENCES directory_feed (council_id, id) ON DELETE CASCADE
);

-- The same service from several sources shows once: `service_id` is hidden from search and
-- listed as another source of `kept_service_id` (the council's own listing when it has one).
CREATE TABLE directory_service_match (
  council_id uuid NOT NULL,
  service_id uuid NOT NULL,
  kept_service_id uuid NOT NULL,
  -- Why they were joined (name similarities, same postcode or distance, phone, website).
  evidence jsonb NOT NULL DEFAULT '{}',
  matched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, service_id),
  CHECK (service_id <> kept_service_id)
);
CREATE INDEX directory_service_match_kept ON directory_service_match (council_id, kept_service_id);

-- A manager's "these are not the same": remembered so that the next pull does not rejoin them.
-- The pair is stored in order (service_a < service_b).
CREATE TABLE directory_service_split (
  council_id uuid NOT NULL,
  service_a uuid NOT NULL,
  service_b uuid NOT NULL,
  split_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, service_a, service_b),
  CHECK (service_a < service_b)
);

-- Matching looks for other services at the same postcode.
CREATE INDEX address_postcode_key ON address (council_id, upper(replace(postal_code, ' ', '')));
