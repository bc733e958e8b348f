-- Scheduled work run inside the server (the nightly reindex, later feed pulls and nudges).
-- Every process keeps the same timetable; the first to insert a job's row for a due time runs
-- it, the others see the row and skip, so the work runs once however many processes serve.
CREATE TABLE scheduled_run (
  job          text        NOT NULL,
  due_at       timestamptz NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  -- Which process ran it (host name and pid), for the logs.
  runner       text        NOT NULL,
  error        text,
  PRIMARY KEY (job, due_at)
);
