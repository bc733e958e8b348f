-- Wake whoever works a queue as soon as work for it is committed, instead of at its next poll
-- (up to a second later): an insert into the outbox notifies `hearth_outbox`, a webhook delivery
-- `hearth_webhooks`. A notification is sent only when its transaction commits, identical ones
-- from one transaction are sent once, and it reaches every process listening on the database
-- (Db.listen). Polling goes on underneath, so a notification lost changes only how soon.
CREATE FUNCTION hearth_notify_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_wake AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION hearth_notify_queue('hearth_outbox');
CREATE TRIGGER webhook_delivery_wake AFTER INSERT ON webhook_delivery FOR EACH STATEMENT EXECUTE FUNCTION hearth_notify_queue('hearth_webhooks');
