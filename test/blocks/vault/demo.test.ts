import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoIdentity } from '../../../src/blocks/identity/demo.js';
import { DEMO_ADVOCATE_EMAIL, DEMO_OFFICER_EMAIL, DEMO_RESIDENT_EMAIL, seedDemoVault } from '../../../src/blocks/vault/demo.js';
import { verifyLog } from '../../../src/blocks/vault/index.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { signIn } from '../identity/support.js';

describe('vault: the demo shows the whole story at once', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity,vault' } });
    await seedDemoIdentity(hearth.db, hearth.council.id);
    await seedDemoVault(hearth.ctx, hearth.council.id);
  });
  after(() => hearth.stop());

  it('gives the demo resident a record, grants to a team and a partner, a team’s request and an access log that verifies', async () => {
    const rhian = await signIn(hearth, DEMO_RESIDENT_EMAIL);
    const record = await rhian.get('/my-record');
    assert.equal(record.statusCode, 200);
    for (const text of ['Rhian Evans', '14 Chapel Row', 'Dafydd Evans']) assert.ok(record.body.includes(text), text);
    assert.match(record.body, /<a [^>]*href="\/my-hearth"[^>]*class="govuk-back-link"|<a [^>]*class="govuk-back-link"[^>]*href="\/my-hearth"/, 'back to her single view');

    const sharing = await rhian.get('/my-record/sharing');
    assert.equal(sharing.statusCode, 200);
    for (const text of ['Housing Options', 'Ashdown Homes Housing Association', 'Council Tax and Benefits']) assert.ok(sharing.body.includes(text), text);

    const access = await rhian.get('/my-record/access');
    assert.equal(access.statusCode, 200);
    for (const text of ['Jo Adeyemi', 'Sam Okafor', 'Ashdown Homes Housing Association']) assert.ok(access.body.includes(text), text);

    const verification = await verifyLog(hearth.db, hearth.council.id);
    assert.equal(verification.broken, undefined);
    assert.ok(verification.entries >= 9, `${verification.entries} entries`);
  });

  it('has her daughter acting for her as her advocate', async () => {
    const cerys = await signIn(hearth, DEMO_ADVOCATE_EMAIL);
    const actingFor = await cerys.get('/acting-for');
    assert.equal(actingFor.statusCode, 200);
    assert.ok(actingFor.body.includes('Rhian Evans'));
  });

  it('lets the housing officer see the residents who shared with their team, and no one else', async () => {
    const officer = await signIn(hearth, DEMO_OFFICER_EMAIL);
    const team = await officer.get('/admin/vault');
    const body = team.statusCode === 303 ? (await officer.get(String(team.headers.location))).body : team.body;
    assert.ok(body.includes('Tom Baker'), 'a resident who shared their name');
    assert.ok(!body.includes('Priya Shah'));
  });
});
