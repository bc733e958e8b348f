-- A council's changes to the search thesaurus (data/thesaurus/<language>.json is the default):
-- an entry replacing the shipped entry of the same key, hiding it (`removed`), or a new entry
-- of the council's own. Read at query time by search/thesaurus.ts through sql/thesaurus.ts.
CREATE TABLE search_thesaurus_entry (
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language IN ('en', 'cy')),
  -- The entry's first phrase, normalised as queries are (search/synonyms.ts normaliseText).
  key text NOT NULL CHECK (key <> ''),
  words text[] NOT NULL,
  related text[] NOT NULL,
  -- Codes of data/taxonomy/needs.json.
  needs text[] NOT NULL DEFAULT '{}',
  removed boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, language, key)
);
