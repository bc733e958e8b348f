-- Unmet need: weekly counters, never a row per search. What was looked for (words, the need
-- terms they were read as), where (postcode district, '' when no postcode was given) and in
-- which ISO week (London): nothing about who, and no time finer than the week.

CREATE TABLE insight_unmet_words (
  council_id uuid NOT NULL REFERENCES council (id),
  week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  district text NOT NULL DEFAULT '',
  outcome text NOT NULL CHECK (outcome IN ('none', 'nearby')),
  words text NOT NULL CHECK (words <> ''),
  searches integer NOT NULL CHECK (searches > 0),
  PRIMARY KEY (council_id, week, district, outcome, words)
);

CREATE TABLE insight_unmet_needs (
  council_id uuid NOT NULL REFERENCES council (id),
  week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  district text NOT NULL DEFAULT '',
  outcome text NOT NULL CHECK (outcome IN ('none', 'nearby')),
  need_id text NOT NULL,
  -- The need's name when last counted (a taxonomy's wording may change; the id does not).
  need_name text NOT NULL,
  searches integer NOT NULL CHECK (searches > 0),
  PRIMARY KEY (council_id, week, district, outcome, need_id)
);

-- Searches that found nothing at all per week and district, each once however many needs
-- it was read as (the needs table counts a search under each of its needs).
CREATE TABLE insight_unmet_searches (
  council_id uuid NOT NULL REFERENCES council (id),
  week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  district text NOT NULL DEFAULT '',
  outcome text NOT NULL CHECK (outcome IN ('none', 'nearby')),
  searches integer NOT NULL CHECK (searches > 0),
  PRIMARY KEY (council_id, week, district, outcome)
);

-- Residents' "this is out of date" reports per week and the service's category.
CREATE TABLE insight_out_of_date (
  council_id uuid NOT NULL REFERENCES council (id),
  week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  category text NOT NULL,
  reports integer NOT NULL CHECK (reports > 0),
  PRIMARY KEY (council_id, week, category)
);

-- Events already counted: the dispatcher delivers at least once, and a count must not grow
-- twice for one event. Only the outbox id is kept.
CREATE TABLE insight_counted_event (
  event_id bigint PRIMARY KEY
);
