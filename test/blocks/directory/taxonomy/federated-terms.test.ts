import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMMAND_LINE } from '../../../../src/blocks/identity/index.js';
import { pullFeed } from '../../../../src/blocks/directory/federation/pull.js';
import { localServiceId } from '../../../../src/blocks/directory/federation/namespace.js';
import { addFeed } from '../../../../src/blocks/directory/federation/subscriptions.js';
import { needTerms } from '../../../../src/blocks/directory/search/synonyms.js';
import { getFeed } from '../../../../src/blocks/directory/sql/feeds.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { feedService, startTestFeed, uuidFor, type TestFeed } from '../federation/feed-server.js';

const need = (code: string) => needTerms().find((t) => t.code === code)!.id;

/** A neighbour's feed tagged only with LGSL: its services are found under Hearth's needs once pulled. */
describe('a federated feed tagged with LGSL terms', () => {
  let hearth: TestHearth;
  let feed: TestFeed;
  const PARCELS = uuidFor(100, 'lgsl-parcels');
  const MINIBUS = uuidFor(100, 'lgsl-minibus');
  let feedId = '';

  before(async () => {
    hearth = await startTestHearth();
    feed = await startTestFeed();
    const tagged = (id: string, name: string, lgsl: { code: string; label: string }) => ({
      ...feedService({ id, name, organisation: 'Neighbourton Community Trust', description: `${name}.` }),
      attributes: [
        {
          id: uuidFor(7, `attr${id}`),
          link_type: 'service',
          taxonomy_term_id: uuidFor(8, `term${lgsl.code}`),
          taxonomy_term: {
            id: uuidFor(8, `term${lgsl.code}`),
            name: lgsl.label,
            description: lgsl.label,
            taxonomy: 'esdServiceTypes',
            term_uri: `http://id.esd.org.uk/service/${lgsl.code}`,
          },
        },
      ],
    });
    feed.services.set(PARCELS, tagged(PARCELS, 'Neighbourton Parcels', { code: '1818', label: 'Food banks' }));
    feed.services.set(MINIBUS, tagged(MINIBUS, 'Neighbourton Minibus', { code: '272', label: 'Community transport' }));
    const added = await addFeed(hearth.db, hearth.council.id, { url: feed.url(), name: 'Neighbour Council' }, COMMAND_LINE, feed.clientOptions);
    assert.ok('feed' in added, JSON.stringify(added));
    const outcome = await pullFeed(hearth.db, (await getFeed(hearth.db, hearth.council.id, added.feed.id))!, { client: feed.clientOptions, full: true });
    assert.deepEqual([outcome.status, outcome.imported], ['pulled', 2], JSON.stringify(outcome));
    feedId = added.feed.id;
  });
  after(async () => {
    await feed?.close();
    await hearth?.stop();
  });

  it('files each pulled service under the need its LGSL term maps to', async () => {
    const ids = async (term: string) =>
      ((await hearth.app.inject({ url: `/api/search?taxonomy_term=${term}` })).json() as { results: { id: string }[] }).results.map((r) => r.id);
    assert.deepEqual(await ids(need('food-banks')), [localServiceId(feedId, PARCELS)]);
    assert.deepEqual(await ids(need('community-transport')), [localServiceId(feedId, MINIBUS)]);
    assert.deepEqual(await ids(need('transport')), [localServiceId(feedId, MINIBUS)]);
  });
});
