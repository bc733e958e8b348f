-- Search index of the directory: one denormalised row per service, one row per place a
-- service is found at, and the vocabulary typo correction compares against. All three are
-- derived from the ORUK tables by src/blocks/directory/search/index-builder.ts and can be
-- rebuilt from them at any time (`reindexCouncil`), so they carry no data of their own.

-- Narrow on purpose: a broad search reads every candidate row, so only what filtering and
-- ranking need is here; what a result shows beyond it is read from the ORUK tables for the
-- page's few services. Only services in operation (status 'active') have a row.
CREATE TABLE search_service (
  council_id uuid NOT NULL,
  service_id uuid NOT NULL,
  name text NOT NULL,
  -- Weighted: name (A); the names of its terms (B); description, organisation, eligibility (C);
  -- place names, towns and postcodes (D). The needs' synonyms are not copied into every
  -- document: the query is read against them instead (search/synonyms.ts), which finds the
  -- tagged services through taxonomy_term_ids and keeps documents and their index small.
  document tsvector NOT NULL,
  min_age integer,
  max_age integer,
  free boolean NOT NULL DEFAULT false,
  -- Codes of src/blocks/directory/vocabulary.ts.
  delivery text[] NOT NULL DEFAULT '{}',
  accessibility text[] NOT NULL DEFAULT '{}',
  -- ISO 639 primary language subtags, lower case ('en', 'pl', 'cy'; 'bfi' for BSL).
  languages text[] NOT NULL DEFAULT '{}',
  -- Terms the service is tagged with AND all their ancestors, so a parent need finds it.
  taxonomy_term_ids uuid[] NOT NULL DEFAULT '{}',
  -- The terms it is tagged with directly (not the delivery and accessibility vocabularies): what results show.
  direct_term_ids uuid[] NOT NULL DEFAULT '{}',
  -- When it is open, as minutes of the week in Europe/London local time (Monday 00:00 = 0,
  -- Sunday 24:00 = 10080), from WEEKLY schedules. Empty when nothing is known.
  open_minutes int4multirange NOT NULL DEFAULT '{}',
  PRIMARY KEY (council_id, service_id),
  -- A deleted service leaves the index with it, even when nothing reindexes it.
  FOREIGN KEY (council_id, service_id) REFERENCES service (council_id, id) ON DELETE CASCADE
);

-- A small pending list: inserts are batched into the index (much cheaper than one by one during
-- an import), while a search never scans more than 256 kB of not-yet-merged entries (with the
-- default 4 MB, a bulk import leaves a list every search reads linearly until the next vacuum).
CREATE INDEX search_service_document ON search_service USING gin (document) WITH (gin_pending_list_limit = 256);
-- One multi-column GIN for the selective array filters (needs, languages, accessibility).
-- Delivery has three values, each shared by a large share of services: an index would not help.
CREATE INDEX search_service_arrays ON search_service USING gin (taxonomy_term_ids, languages, accessibility) WITH (gin_pending_list_limit = 256);
-- Browsing without words or place: first page by name.
CREATE INDEX search_service_name ON search_service (council_id, name, service_id);

CREATE TABLE search_place (
  council_id uuid NOT NULL,
  service_id uuid NOT NULL,
  location_id uuid NOT NULL,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  name text,
  address text,
  postcode text,
  town text,
  PRIMARY KEY (council_id, service_id, location_id),
  FOREIGN KEY (council_id, service_id) REFERENCES search_service (council_id, service_id) ON DELETE CASCADE
);

-- Nearest-first reading (every search with a centre): a GiST over a locally flat point
-- (longitude shrunk by the cosine of the latitude, so one unit east is as long as one unit
-- north) answers `ORDER BY ... <-> point` from the index, without PostGIS.
CREATE INDEX search_place_point ON search_place USING gist (point(longitude * cos(radians(latitude)), latitude));
-- `near=Kingsmere`: the centre of a town's places.
CREATE INDEX search_place_town ON search_place (council_id, lower(town));

CREATE TABLE search_word (
  council_id uuid NOT NULL REFERENCES council (id),
  word text NOT NULL,
  PRIMARY KEY (council_id, word)
);

-- Nearest words by trigram distance (`ORDER BY word <-> 'lonley'`), for typo correction.
CREATE INDEX search_word_trgm ON search_word USING gist (word gist_trgm_ops);
