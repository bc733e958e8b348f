-- The crisis help a search that shows a risk to life puts first ("suicidal", "want to die"):
-- a council's own wording and numbers, per language, replacing the default of the message
-- catalogues (directory.crisis.*) where a council has set one. One JSON document per row,
-- checked against CrisisHelpSchema (src/blocks/directory/crisis-help.ts) when written.
CREATE TABLE directory_crisis_help (
  council_id uuid NOT NULL REFERENCES council (id),
  locale text NOT NULL CHECK (locale IN ('en', 'cy')),
  help jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, locale)
);
