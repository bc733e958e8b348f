-- Outward-code lookups (`LIKE 'AS1 %'`) need a pattern index under a non-C collation;
-- without it they scan the whole ONS Postcode Directory (2.7 million rows).
CREATE INDEX postcode_pattern ON postcode (postcode text_pattern_ops);
