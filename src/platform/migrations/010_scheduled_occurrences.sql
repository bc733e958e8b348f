-- Each due time of a scheduled job, claimed by the run that does it. pg-boss files one job per
-- due time, but once that job has completed, a second process's clock can file the same due
-- time again; the second run then finds the claim taken and does nothing. Kept for 30 days.
CREATE TABLE scheduled_occurrence (
  job     text        NOT NULL,
  due_at  timestamptz NOT NULL,
  run_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job, due_at)
);
