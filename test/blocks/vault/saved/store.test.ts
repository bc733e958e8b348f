import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importOruk } from '../../../../src/blocks/directory/index.js';
import { ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { savedServiceIds } from '../../../../src/blocks/vault/sql/saved.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { IDS, fixtureServices } from '../../directory/pages/fixtures.js';
import { Browser, latestLink, pathOf, signIn } from '../../identity/support.js';
import { inCouncil } from '../../../../src/blocks/vault/sql/scope.js';

const LIST_COOKIE = 'hearth_list_testshire';

describe('vault: "my list" kept in the vault while signed in (the platform\u2019s SavedServices)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'directory,identity,vault' } });
    await importOruk(hearth.db, hearth.council.id, fixtureServices());
  });
  after(() => hearth.stop());

  /** Sign in on a browser that has been browsing already (its cookies kept). */
  async function signInWith(browser: Browser, email: string) {
    await browser.get('/sign-in');
    assert.equal((await browser.post('/sign-in', { email })).statusCode, 303);
    const landing = await browser.get(pathOf((await latestLink(hearth, email))!));
    const token = /name="token" value="([^"]+)"/.exec(landing.body)![1];
    assert.equal((await browser.post('/sign-in/link', { token })).statusCode, 303);
  }
  const save = async (browser: Browser, id: string) => {
    await browser.get(`/services/${id}`);
    return browser.post('/my-list/add', { service_id: id, return_to: `/services/${id}` });
  };

  it('keeps a signed-out list in the cookie, merges it into the vault on signing in, saves there while signed in, and follows the person to a new browser', async () => {
    assert.equal(hearth.council.slug, 'testshire');
    const browser = new Browser(hearth);
    assert.equal((await save(browser, IDS.foodBank)).statusCode, 303);
    assert.equal(browser.jar.get(LIST_COOKIE), IDS.foodBank, 'signed out: the cookie');

    await signInWith(browser, 'saver@example.org');
    const person = await ensurePerson(hearth.db, 'saver@example.org');
    const list = await browser.get('/my-list');
    assert.match(list.body, /Ashdown Food Bank/);
    assert.deepEqual(await inCouncil(hearth.db, hearth.council.id, (tx) => savedServiceIds(tx, hearth.council.id, person.id)), [IDS.foodBank], 'the cookie\u2019s list joined the vault');
    assert.ok(!browser.jar.get(LIST_COOKIE), 'and the cookie was cleared');

    assert.equal((await save(browser, IDS.debtLine)).statusCode, 303);
    assert.ok(!browser.jar.get(LIST_COOKIE), 'signed in: nothing in the cookie');
    assert.deepEqual(await inCouncil(hearth.db, hearth.council.id, (tx) => savedServiceIds(tx, hearth.council.id, person.id)), [IDS.foodBank, IDS.debtLine]);
    assert.match((await browser.get(`/services/${IDS.debtLine}`)).body, /action="\/my-list\/remove"/, 'the service page knows it is saved');

    // Another browser, no cookie: the same list, and the overview's panel (from the directory).
    const elsewhere = await signIn(hearth, 'saver@example.org');
    const there = await elsewhere.get('/my-list');
    assert.match(there.body, /Ashdown Food Bank/);
    assert.match(there.body, new RegExp(`/services/${IDS.debtLine}`));
    const overview = await elsewhere.get('/my-hearth');
    assert.match(overview.body, /id="saved-services"[\s\S]*Services you saved[\s\S]*See all 2 on your list[\s\S]*Ashdown Food Bank/);

    await elsewhere.get('/my-list');
    assert.equal((await elsewhere.post('/my-list/remove', { service_id: IDS.foodBank })).statusCode, 303);
    assert.deepEqual(await inCouncil(hearth.db, hearth.council.id, (tx) => savedServiceIds(tx, hearth.council.id, person.id)), [IDS.debtLine]);

    // Erasing everything forgets the list too.
    await elsewhere.get('/my-record/rights/erase');
    assert.equal((await elsewhere.post('/my-record/rights/erase/confirm', { categories: 'everything' })).statusCode, 303);
    assert.deepEqual(await inCouncil(hearth.db, hearth.council.id, (tx) => savedServiceIds(tx, hearth.council.id, person.id)), []);
    assert.doesNotMatch((await elsewhere.get('/my-hearth')).body, /id="saved-services"/, 'no panel without saved services');
  });

  it('a shared list saved while signed in lands in the vault; someone else\u2019s list is not shown', async () => {
    const browser = await signIn(hearth, 'sharer@example.org');
    const person = await ensurePerson(hearth.db, 'sharer@example.org');
    await browser.get(`/my-list?ids=${IDS.youthClub},${IDS.lunchClub}`);
    assert.equal((await browser.post('/my-list/save', { ids: `${IDS.youthClub},${IDS.lunchClub}` })).statusCode, 303);
    assert.deepEqual(await inCouncil(hearth.db, hearth.council.id, (tx) => savedServiceIds(tx, hearth.council.id, person.id)), [IDS.youthClub, IDS.lunchClub]);
    const stranger = await signIn(hearth, 'stranger@example.org');
    assert.doesNotMatch((await stranger.get('/my-list')).body, new RegExp(IDS.youthClub));
  });
});
