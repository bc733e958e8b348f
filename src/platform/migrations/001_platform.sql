-- Platform tables: councils (tenants), the event outbox, and postcode geography.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE council (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL,
  -- Host names that serve this council at the root path, e.g. {'help.example.gov.uk'}.
  hosts text[] NOT NULL DEFAULT '{}',
  is_default boolean NOT NULL DEFAULT false,
  logo_url text,
  colour_primary text NOT NULL DEFAULT '#1d70b8' CHECK (colour_primary ~ '^#[0-9a-fA-F]{6}$'),
  contact_email text,
  contact_phone text,
  contact_url text,
  address text,
  -- The council's area, for the default map centre and postcode prefixes.
  centre_lat double precision,
  centre_lng double precision,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- At most one default council: it answers at `/` on any host not claimed by another.
CREATE UNIQUE INDEX council_one_default ON council (is_default) WHERE is_default;

-- Transactional outbox: written in the same transaction as the change it describes.
CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  council_id uuid NOT NULL REFERENCES council (id),
  type text NOT NULL,
  subject text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL;

-- Postcode centroids (ONS Postcode Directory or the shipped demo sample). Not per council:
-- geography is shared.
CREATE TABLE postcode (
  postcode text PRIMARY KEY, -- normalised: upper case, single space before the inward code
  latitude double precision NOT NULL,
  longitude double precision NOT NULL
);
