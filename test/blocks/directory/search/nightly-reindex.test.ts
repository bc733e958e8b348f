import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadFixture } from './fixture.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';

describe('the nightly reindex the server runs itself', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    await loadFixture(hearth.db, hearth.council.id);
  });
  after(() => hearth.stop());

  it('is one of the directory block\'s scheduled jobs, at 03:00 by default', () => {
    const directory = hearth.blocks.find((b) => b.name === 'directory')!;
    const jobs = directory.scheduledJobs!(hearth.ctx);
    assert.deepEqual(jobs.find((j) => j.name === 'directory.reindex')?.pattern, '0 3 * * *');
  });

  it('rebuilds every council\'s search rows from the ORUK tables', async () => {
    const count = async () => (await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM search_service WHERE council_id = $1', [hearth.council.id])).rows[0].n;
    const before = await count();
    assert.ok(before > 0);
    await hearth.db.query('DELETE FROM search_service WHERE council_id = $1', [hearth.council.id]);
    assert.equal(await count(), 0);
    const job = hearth.blocks.find((b) => b.name === 'directory')!.scheduledJobs!(hearth.ctx).find((j) => j.name === 'directory.reindex')!;
    await job.run();
    assert.equal(await count(), before);
  });
});
