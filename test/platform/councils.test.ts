import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { platformMigrations } from '../../src/main.js';
import { addCouncil, CouncilChangeError, CouncilDirectory, updateCouncil } from '../../src/platform/councils.js';
import { migrate } from '../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../support/db.js';

describe('councils: changing one', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
    await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown Council', hosts: ['help.ashdown.example'] });
    await addCouncil(database.db, { slug: 'brook', name: 'Brook Council' });
  });
  after(() => database.close());

  it('writes only what differs, and says what it changed', async () => {
    const update = await updateCouncil(database.db, 'brook', { name: ' Brook Council ', colourPrimary: '#00703C', address: '' });
    assert.deepEqual(update?.changed, ['colourPrimary']);
    assert.equal(update?.after.colourPrimary, '#00703c');
    assert.equal(await updateCouncil(database.db, 'nowhere', { name: 'X' }), undefined);
  });

  it('refuses every problem at once and writes nothing, a host another council serves included', async () => {
    await assert.rejects(updateCouncil(database.db, 'brook', { name: '', colourPrimary: '#eeeeee', hosts: ['Help.Ashdown.Example.'] }), (e: Error) => {
      assert.ok(e instanceof CouncilChangeError);
      assert.deepEqual(e.problems.map((p) => [p.field, p.reason]), [['name', 'missing'], ['colourPrimary', 'colour_contrast'], ['hosts', 'host_taken']]);
      return true;
    });
    const { rows } = await database.db.query<{ name: string; hosts: string[] }>(`SELECT name, hosts FROM council WHERE slug = 'brook'`);
    assert.deepEqual(rows, [{ name: 'Brook Council', hosts: [] }]);
  });

  it('is seen by a council directory in another process once its copy is older than its refresh', async () => {
    // A refresh below zero: its copy is always older than that, without waiting on a clock.
    const directory = new CouncilDirectory(database.db, -1);
    await directory.reload();
    assert.equal((await directory.bySlug('ashdown'))?.name, 'Ashdown Council');
    // As `hearth councils update` does, from elsewhere: this directory is not told.
    await updateCouncil(database.db, 'ashdown', { name: 'Ashdown Borough Council', licenceText: 'All rights reserved' });
    const seen = await directory.bySlug('ashdown');
    assert.equal(seen?.name, 'Ashdown Borough Council');
    assert.equal(seen?.licenceText, 'All rights reserved');
  });
});
