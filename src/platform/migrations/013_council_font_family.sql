-- A council's own font stack, for every page of its own (its theme.css sets it, and the one
-- compiled GOV.UK stylesheet reads it). No value: the deployment's, HEARTH_FONT_FAMILY. Stored
-- as CSS writes it (`"Open Sans", "Verdana", sans-serif`), checked by the platform as
-- HEARTH_FONT_FAMILY is (family names only, never GDS Transport); the CHECK keeps anything but
-- names, quotes, commas and spaces out, so nothing written here can break out of a CSS value.
ALTER TABLE council ADD COLUMN font_family text CHECK (font_family ~ '^[A-Za-z0-9 ,"-]+$' AND char_length(font_family) <= 300);
