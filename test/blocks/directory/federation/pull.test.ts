import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { COMMAND_LINE } from '../../../../src/blocks/identity/index.js';
import { pullFeed } from '../../../../src/blocks/directory/federation/pull.js';
import { localServiceId } from '../../../../src/blocks/directory/federation/namespace.js';
import { addFeed } from '../../../../src/blocks/directory/federation/subscriptions.js';
import { getFeed, type FeedRow } from '../../../../src/blocks/directory/sql/feeds.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { feedService, startTestFeed, uuidFor, type TestFeed } from './feed-server.js';

/** Pulling a subscribed feed: what arrives, how it is marked, and what a misbehaving feed can and cannot do. */
describe('federation: pulling a feed', () => {
  let hearth: TestHearth;
  let feed: TestFeed;
  let subscription: FeedRow;
  const councilId = () => hearth.council.id;
  const current = async () => (await getFeed(hearth.db, councilId(), subscription.id))!;
  const pull = async (full = false) => pullFeed(hearth.db, await current(), { client: feed.clientOptions, full, perPage: 2 });
  const status = async (remoteId: string) => {
    const { rows } = await hearth.db.query<{ status: string; name: string }>('SELECT status, name FROM service WHERE council_id = $1 AND id = $2', [
      councilId(),
      localServiceId(subscription.id, remoteId),
    ]);
    return rows[0];
  };
  const search = async (q: string) => {
    const res = await hearth.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}` });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { results: { id: string; name: string }[] }).results;
  };

  const LUNCH = uuidFor(100, 'lunch');
  const CHESS = uuidFor(100, 'chess');
  const SWIM = uuidFor(100, 'swim');

  before(async () => {
    hearth = await startTestHearth();
    feed = await startTestFeed();
    for (const spec of [
      { id: LUNCH, name: 'Tuesday lunch club', organisation: 'Neighbourton Age Concern', postcode: 'NB1 1AA', lat: 52.1, lng: 0.1 },
      { id: CHESS, name: 'Chess for beginners', organisation: 'Neighbourton Library', postcode: 'NB1 2BB' },
      { id: SWIM, name: 'Quiet swimming sessions', organisation: 'Neighbourton Leisure', postcode: 'NB2 3CC' },
    ]) {
      feed.services.set(spec.id, feedService(spec));
    }
    const added = await addFeed(hearth.db, councilId(), { url: feed.url(), name: 'Neighbour Council' }, COMMAND_LINE, feed.clientOptions);
    assert.ok('feed' in added, JSON.stringify(added));
    subscription = added.feed;
  });
  after(async () => {
    await feed?.close();
    await hearth?.stop();
  });
  beforeEach(() => {
    feed.misbehave = 'none';
    feed.requests.length = 0;
  });

  it('first pull takes everything, page by page, fetching full services where the list gives summaries', async () => {
    const outcome = await pull();
    assert.equal(outcome.status, 'pulled', outcome.error);
    assert.equal(outcome.full, true);
    assert.equal(outcome.imported, 3);
    assert.deepEqual(outcome.skipped, []);
    assert.ok(feed.requests.some((r) => r.startsWith('/oruk/services?page=2&per_page=2')), feed.requests.join('\n'));
    assert.ok(!feed.requests.some((r) => r.includes('modified_after')), 'a first pull asks for everything');
    assert.ok(feed.requests.includes(`/oruk/services/${LUNCH}`));
    const state = await current();
    assert.equal(state.services_held, 3);
    assert.ok(state.last_success_at && state.last_full_pull_at);
    assert.equal(state.last_error, null);
    assert.equal((await status(LUNCH))?.status, 'active');
  });

  it('stores services under the feed\'s own ids and marks their source in ORUK metadata, shown in search and the council\'s own feed', async () => {
    const local = localServiceId(subscription.id, LUNCH);
    assert.notEqual(local, LUNCH);
    const found = await search('lunch club');
    assert.ok(found.some((r) => r.id === local), JSON.stringify(found));
    const res = await hearth.app.inject({ url: `/oruk/services/${local}` });
    assert.equal(res.statusCode, 200, res.body);
    const service = res.json() as { metadata?: Record<string, string>[]; organization: { id: string } };
    const source = service.metadata?.find((m) => m.last_action_type === 'federated');
    assert.ok(source, JSON.stringify(service.metadata));
    assert.equal(source.field_name, 'source');
    assert.equal(source.updated_by, 'Neighbour Council');
    assert.equal(source.replacement_value, `${feed.url()}/services/${LUNCH}`);
    assert.equal(source.previous_value, LUNCH);
    assert.notEqual(service.organization.id, uuidFor(1, 'orgNeighbourton Age Concern'));
  });

  it('next pull asks only for what changed since the last one, and updates it in place', async () => {
    feed.services.set(CHESS, feedService({ id: CHESS, name: 'Chess club for all ages', organisation: 'Neighbourton Library', postcode: 'NB1 2BB', modified: '2999-01-01T00:00:00Z' }));
    const outcome = await pull();
    assert.equal(outcome.status, 'pulled', outcome.error);
    assert.equal(outcome.full, false);
    assert.ok(feed.requests.some((r) => r.includes('modified_after=')), feed.requests.join('\n'));
    assert.equal(outcome.imported, 1);
    assert.equal((await status(CHESS))?.name, 'Chess club for all ages');
  });

  it('skips and reports a service that fails ORUK validation, importing the rest', async () => {
    const BAD = uuidFor(100, 'bad');
    const GOOD = uuidFor(100, 'good');
    const bad = feedService({ id: BAD, name: 'Broken listing', organisation: 'Somebody', modified: '2999-01-02T00:00:00Z' });
    delete bad.organization;
    feed.services.set(BAD, bad);
    feed.services.set(GOOD, feedService({ id: GOOD, name: 'Good listing', organisation: 'Somebody', modified: '2999-01-02T00:00:00Z' }));
    const outcome = await pull();
    assert.equal(outcome.status, 'pulled', outcome.error);
    assert.equal(outcome.skipped.length, 1, JSON.stringify(outcome.skipped));
    assert.equal(outcome.skipped[0].remoteId, BAD);
    assert.match(outcome.skipped[0].reason, /organi[sz]ation/);
    assert.equal(await status(BAD), undefined);
    assert.equal((await status(GOOD))?.status, 'active');
    assert.equal((await current()).last_skipped.length, 1, 'reported on the feeds page');
    feed.services.delete(BAD);
  });

  for (const [misbehave, words] of [
    ['down', /could not be reached/],
    ['slow', /took longer than 2 seconds/],
    ['huge', /more than 0\.5 MB/],
    ['malformed', /not valid JSON/],
    ['html', /text\/html, not JSON/],
    ['redirect-loop', /redirects too many times/],
  ] as const) {
    it(`a feed that is ${misbehave} fails in words, backs off, and wipes nothing`, async () => {
      const before = await current();
      feed.misbehave = misbehave;
      const outcome = await pull();
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error ?? '', words);
      const after = await current();
      assert.match(after.last_error ?? '', words);
      assert.equal(after.consecutive_failures, before.consecutive_failures + 1);
      assert.ok(new Date(after.next_attempt_at).getTime() > Date.now() + 60_000, 'the next try is put off');
      assert.deepEqual(after.last_success_at, before.last_success_at);
      assert.equal(after.services_held, before.services_held, 'nothing imported before is removed');
      assert.equal((await status(LUNCH))?.status, 'active');
    });
  }

  it('backs off exponentially, and a success clears the failures', async () => {
    const { backoffMs } = await import('../../../../src/blocks/directory/federation/pull.js');
    assert.ok(backoffMs(1) === 2 * backoffMs(0) && backoffMs(2) === 4 * backoffMs(0));
    assert.equal(backoffMs(50), 24 * 3600_000);
    const outcome = await pull();
    assert.equal(outcome.status, 'pulled', outcome.error);
    const state = await current();
    assert.equal(state.consecutive_failures, 0);
    assert.equal(state.last_error, null);
  });

  it('a pull that fails part-way keeps what its first pages brought', async () => {
    const NEW = uuidFor(100, 'new');
    feed.services.set(NEW, feedService({ id: NEW, name: 'Brand new group', organisation: 'Neighbourton Library', modified: '2999-02-01T00:00:00Z' }));
    feed.misbehave = 'fail-after-first-page';
    const outcome = await pull(true);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /HTTP 503/);
    assert.ok(outcome.imported > 0);
    assert.equal((await status(LUNCH))?.status, 'active', 'a failed full pull ends nothing');
  });

  it('in batches of one, written while the next pages are read: everything arrives, and a failure part-way keeps every batch before it', async () => {
    const BAD = uuidFor(100, 'bad-in-batches');
    const bad = feedService({ id: BAD, name: 'Broken listing', organisation: 'Somebody' });
    delete bad.organization;
    feed.services.set(BAD, bad);
    const listed = [...feed.services.keys()].filter((id) => id !== BAD);
    let outcome = await pullFeed(hearth.db, await current(), { client: feed.clientOptions, full: true, perPage: 2, batchSize: 1 });
    assert.equal(outcome.status, 'pulled', outcome.error);
    assert.equal(outcome.imported, listed.length);
    assert.deepEqual(outcome.skipped.map((s) => s.remoteId), [BAD]);
    for (const id of listed) assert.equal((await status(id))?.status, 'active', id);
    feed.services.delete(BAD);

    feed.misbehave = 'fail-after-first-page';
    outcome = await pullFeed(hearth.db, await current(), { client: feed.clientOptions, full: true, perPage: 2, batchSize: 1 });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /HTTP 503/);
    assert.equal(outcome.imported, 2, 'both services of the first page, each in its own batch');
    for (const id of listed) assert.equal((await status(id))?.status, 'active', 'a failed full pull ends nothing');
  });

  it('one pull at a time per feed', async () => {
    const [a, b] = await Promise.all([pull(), pull()]);
    assert.deepEqual([a.status, b.status].sort(), ['busy', 'pulled']);
  });

  it('a full pull ends the services the feed no longer lists, without deleting them', async () => {
    feed.services.delete(SWIM);
    const outcome = await pull(true);
    assert.equal(outcome.status, 'pulled', outcome.error);
    assert.equal(outcome.ended, 1);
    assert.equal((await status(SWIM))?.status, 'defunct');
    assert.ok(!(await search('swimming')).some((r) => r.id === localServiceId(subscription.id, SWIM)));
    const { rows } = await hearth.db.query("SELECT 1 FROM outbox WHERE type = 'directory.service.ended' AND subject = $1", [localServiceId(subscription.id, SWIM)]);
    assert.equal(rows.length, 1);
  });

  it('the scheduled pull takes only feeds that are due: not paused, not backing off', async () => {
    const { pullDueFeeds, feedPullJob } = await import('../../../../src/blocks/directory/federation/scheduled-pull.js');
    const { setFeedPaused } = await import('../../../../src/blocks/directory/sql/feeds.js');
    assert.equal(feedPullJob({ db: hearth.db, log: hearth.log } as never).name, 'directory.feeds.pull');
    await setFeedPaused(hearth.db, councilId(), subscription.id, true);
    assert.deepEqual(await pullDueFeeds(hearth.db, hearth.log, { client: feed.clientOptions }), [], 'paused');
    await setFeedPaused(hearth.db, councilId(), subscription.id, false);
    feed.misbehave = 'down';
    const [failed] = await pullDueFeeds(hearth.db, hearth.log, { client: feed.clientOptions });
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(await pullDueFeeds(hearth.db, hearth.log, { client: feed.clientOptions }), [], 'backing off after the failure');
  });

  it('two feeds publishing the same ids never overwrite each other', async () => {
    const second = await addFeed(hearth.db, councilId(), { url: `${feed.url()}/`, name: 'Twin' }, COMMAND_LINE, feed.clientOptions);
    assert.ok('problems' in second && /already subscribes/.test(second.problems[0].reason), 'the same address (with a slash) is one subscription');
    const { insertFeed } = await import('../../../../src/blocks/directory/sql/feeds.js');
    const twinId = '00000000-0000-4000-8999-000000000001';
    await insertFeed(hearth.db, { councilId: councilId(), id: twinId, url: feed.url(), name: 'Twin' }).catch(() => false);
    // The unique address refuses it; the namespaces alone are what keeps ids apart:
    assert.notEqual(localServiceId(twinId, LUNCH), localServiceId(subscription.id, LUNCH));
  });
});
