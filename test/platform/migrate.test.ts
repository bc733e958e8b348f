import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../support/db.js';

describe('migrations', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
  });
  after(() => database.close());

  it('applies each file once, in order, and records it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-mig-'));
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE t1 (id int); INSERT INTO t1 VALUES (1);');
    writeFileSync(join(dir, '002_second.sql'), 'ALTER TABLE t1 ADD COLUMN name text;');
    const set = { owner: 'example', dir };
    assert.deepEqual(await migrate(database.db, [set]), ['example/001_first.sql', 'example/002_second.sql']);
    assert.deepEqual(await migrate(database.db, [set]), []);
    const { rows } = await database.db.query<{ name: string }>("SELECT name FROM hearth_migration WHERE owner = 'example' ORDER BY name");
    assert.deepEqual(rows.map((r) => r.name), ['001_first.sql', '002_second.sql']);
  });

  it('leaves the schema as it was when a migration fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-mig-'));
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE t2 (id int);');
    writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE t3 (id int); SELECT no_such_function();');
    await assert.rejects(migrate(database.db, [{ owner: 'broken', dir }]));
    const { rows } = await database.db.query("SELECT to_regclass('t2') AS t2, to_regclass('t3') AS t3");
    assert.deepEqual(rows[0], { t2: null, t3: null });
    const applied = await database.db.query("SELECT 1 FROM hearth_migration WHERE owner = 'broken'");
    assert.equal(applied.rows.length, 0);
  });
});
