-- Forms that create something (a partner system, say) carry a one-time id. The first
-- submission of an id claims its row and records where its answer redirected; a second
-- submission of the same id (a double click, a resent form after a slow answer) is sent to
-- that same answer instead of doing the work again. Rows are kept for a day.
CREATE TABLE form_submission (
  id          uuid        PRIMARY KEY,
  -- Whose form it was: a second submission is honoured only from the same person.
  submitter   text        NOT NULL,
  answer      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_submission_created ON form_submission (created_at);
