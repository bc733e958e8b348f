-- 1. The built-in record categories are written when a council is added (the vault's
-- onCouncilCreated, in the transaction that adds it), no longer the first time a council's
-- categories are read. Councils that exist now get any they lack here, once. The list is
-- categories.ts's BUILTIN_CATEGORIES as it stands (a test holds the two together); one a
-- council already has (retired, or renamed) is left as it is.
INSERT INTO vault_category (council_id, code, name_en, name_cy, sensitivity, kind, built_in, position)
SELECT c.id, b.code, b.name_en, b.name_cy, b.sensitivity, b.kind, true, b.position
  FROM council c
 CROSS JOIN (VALUES
   ('name', 'Name', 'Enw', 'standard', 'name', 1),
   ('contact', 'Contact details', 'Manylion cyswllt', 'standard', 'contact', 2),
   ('preferences', 'How we contact you', 'Sut rydym yn cysylltu â chi', 'standard', 'preferences', 3),
   ('address', 'Address', 'Cyfeiriad', 'standard', 'address', 4),
   ('household', 'People you live with', 'Pobl rydych yn byw gyda nhw', 'standard', 'household', 5),
   ('carer', 'Caring for someone', 'Gofalu am rywun', 'sensitive', 'circumstance', 6),
   ('disability', 'Disability or health condition', 'Anabledd neu gyflwr iechyd', 'sensitive', 'circumstance', 7),
   ('benefits', 'Benefits', 'Budd-daliadau', 'sensitive', 'benefits', 8)
 ) AS b (code, name_en, name_cy, sensitivity, kind, position)
ON CONFLICT (council_id, code) DO NOTHING;

-- 2. Which advocate changed a grant, and for whom. A grant's history said only "your advocate";
-- a resident may have several, so each line an advocate makes now names them (their person id
-- and name as the appointment holds it) and the resident they acted for. Older lines have none
-- and still say "your advocate"; the CHECK holds every new one to it (NOT VALID: not the old).
ALTER TABLE vault_grant_event
  ADD COLUMN by_id        text CHECK (length(by_id) BETWEEN 1 AND 200),
  ADD COLUMN by_name      text CHECK (length(by_name) BETWEEN 1 AND 200),
  ADD COLUMN on_behalf_of uuid;
ALTER TABLE vault_grant_event
  ADD CONSTRAINT vault_grant_event_advocate_named
  CHECK (by_kind <> 'advocate' OR (by_id IS NOT NULL AND by_name IS NOT NULL AND on_behalf_of IS NOT NULL)) NOT VALID;

-- 3. Erasure notices. When a resident erases categories, every team and partner system whose
-- grant covered one of them is told (tell us once, vault.record.erased), so it deletes the
-- copies it holds: a notice of kind 'erased' naming the categories (never a value). A notice
-- of a change names one category (`category`); an erasure's may name several (`categories`,
-- its first also in `category`). Null `categories` (older rows, and rows an older process
-- writes during a rolling deploy) is read as the one `category`.
ALTER TABLE vault_notice
  ADD COLUMN kind       text NOT NULL DEFAULT 'changed' CHECK (kind IN ('changed', 'erased')),
  ADD COLUMN categories text[] CHECK (cardinality(categories) > 0);
