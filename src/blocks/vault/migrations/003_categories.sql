-- The categories of a resident's record, per council: the built-in ones every council has
-- (name, contact details, preferences, address, household, carer, disability, benefits) and
-- the council's own (a circumstance such as "armed forces veteran"). Grants name categories,
-- the access log records them, and a category's sensitivity decides whether its values are
-- sealed at rest and whether a recorded basis needs a second officer.
--
-- The built-in rows are written by categories.ts the first time a council's categories are
-- read (INSERT … ON CONFLICT DO NOTHING), so a council added later has them without a trigger
-- and the built-in list lives in one place. A category is never deleted: one that is no longer
-- wanted is retired (not offered for new values; what residents hold in it stays theirs).
CREATE TABLE vault_category (
  council_id  uuid        NOT NULL REFERENCES council (id),
  code        text        NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name_en     text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  name_cy     text        NOT NULL CHECK (length(name_cy) BETWEEN 1 AND 100),
  sensitivity text        NOT NULL CHECK (sensitivity IN ('standard', 'sensitive')),
  -- Which form its values are given in (and so what a value holds).
  kind        text        NOT NULL CHECK (kind IN ('name', 'contact', 'preferences', 'address', 'household', 'circumstance', 'benefits')),
  built_in    boolean     NOT NULL DEFAULT false,
  -- Order on the resident's record: built-in ones first, then the council's in the order added.
  position    integer     NOT NULL,
  retired_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, code)
);
