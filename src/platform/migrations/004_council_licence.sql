-- The licence a council's content is under, shown in the footer of every page. No text: the
-- Open Government Licence v3.0, in the page's language. Square brackets in the text mark the
-- words that link to `licence_url` (see src/platform/web/footer.ts).
ALTER TABLE council ADD COLUMN licence_text text CHECK (char_length(licence_text) BETWEEN 1 AND 500);
ALTER TABLE council ADD COLUMN licence_url text CHECK (licence_url ~ '^https://');
