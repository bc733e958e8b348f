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
