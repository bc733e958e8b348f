-- Federation matching finds services with no place (helplines) by the digits of their phone
-- numbers (src/blocks/directory/sql/feeds.ts, matchCandidates): without this index each batch
-- of a pull read every phone number in the council and rewrote it, so a large pull grew
-- quadratic. The expression is the one the query uses, character for character.
CREATE INDEX phone_digits ON phone (council_id, regexp_replace(number, '[^0-9]', '', 'g'));
