import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoDirectory } from '../../../../src/blocks/directory/demo/seed.js';
import { seedDemoChanges } from '../../../../src/blocks/directory/editing/demo.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';

describe('directory editing: the demo’s changes', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    await seedDemoDirectory(hearth.db, hearth.council.id, { services: 200 });
  });
  after(() => hearth.stop());

  it('leaves changes waiting, one listing with a history and a request to be listed', async () => {
    await seedDemoChanges(hearth.ctx, hearth.council.id);
    const pending = await hearth.db.query<{ kind: string; is_new: boolean }>(`SELECT kind, is_new FROM listing_change WHERE status = 'pending'`);
    assert.equal(pending.rows.length, 5);
    assert.ok(pending.rows.some((r) => r.kind === 'organization'));
    assert.ok(pending.rows.some((r) => r.is_new));
    const history = await hearth.db.query<{ n: number }>(`SELECT max(version) AS n FROM listing_version WHERE kind = 'service'`);
    assert.equal(history.rows[0].n, 3);
    assert.equal((await hearth.db.query(`SELECT 1 FROM listing_request WHERE status = 'pending'`)).rows.length, 1);
  });
});
