import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { proposeChange, type Editor } from '../../../../src/blocks/directory/editing/changes.js';
import { describeDifference, differenceInWords } from '../../../../src/blocks/directory/editing/diff.js';
import { translatorFor } from '../../../../src/blocks/directory/editing/messages.js';
import { importOruk } from '../../../../src/blocks/directory/index.js';
import type { Service } from '../../../../src/blocks/directory/oruk/schemas.js';
import { getFullService } from '../../../../src/blocks/directory/sql/oruk-read.js';
import { pendingQueue } from '../../../../src/blocks/directory/sql/changes.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { copy, EDIT_IDS, loadEditingFixture, lunchClub, LUNCH_ORG } from './fixture.js';

const editor: Editor = { personId: null, email: 'volunteer@lunch.example' };

/**
 * The queue shows each change from the difference kept when it was proposed, and compares the
 * documents again once the listing has been written since (the kept one would then be wrong).
 */
describe('directory editing: the difference kept with a proposal', () => {
  let hearth: TestHearth;
  let council: string;
  const queue = async () => (await pendingQueue(hearth.db, council, { offset: 0, limit: 10 })).changes;

  before(async () => {
    hearth = await startTestHearth();
    council = hearth.council.id;
    await loadEditingFixture(hearth);
  });
  after(() => hearth.stop());

  it('reads, in either language, as the whole documents compared do; until the listing is written again', async () => {
    const published = (await getFullService(hearth.db, council, EDIT_IDS.lunchClub))!;
    const edited = copy(published);
    edited.schedules![0].closes_at = '15:00:00';
    edited.cost_options![0].amount = 4;
    edited.languages!.push({ id: 'e0000000-0000-4000-8000-000800000002', name: 'Welsh', code: 'cy' } as never);
    edited.description = 'Hot lunches on Mondays.';
    const proposed = await proposeChange(hearth.ctx, {
      councilId: council, organisationId: EDIT_IDS.lunchClubOrg, kind: 'service', id: EDIT_IDS.lunchClub, isNew: false, document: edited, editor,
    });
    assert.ok('changeId' in proposed, JSON.stringify(proposed));

    const [row] = await queue();
    assert.equal(row.id, proposed.changeId);
    assert.equal(row.difference_current, true);
    assert.equal(row.name, 'Chapel Lane lunch club');
    assert.equal(row.base_changed, false);
    assert.equal(row.has_published, true);
    // Neither document is read for it.
    assert.equal(row.document, null);
    assert.equal(row.base_document, null);
    const doc = (s: Service) => s as unknown as Record<string, unknown>;
    for (const language of ['en', 'cy'] as const) {
      const t = translatorFor(language);
      const kept = differenceInWords(row.difference!, t);
      assert.deepEqual(kept, describeDifference('service', doc(published), doc(edited), t));
      assert.deepEqual(kept.map((r) => r.label), ['description', 'schedules', 'cost_options', 'languages'].map((f) => t(`changes.field.${f}`)));
    }

    // An import writes the listing: the kept difference is no longer against what is published.
    await importOruk(hearth.db, council, [{ ...lunchClub(), name: 'Chapel Lane lunches' }]);
    const [again] = await queue();
    assert.equal(again.difference_current, false);
    assert.equal((again.document as { name?: string }).name, 'Chapel Lane lunch club');
    assert.ok(again.base_document);
  });

  it('counts the whole queue with each page: past its end, filtered, and for an organisation with nothing waiting', async () => {
    const waiting = (await hearth.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM listing_change WHERE council_id = $1 AND status = 'pending'`, [council])).rows[0].n;
    assert.ok(waiting >= 1);
    const first = await pendingQueue(hearth.db, council, { offset: 0, limit: 10 });
    assert.equal(first.total, waiting);
    assert.equal(first.changes.length, Math.min(10, waiting));
    assert.ok(first.changes.every((c) => c.id && !('total' in c)));
    // Past the end: no changes, and still the count (the page links back from there).
    assert.deepEqual(await pendingQueue(hearth.db, council, { offset: 1000, limit: 10 }), { changes: [], total: waiting });
    const mine = await pendingQueue(hearth.db, council, { organisationIds: [EDIT_IDS.lunchClubOrg], offset: 0, limit: 10 });
    assert.equal(mine.total, first.changes.filter((c) => c.organization_id === EDIT_IDS.lunchClubOrg).length);
    assert.deepEqual(await pendingQueue(hearth.db, council, { organisationIds: ['e0000000-0000-4000-8000-999999999999'], offset: 0, limit: 10 }), { changes: [], total: 0 });
  });

  it('keeps a new service’s difference as everything added', async () => {
    const id = EDIT_IDS.newService;
    const document = { id, name: 'Chapel Lane coffee morning', description: 'Coffee and cake.', status: 'active', organization: LUNCH_ORG } as Service;
    const proposed = await proposeChange(hearth.ctx, { councilId: council, organisationId: EDIT_IDS.lunchClubOrg, kind: 'service', id, isNew: true, document, editor });
    assert.ok('changeId' in proposed, JSON.stringify(proposed));
    const row = (await queue()).find((c) => c.id === proposed.changeId)!;
    assert.equal(row.difference_current, true);
    assert.equal(row.has_published, false);
    const words = differenceInWords(row.difference!, translatorFor('en'));
    assert.ok(words.length >= 3);
    assert.ok(words.every((r) => r.lines.every((l) => l.kind === 'added')));
  });
});
