import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addCategory, BUILTIN_CATEGORIES, categoriesOf, categoryIn, codeFor, forgetCategories, liveCategoriesOf, retireCategory, sensitivityIn } from '../../../src/blocks/vault/categories.js';
import { vaultBlock } from '../../../src/blocks/vault/index.js';
import { itemHistory, writeItems } from '../../../src/blocks/vault/record.js';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { KeyRing } from '../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

describe('vault: categories are data, per council', () => {
  let database: TestDatabase;
  let ashdown: string;
  const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    ashdown = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown' }, [vaultBlock])).id;
  });
  after(() => database.close());

  it('gives every council the built-in categories, a council added after the migration too', async () => {
    const categories = await categoriesOf(database.db, ashdown);
    assert.deepEqual(categories.map((c) => c.code), BUILTIN_CATEGORIES.map((c) => c.code));
    assert.ok(categories.every((c) => c.builtIn && !c.retired));
    const later = (await addCouncil(database.db, { slug: 'later', name: 'Later' }, [vaultBlock])).id;
    assert.equal((await categoriesOf(database.db, later)).length, BUILTIN_CATEGORIES.length);
    assert.equal(await sensitivityIn(database.db, later, 'benefits'), 'sensitive');
    assert.equal(await sensitivityIn(database.db, later, 'address'), 'standard');
    assert.equal(await sensitivityIn(database.db, later, 'no_such'), undefined);
    assert.equal(await categoryIn(database.db, later, 'Bad Code!'), undefined);
  });

  it('writes them when the council is added; a council added while the vault was off gets them when first read', async () => {
    // A council added without the vault's hook (as if the vault were off then) has none yet.
    const bare = (await addCouncil(database.db, { slug: 'bare', name: 'Bare' })).id;
    const count = async () => (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vault_category WHERE council_id = $1', [bare])).rows[0].n;
    assert.equal(await count(), 0);
    forgetCategories();
    assert.deepEqual(
      (await categoriesOf(database.db, bare)).map((c) => c.code),
      BUILTIN_CATEGORIES.map((c) => c.code),
    );
    assert.equal(await sensitivityIn(database.db, bare, 'benefits'), 'sensitive');
    assert.equal(await count(), BUILTIN_CATEGORIES.length, 'written once, on the first read');
    // The hook runs in the transaction that adds the council: a failed addition leaves neither.
    await assert.rejects(
      addCouncil(database.db, { slug: 'half', name: 'Half' }, [vaultBlock, { onCouncilCreated: async () => { throw new Error('a later block failed'); } }]),
      /a later block failed/,
    );
    assert.equal((await database.db.query("SELECT 1 FROM council WHERE slug = 'half'")).rows.length, 0);
    assert.equal((await database.db.query("SELECT 1 FROM vault_category c LEFT JOIN council k ON k.id = c.council_id WHERE k.id IS NULL")).rows.length, 0);
  });

  it('migration 011 gives every council that existed before it the built-in categories, as BUILTIN_CATEGORIES lists them', async () => {
    const older = await freshDatabase();
    const before011 = await mkdtemp(join(tmpdir(), 'vault-migrations-'));
    try {
      for (const file of readdirSync(vaultBlock.migrations.dir).filter((f) => f.endsWith('.sql') && f < '011')) copyFileSync(join(vaultBlock.migrations.dir, file), join(before011, file));
      await migrate(older.db, [platformMigrations, { owner: 'vault', dir: before011 }]);
      const a = (await addCouncil(older.db, { slug: 'a', name: 'A' })).id;
      const b = (await addCouncil(older.db, { slug: 'b', name: 'B' })).id;
      // One already had them, one renamed and retired since: left as it is.
      await older.db.query(`INSERT INTO vault_category (council_id, code, name_en, name_cy, sensitivity, kind, built_in, position, retired_at) VALUES ($1, 'carer', 'Carer', 'Gofalwr', 'sensitive', 'circumstance', true, 6, now())`, [b]);
      assert.ok((await migrate(older.db, [platformMigrations, vaultBlock.migrations])).some((m) => m.startsWith('vault/011')));
      forgetCategories();
      for (const council of [a, b]) {
        const rows = (await older.db.query<{ code: string; name_en: string; name_cy: string; sensitivity: string; kind: string; built_in: boolean; position: number }>(
          'SELECT code, name_en, name_cy, sensitivity, kind, built_in, position FROM vault_category WHERE council_id = $1 ORDER BY position, code',
          [council],
        )).rows;
        const expected = BUILTIN_CATEGORIES.map((c, i) => ({ code: c.code, name_en: c.names.en, name_cy: c.names.cy, sensitivity: c.sensitivity, kind: c.kind, built_in: true, position: i + 1 }));
        if (council === b) expected[5] = { ...expected[5], name_en: 'Carer', name_cy: 'Gofalwr' };
        assert.deepEqual(rows, expected);
      }
      assert.equal((await categoryIn(older.db, b, 'carer'))?.retired, true);
    } finally {
      forgetCategories();
      await rm(before011, { recursive: true, force: true });
      await older.close();
    }
  });

  it('adds a council\'s own category with names in both languages; a sensitive one is sealed at rest like a built-in one', async () => {
    const added = await addCategory(database.db, ashdown, { nameEn: '  Armed forces  veteran ', nameCy: 'Cyn-filwr y lluoedd arfog', sensitivity: 'sensitive' });
    assert.ok('category' in added);
    assert.equal(added.category.code, 'armed_forces_veteran');
    assert.equal(added.category.names.en, 'Armed forces veteran');
    assert.equal(added.category.kind, 'circumstance');
    const codes = (await categoriesOf(database.db, ashdown)).map((c) => c.code);
    assert.equal(codes.at(-1), 'armed_forces_veteran', 'after the built-in ones');
    // Another council does not have it.
    const later = (await database.db.query<{ id: string }>("SELECT id FROM council WHERE slug = 'later'")).rows[0].id;
    assert.equal(await categoryIn(database.db, later, 'armed_forces_veteran'), undefined);
    const resident = randomUUID();
    await writeItems(database.db, ring, ashdown, resident, 'armed_forces_veteran', [{ applies: true, details: 'Served 2001 to 2009' }], { kind: 'resident', name: 'Resident' });
    const stored = await database.db.query<{ value: Record<string, unknown> }>("SELECT value FROM vault_item WHERE category = 'armed_forces_veteran'");
    assert.equal(stored.rows[0].value.hearth_sealed, 1, 'sealed at rest');
    assert.deepEqual((await itemHistory(database.db, ring, ashdown, resident))[0].value, { applies: true, details: 'Served 2001 to 2009' });
    // A category another council added, or none at all, takes no values.
    await assert.rejects(writeItems(database.db, ring, later, resident, 'armed_forces_veteran', [{ applies: true }], { kind: 'resident', name: 'Resident' }), /no record category/);
  });

  it('refuses a category without both names, a sensitivity, or with a name already taken', async () => {
    assert.deepEqual(await addCategory(database.db, ashdown, { nameEn: '', nameCy: '', sensitivity: '' }), { problems: { name_en: 'missing', name_cy: 'missing', sensitivity: 'choose' } });
    assert.deepEqual(await addCategory(database.db, ashdown, { nameEn: 'x'.repeat(101), nameCy: 'y', sensitivity: 'secret' }), { problems: { name_en: 'too_long', sensitivity: 'choose' } });
    assert.deepEqual(await addCategory(database.db, ashdown, { nameEn: '1234', nameCy: 'y', sensitivity: 'standard' }), { problems: { name_en: 'no_letters' } });
    assert.deepEqual(await addCategory(database.db, ashdown, { nameEn: 'armed forces VETERAN', nameCy: 'y', sensitivity: 'standard' }), { problems: { name_en: 'taken' } });
    assert.deepEqual(await addCategory(database.db, ashdown, { nameEn: 'Address', nameCy: 'Cyfeiriad', sensitivity: 'standard' }), { problems: { name_en: 'taken' } });
    assert.equal(codeFor('Éire – 2nd home'), 'eire_2nd_home');
    assert.equal(codeFor('2nd home'), 'c_2nd_home');
  });

  it('retires a category (kept, with its data) and brings it back; nothing is deleted', async () => {
    assert.equal(await retireCategory(database.db, ashdown, 'armed_forces_veteran'), true);
    assert.equal(await retireCategory(database.db, ashdown, 'armed_forces_veteran'), false, 'already retired');
    assert.equal((await liveCategoriesOf(database.db, ashdown)).some((c) => c.code === 'armed_forces_veteran'), false);
    assert.equal((await categoryIn(database.db, ashdown, 'armed_forces_veteran'))?.retired, true);
    assert.equal((await database.db.query("SELECT 1 FROM vault_item WHERE category = 'armed_forces_veteran'")).rows.length, 1, 'its values stay');
    assert.equal(await retireCategory(database.db, ashdown, 'armed_forces_veteran', false), true);
    assert.equal(await retireCategory(database.db, ashdown, 'nothing_here'), false);
    // Another process's copy sees a category added underneath it once asked for that code.
    await database.db.query(
      "INSERT INTO vault_category (council_id, code, name_en, name_cy, sensitivity, kind, position) VALUES ($1, 'added_elsewhere', 'Elsewhere', 'Rhywle arall', 'sensitive', 'circumstance', 99)",
      [ashdown],
    );
    assert.equal(await sensitivityIn(database.db, ashdown, 'added_elsewhere'), 'sensitive');
    forgetCategories();
  });
});
