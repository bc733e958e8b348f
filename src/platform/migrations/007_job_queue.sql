-- Scheduled work moved onto the job queue (pg-boss, in its own schema `pgboss`, which it
-- installs and migrates itself at start): its schedules and singleton jobs make each due run
-- happen once across processes, which this claim table did before.
DROP TABLE IF EXISTS scheduled_run;
