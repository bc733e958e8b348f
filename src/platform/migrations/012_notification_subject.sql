-- What each message was about, in words that carry no secret, so a person can see the messages
-- Hearth sent them ("Messages we sent you" on /my-hearth) whichever sender sent them: a real
-- sender keeps no personalisation (it may hold a sign-in link). Notifications.send writes it:
-- a `message`'s own subject (links taken out), or a fixed description of the template
-- ("A sign-in link"), never the link. Rows from before this column have none.
ALTER TABLE notification ADD COLUMN subject text;
-- "This person's newest messages": by the address exactly as sent (canonical, as stored).
CREATE INDEX notification_recipient_recent ON notification (recipient, created_at DESC);
