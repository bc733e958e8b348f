import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { approveChange } from '../../../../../src/blocks/directory/editing/decisions.js';
import { proposeChange, workingCopy } from '../../../../../src/blocks/directory/editing/changes.js';
import type { Service } from '../../../../../src/blocks/directory/oruk/schemas.js';
import { pullFeed } from '../../../../../src/blocks/directory/federation/pull.js';
import { addFeed } from '../../../../../src/blocks/directory/federation/subscriptions.js';
import { isFederatedService } from '../../../../../src/blocks/directory/index.js';
import { COMMAND_LINE } from '../../../../../src/blocks/identity/index.js';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import type { TestHearth } from '../../../../support/app.js';
import { assertAccessible, launchChromium, signInWithEmailLink } from '../../../../support/chromium.js';
import { browserSkip } from '../browser.js';
import { Browser, signIn } from '../../../identity/support.js';
import { feedService, startTestFeed, uuidFor, type TestFeed } from '../../federation/feed-server.js';
import { LUNCH, LUNCH_CLUB, MANAGER, startEditHearth, VOLUNTEER } from './fixture.js';

const FEED_EDITOR = 'editor@neighbourton.example';
const REMOTE = uuidFor(100, 'swim');

describe('edit pages refuse listings another directory keeps', () => {
  let hearth: TestHearth;
  let feed: TestFeed;
  let manager: Browser;
  let feedEditor: Browser;
  let volunteer: Browser;
  let feedOrigin: string;
  /** Every edit route of the federated service and its organisation, with a form's post where it has one. */
  let pages: Array<{ path: string; form?: Record<string, string> }>;
  let serviceId: string;

  const pending = async () => (await hearth.db.query<{ n: number }>("SELECT count(*)::int AS n FROM listing_change WHERE status = 'pending'")).rows[0].n;
  const stored = async () => (await hearth.db.query<{ name: string; status: string }>('SELECT name, status FROM service WHERE council_id = $1 AND id = $2', [hearth.council.id, serviceId])).rows[0];

  before(async () => {
    hearth = await startEditHearth();
    feed = await startTestFeed();
    feed.services.set(REMOTE, feedService({ id: REMOTE, name: 'Quiet swimming sessions', organisation: 'Neighbourton Leisure', postcode: 'NB2 3CC' }));
    const added = await addFeed(hearth.db, hearth.council.id, { url: feed.url(), name: 'Neighbour Council' }, COMMAND_LINE, feed.clientOptions);
    assert.ok('feed' in added, JSON.stringify(added));
    const pulled = await pullFeed(hearth.db, added.feed, { client: feed.clientOptions });
    assert.equal(pulled.status, 'pulled', JSON.stringify(pulled));
    feedOrigin = new URL(feed.url()).origin;

    const { rows } = await hearth.db.query<{ id: string; organization_id: string; location_id: string }>(
      `SELECT s.id, s.organization_id, sal.location_id FROM service s JOIN service_at_location sal ON sal.council_id = s.council_id AND sal.service_id = s.id
        WHERE s.council_id = $1 AND s.name = 'Quiet swimming sessions'`,
      [hearth.council.id],
    );
    assert.equal(rows.length, 1);
    serviceId = rows[0].id;
    assert.equal(await isFederatedService(hearth.db, hearth.council.id, serviceId), true);
    const org = `/admin/listings/${rows[0].organization_id}`;
    const svc = `${org}/services/${serviceId}`;
    const place = `${svc}/locations/${rows[0].location_id}`;
    pages = [
      { path: org },
      { path: `${org}/details`, form: { name: 'Changed here', description: 'Changed here' } },
      { path: `${org}/services/new`, form: { name: 'A new one', description: 'Added here' } },
      { path: svc },
      { path: `${svc}/details`, form: { name: 'Changed here', description: 'Changed here' } },
      { path: `${svc}/contacts`, form: { email: 'x@example.org', 'phone-0-number': '01632 960001', 'phone-0-description': '' } },
      { path: `${svc}/eligibility`, form: { eligibility: 'x', 'minimum-age': '1', 'maximum-age': '2' } },
      { path: `${svc}/costs`, form: { free: 'yes' } },
      { path: `${svc}/languages`, form: { languages: 'pl' } },
      { path: `${svc}/opening-times`, form: { 'mo-0-opens': '9', 'mo-0-closes': '10' } },
      { path: `${svc}/status`, form: { status: 'inactive', 'ended-on-day': '1', 'ended-on-month': '1', 'ended-on-year': '2026' } },
      { path: `${svc}/locations/add`, form: { location: 'new', 'address-line-1': '1 High St', 'address-town': 'Ashdown', 'address-postcode': 'AS1 1AA' } },
      { path: place, form: { 'address-line-1': '1 High St', 'address-town': 'Ashdown', 'address-postcode': 'AS1 1AA' } },
      { path: `${place}/accessibility`, form: { features: 'wheelchair' } },
      { path: `${place}/remove`, form: {} },
    ];

    // Someone given the editor's role over the feed's organisation (a manager's slip, say).
    const person = await ensurePerson(hearth.db, FEED_EDITOR);
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'organisation_editor', scope: rows[0].organization_id, grantedBy: null });
    manager = await signIn(hearth, MANAGER);
    feedEditor = await signIn(hearth, FEED_EDITOR);
    volunteer = await signIn(hearth, VOLUNTEER);
  });
  after(async () => {
    await feed?.close();
    await hearth?.stop();
  });

  it('shows managers and editors a page naming the source, with a link to it, instead of each form', async () => {
    for (const browser of [manager, feedEditor]) {
      for (const page of pages) {
        const res = await browser.get(page.path);
        assert.equal(res.statusCode, 200, `GET ${page.path}`);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.match(res.body, /This listing comes from another directory/, page.path);
        assert.match(res.body, /Neighbour Council&#39;s directory|Neighbour Council's directory/, page.path);
        assert.ok(res.body.includes(`href="${feedOrigin}"`), `link to the source on ${page.path}`);
        assert.doesNotMatch(res.body, /<form[^>]*method="post"[^>]*action="[^"]*\/admin\/listings/i, `no edit form on ${page.path}`);
      }
    }
  });

  it('refuses every post with 409 and changes nothing', async () => {
    const before = { pending: await pending(), service: await stored() };
    for (const browser of [manager, feedEditor]) {
      for (const page of pages.filter((p) => p.form)) {
        await browser.get(page.path); // the page's own anti-forgery token (the sign-out form carries it)
        const res = await browser.post(page.path, page.form!);
        assert.equal(res.statusCode, 409, `POST ${page.path}: ${res.statusCode}`);
        assert.match(res.body, /This listing comes from another directory/);
      }
    }
    assert.equal(await pending(), before.pending, 'nothing proposed');
    assert.deepEqual(await stored(), before.service, 'nothing published');
  });

  it('is not approved from the queue, nor reverted from its history, by a manager', async () => {
    // Changes made before this rule existed: one published (so it has a history), one waiting.
    const council = hearth.council.id;
    const { rows } = await hearth.db.query<{ organization_id: string }>('SELECT organization_id FROM service WHERE council_id = $1 AND id = $2', [council, serviceId]);
    const propose = async (description: string) => {
      const working = (await workingCopy(hearth.db, council, 'service', serviceId))!;
      const document = { ...(working.document as Service), description };
      const proposed = await proposeChange(hearth.ctx, { councilId: council, organisationId: rows[0].organization_id, kind: 'service', id: serviceId, isNew: false, document, editor: { personId: null, email: FEED_EDITOR, language: 'en' } });
      assert.ok('changeId' in proposed, JSON.stringify(proposed));
      return proposed.changeId;
    };
    const first = await propose('Changed here before the rule');
    assert.equal((await approveChange(hearth.ctx, council, first, { personId: null, email: MANAGER }, { councilName: 'Testshire Council', baseUrl: 'https://x.example' })).done, true);
    const waiting = await propose('Waiting since before the rule');
    const versions = async () => (await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM listing_version WHERE council_id = $1 AND listing_id = $2', [council, serviceId])).rows[0].n;
    const before = { versions: await versions(), service: await stored() };

    await manager.get(`/admin/directory/changes/${waiting}`);
    const approved = await manager.post(`/admin/directory/changes/${waiting}/approve`, {});
    assert.equal(approved.statusCode, 409);
    assert.match(approved.body, /This listing comes from another directory/);
    const state = await hearth.db.query<{ status: string }>('SELECT status FROM listing_change WHERE council_id = $1 AND id = $2', [council, waiting]);
    assert.equal(state.rows[0].status, 'pending');

    const history = `/admin/directory/services/${serviceId}/history`;
    assert.equal((await manager.get(history)).statusCode, 200);
    const reverted = await manager.post(`/admin/directory/services/${serviceId}/revert`, { version: '1' });
    assert.equal(reverted.statusCode, 409);
    assert.match(reverted.body, /Neighbour Council/);
    assert.deepEqual({ versions: await versions(), service: await stored() }, before);
  });

  it('tells no one else where it comes from: access is checked first', async () => {
    const res = await volunteer.get(pages[3].path);
    assert.equal(res.statusCode, 403);
    assert.doesNotMatch(res.body, /Neighbour Council/);
    const signedOut = await new Browser(hearth).get(pages[3].path);
    assert.ok([401, 303].includes(signedOut.statusCode));
  });

  it('says it in Welsh', async () => {
    const welsh = await feedEditor.get(`${pages[3].path}?lang=cy`);
    assert.equal(welsh.statusCode, 200);
    assert.match(welsh.body, /Daw Quiet swimming sessions o gyfeiriadur Neighbour Council/);
  });

  it('passes axe and fits a 320 px screen, in English and Welsh', { skip: browserSkip() }, async () => {
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    const chromium = await launchChromium();
    try {
      const page = await (await chromium.newContext()).newPage();
      await signInWithEmailLink(page, hearth, base, FEED_EDITOR);
      for (const lang of ['en', 'cy']) {
        await page.setViewportSize({ width: 320, height: 640 });
        await page.goto(`${base}${pages[3].path}?lang=${lang}`);
        await assertAccessible(page, `${pages[3].path} (${lang})`, { maxWidth: 320 });
      }
    } finally {
      await chromium.close();
    }
  });

  it('leaves the council\'s own listings editable', async () => {
    const own = await volunteer.get(`/admin/listings/${LUNCH_CLUB}/services/${LUNCH}/details`);
    assert.equal(own.statusCode, 200);
    assert.doesNotMatch(own.body, /another directory/);
    const posted = await volunteer.post(`/admin/listings/${LUNCH_CLUB}/services/${LUNCH}/details`, { name: 'Tuesday lunch club', description: 'Now with pudding.' });
    assert.equal(posted.statusCode, 303);
  });
});
