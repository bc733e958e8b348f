import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMMAND_LINE } from '../../../../src/blocks/identity/index.js';
import { importOruk } from '../../../../src/blocks/directory/index.js';
import { localServiceId } from '../../../../src/blocks/directory/federation/namespace.js';
import { pullFeed } from '../../../../src/blocks/directory/federation/pull.js';
import { addFeed, splitMatchedService } from '../../../../src/blocks/directory/federation/subscriptions.js';
import { getFeed, holdsOwnServices, otherFeedsHoldServices, sourcesOf, type FeedRow } from '../../../../src/blocks/directory/sql/feeds.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { feedService, startTestFeed, uuidFor, type FeedServiceSpec, type TestFeed } from './feed-server.js';

/**
 * The same service from a neighbour's feed, a national provider's and the council's own data
 * shows once, with every source listed; look-alikes that are not the same service stay apart;
 * a manager's split is remembered.
 */
describe('federation: the same service from several sources shows once', () => {
  let hearth: TestHearth;
  let neighbour: TestFeed;
  let national: TestFeed;
  let neighbourFeed: FeedRow;
  let nationalFeed: FeedRow;
  const councilId = () => hearth.council.id;

  const ids = (q: string) =>
    hearth.app
      .inject({ url: `/api/search?q=${encodeURIComponent(q)}&per_page=50` })
      .then((res) => (res.json() as { results: { id: string; name: string }[] }).results.map((r) => r.id));

  // The council's own listing.
  const OWN_LUNCH = '00000000-0000-4000-8aaa-000000000001';
  // The same lunch club from both feeds, written a little differently.
  const N_LUNCH: FeedServiceSpec = { id: uuidFor(100, 'n-lunch'), name: "St Mary's Lunch Club", organisation: "St Mary's Church", postcode: 'AB1 2CD', phone: '01234 567890' };
  const X_LUNCH: FeedServiceSpec = { id: uuidFor(100, 'x-lunch'), name: 'St Marys lunch club', organisation: 'St Marys Church', postcode: 'ab12cd' };
  // A debt advice drop-in in both feeds: no postcode in one, coordinates 40 m apart.
  const N_DEBT: FeedServiceSpec = { id: uuidFor(100, 'n-debt'), name: 'Debt advice drop-in', organisation: 'Citizens Advice Neighbourton', lat: 52.2, lng: 0.12 };
  const X_DEBT: FeedServiceSpec = { id: uuidFor(100, 'x-debt'), name: 'Debt Advice Drop In', organisation: 'Citizens Advice Neighbourton', lat: 52.20036, lng: 0.12 };
  // Look-alikes: same organisation and place, different service; same name, another town.
  const N_BOOK: FeedServiceSpec = { id: uuidFor(100, 'n-book'), name: 'Book club', organisation: "St Mary's Church", postcode: 'AB1 2CD' };
  const X_DEBT_FAR: FeedServiceSpec = { id: uuidFor(100, 'x-debt-far'), name: 'Debt advice drop-in', organisation: 'Citizens Advice Neighbourton', lat: 52.3, lng: 0.3 };
  // Matched wrongly by a manager's reckoning: split and remembered.
  const N_YOGA: FeedServiceSpec = { id: uuidFor(100, 'n-yoga'), name: 'Chair yoga', organisation: 'Neighbourton Leisure', postcode: 'CD3 4EF' };
  const X_YOGA: FeedServiceSpec = { id: uuidFor(100, 'x-yoga'), name: 'Chair yoga class', organisation: 'Neighbourton Leisure Trust', postcode: 'CD3 4EF' };

  const subscribe = async (feed: TestFeed, name: string) => {
    const added = await addFeed(hearth.db, councilId(), { url: feed.url(), name }, COMMAND_LINE, feed.clientOptions);
    assert.ok('feed' in added, JSON.stringify(added));
    return added.feed;
  };
  const pull = async (feed: TestFeed, row: FeedRow, full = false) => {
    const outcome = await pullFeed(hearth.db, (await getFeed(hearth.db, councilId(), row.id))!, { client: feed.clientOptions, full });
    assert.equal(outcome.status, 'pulled', outcome.error);
    return outcome;
  };
  const n = (spec: FeedServiceSpec) => localServiceId(neighbourFeed.id, spec.id);
  const x = (spec: FeedServiceSpec) => localServiceId(nationalFeed.id, spec.id);

  before(async () => {
    hearth = await startTestHearth();
    [neighbour, national] = await Promise.all([startTestFeed(), startTestFeed()]);
    await importOruk(hearth.db, councilId(), [
      feedService({ id: OWN_LUNCH, name: "St Mary's lunch club", organisation: "St Mary's Church", postcode: 'AB1 2CD' }),
    ]);
    for (const spec of [N_LUNCH, N_DEBT, N_BOOK, N_YOGA]) neighbour.services.set(spec.id, feedService(spec));
    for (const spec of [X_LUNCH, X_DEBT, X_DEBT_FAR, X_YOGA]) national.services.set(spec.id, feedService(spec));
    neighbourFeed = await subscribe(neighbour, 'Neighbour Council');
    nationalFeed = await subscribe(national, 'National Helpers');
    await pull(neighbour, neighbourFeed);
    await pull(national, nationalFeed);
  });
  after(async () => {
    await neighbour?.close();
    await national?.close();
    await hearth?.stop();
  });

  it('the council\'s own listing is the one shown; both feeds\' copies are listed as its sources', async () => {
    const found = await ids('lunch club');
    assert.deepEqual(found.filter((id) => [OWN_LUNCH, n(N_LUNCH), x(X_LUNCH)].includes(id)), [OWN_LUNCH]);
    const sources = await sourcesOf(hearth.db, councilId(), [OWN_LUNCH]);
    assert.deepEqual(sources.map((s) => s.feed_name).sort(), ['National Helpers', 'Neighbour Council']);
  });

  it('two feeds\' copies at locations 40 m apart show once, from the feed subscribed first', async () => {
    const found = await ids('debt advice');
    assert.ok(found.includes(n(N_DEBT)), 'the first feed\'s listing is kept');
    assert.ok(!found.includes(x(X_DEBT)), 'the second feed\'s copy is hidden');
  });

  it('look-alikes stay apart: another service of the same organisation at the same place, the same service in another town', async () => {
    assert.ok((await ids('book club')).includes(n(N_BOOK)));
    assert.ok((await ids('debt advice')).includes(x(X_DEBT_FAR)));
  });

  it('a manager splits a wrong match; the next pull does not rejoin them', async () => {
    let found = await ids('chair yoga');
    assert.ok(found.includes(n(N_YOGA)) && !found.includes(x(X_YOGA)), 'first joined');
    assert.equal(await splitMatchedService(hearth.db, councilId(), x(X_YOGA), COMMAND_LINE), true);
    found = await ids('chair yoga');
    assert.ok(found.includes(n(N_YOGA)) && found.includes(x(X_YOGA)), 'both shown after the split');
    await pull(national, nationalFeed, true);
    await pull(neighbour, neighbourFeed, true);
    found = await ids('chair yoga');
    assert.ok(found.includes(n(N_YOGA)) && found.includes(x(X_YOGA)), 'still apart after both are pulled again');
    const { rows } = await hearth.db.query("SELECT 1 FROM audit_log WHERE action = 'directory.feed.match_split'");
    assert.equal(rows.length, 1);
  });

  it('says where a listing comes from, linked, on the results and the service page', async () => {
    const apostrophe = "(?:'|&#39;)";
    let res = await hearth.app.inject({ url: `/services/${OWN_LUNCH}`, headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`href="${neighbour.server.origin}">Also listed in Neighbour Council${apostrophe}s directory`));
    assert.match(res.body, new RegExp(`Also listed in National Helpers${apostrophe}s directory`));
    assert.doesNotMatch(res.body, /From [^<]*directory/, 'the council\'s own listing is not "from" elsewhere');
    res = await hearth.app.inject({ url: `/services/${n(N_DEBT)}`, headers: { accept: 'text/html' } });
    assert.match(res.body, new RegExp(`href="${neighbour.server.origin}">From Neighbour Council${apostrophe}s directory</a>\\. This listing comes from another directory`));
    res = await hearth.app.inject({ url: '/search?q=debt+advice', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`From Neighbour Council${apostrophe}s directory`));
  });

  it('a first feed into a council holding nothing else looks for no duplicates; a second, pulled a service per batch, finds each copy', async () => {
    const other = await addCouncil(hearth.db, { slug: 'second-shire', name: 'Second Shire Council' });
    const add = async (feed: TestFeed, name: string) => {
      const added = await addFeed(hearth.db, other.id, { url: feed.url(), name }, COMMAND_LINE, feed.clientOptions);
      assert.ok('feed' in added, JSON.stringify(added));
      return added.feed;
    };
    const [first, second] = [await add(neighbour, 'Neighbour Council'), await add(national, 'National Helpers')];
    const pullOne = async (feed: TestFeed, row: FeedRow) => {
      const outcome = await pullFeed(hearth.db, (await getFeed(hearth.db, other.id, row.id))!, { client: feed.clientOptions, batchSize: 1, perPage: 2 });
      assert.equal(outcome.status, 'pulled', outcome.error);
      return outcome;
    };
    assert.equal(await holdsOwnServices(hearth.db, other.id), false);
    assert.equal(await otherFeedsHoldServices(hearth.db, other.id, first.id), false);
    const a = await pullOne(neighbour, first);
    assert.deepEqual([a.imported, a.matched], [4, 0]);
    assert.equal(await holdsOwnServices(hearth.db, other.id), false, 'a feed\'s services are not the council\'s own');
    assert.equal(await otherFeedsHoldServices(hearth.db, other.id, second.id), true);
    const b = await pullOne(national, second);
    // Lunch club, debt advice and chair yoga (never split in this council); the far debt advice stays apart.
    assert.deepEqual([b.imported, b.matched], [4, 3]);
    const { rows } = await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM directory_service_match WHERE council_id = $1', [other.id]);
    assert.equal(rows[0].n, 3);
    assert.equal(await holdsOwnServices(hearth.db, councilId()), true, 'the first council has a listing of its own');
  });

  it('splitting a service that is not matched says so', async () => {
    assert.equal(await splitMatchedService(hearth.db, councilId(), OWN_LUNCH, COMMAND_LINE), false);
  });
});
