import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importOruk } from '../../../src/blocks/directory/index.js';
import type { Service } from '../../../src/blocks/directory/oruk/schemas.js';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { insertEndpoint } from '../../../src/platform/webhooks/sql.js';
import { newSigningSecret } from '../../../src/platform/webhooks/index.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { signIn, type Browser } from '../../blocks/identity/support.js';

/** The assembled Hearth: what the blocks declare decides what partners' webhooks receive. */
describe('webhooks receive only the events blocks publish', () => {
  let hearth: TestHearth;
  let admin: Browser;

  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth?.stop());

  it('publishes the directory\'s listing changes and keeps searches and residents\' reports inside', () => {
    const { published } = hearth.ctx.events;
    for (const type of ['directory.service.created', 'directory.service.updated', 'directory.service.ended', 'directory.service.deleted', 'directory.organization.updated']) {
      assert.equal(published.has(type), true, type);
    }
    for (const type of ['directory.search.unmet', 'directory.feedback.received', 'directory.feedback.updated']) assert.equal(published.has(type), false, type);
  });

  it('a search that found nothing is counted by the insight block but reaches no endpoint subscribed to directory.* or *', async () => {
    for (const types of [['directory.*'], ['*']]) {
      await insertEndpoint(hearth.db, { id: randomUUID(), councilId: hearth.council.id, url: 'https://partner.example/hook', description: '', eventTypes: types, secret: newSigningSecret(), createdBy: null });
    }
    const search = await hearth.app.inject({ url: '/api/search?q=zzqxv+wibblewobble' });
    assert.equal(search.statusCode, 200, search.body);
    await importOruk(hearth.db, hearth.council.id, [{ id: '5e1f0000-0000-4000-8000-000000000001', name: 'Chess club', description: 'Chess for all.', status: 'active', organization: { id: '5e1f0000-0000-4000-8000-000000000002', name: 'Chess society', description: 'Players.' } } as Service]);
    while ((await hearth.ctx.events.dispatchOnce()) > 0);

    const outbox = (await hearth.db.query<{ type: string }>('SELECT DISTINCT type FROM outbox ORDER BY type')).rows.map((r) => r.type);
    assert.deepEqual(outbox, ['directory.search.unmet', 'directory.service.created'], 'both events were written');
    const counted = await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM insight_counted_event');
    assert.equal(counted.rows[0].n, 1, 'the insight block still counted the unmet search');
    const delivered = (await hearth.db.query<{ event_type: string }>('SELECT event_type FROM webhook_delivery ORDER BY event_type')).rows.map((r) => r.event_type);
    assert.deepEqual(delivered, ['directory.service.created', 'directory.service.created']);
  });

  it('refuses an endpoint for events Hearth never sends, naming the field and listing what it sends', async () => {
    const form = await admin.get('/admin/webhooks/new');
    assert.match(form.body, /Events Hearth sends: directory\.organization\.created, directory\.organization\.updated, directory\.service\.assured/);
    for (const eventTypes of ['directory.search.unmet', 'directory.service.*\ninsight.*']) {
      const res = await admin.post('/admin/webhooks', { url: 'https://partner.example/hook', description: '', eventTypes });
      assert.equal(res.statusCode, 400, eventTypes);
      assert.match(res.body, /href="#eventTypes">[^<]*names no event Hearth sends to other systems/);
    }
    const welsh = await admin.post('/admin/webhooks?lang=cy', { url: 'https://partner.example/hook', description: '', eventTypes: 'directory.search.*' });
    assert.equal(welsh.statusCode, 400);
    assert.match(welsh.body, /yn enwi digwyddiad y mae Hearth yn ei anfon/);
    await admin.get('/admin/webhooks/new?lang=en');
    const ok = await admin.post('/admin/webhooks', { url: 'https://partner.example/hook', description: '', eventTypes: 'directory.*' });
    assert.equal(ok.statusCode, 303, 'added: on to the page that shows its secret once');
  });
});
