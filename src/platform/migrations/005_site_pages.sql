-- The council's own site pages (src/platform/site): the accessibility statement, privacy
-- notice and cookies page as each council edits them, and what residents say through the
-- phase banner's feedback form.

-- A council's own text of one page in one language: the page's fields (see
-- src/platform/site/page-fields.ts) as JSON. No row: the page shows the defaults shipped in
-- the message catalogues, filled from the council's details. Deleting the row resets it.
CREATE TABLE site_page_text (
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  page text NOT NULL CHECK (page IN ('accessibility', 'privacy', 'cookies')),
  locale text NOT NULL CHECK (locale IN ('en', 'cy')),
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Who saved it (the staff member's email), shown on the admin page.
  updated_by text,
  PRIMARY KEY (council_id, page, locale)
);

-- Feedback from the phase banner's form. The page it was sent from is a path without its
-- query (a search's words and postcode stay out); no IP address or browser is kept.
CREATE TABLE site_feedback (
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  satisfaction text NOT NULL CHECK (satisfaction IN ('very_satisfied', 'satisfied', 'neither', 'dissatisfied', 'very_dissatisfied')),
  details text NOT NULL DEFAULT '',
  -- Only when the person asked for a reply.
  email text,
  from_path text,
  locale text NOT NULL CHECK (locale IN ('en', 'cy')),
  PRIMARY KEY (council_id, id)
);
CREATE INDEX site_feedback_recent ON site_feedback (council_id, created_at DESC, id);
