import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workingCopy } from '../../../../../src/blocks/directory/editing/changes.js';
import type { Service } from '../../../../../src/blocks/directory/oruk/schemas.js';
import type { TestHearth } from '../../../../support/app.js';
import { Browser, signIn } from '../../../identity/support.js';
import { FOOD_BANK, FOOD_EDITOR, HALL, LUNCH, LUNCH_CLUB, MANAGER, PANTRY, RESIDENT, startEditHearth, VOLUNTEER, WAREHOUSE } from './fixture.js';

const org = `/admin/listings/${LUNCH_CLUB}`;
const svc = `${org}/services/${LUNCH}`;

/** Every page an editor of the lunch club may open, with a form's minimal valid post where it has one. */
const PAGES: Array<{ path: string; form?: Record<string, string> }> = [
  { path: org },
  { path: `${org}/details`, form: { name: 'Hacked', description: 'Hacked' } },
  { path: `${org}/services/new`, form: { name: 'Hacked', description: 'Hacked' } },
  { path: svc },
  { path: `${svc}/details`, form: { name: 'Hacked', description: 'Hacked' } },
  { path: `${svc}/contacts`, form: { email: 'x@example.org', 'phone-0-number': '01632 960001', 'phone-0-description': '' } },
  { path: `${svc}/eligibility`, form: { eligibility: 'x', 'minimum-age': '1', 'maximum-age': '2' } },
  { path: `${svc}/costs`, form: { free: 'yes' } },
  { path: `${svc}/languages`, form: { languages: 'pl' } },
  { path: `${svc}/opening-times`, form: { 'mo-0-opens': '9', 'mo-0-closes': '10' } },
  { path: `${svc}/status`, form: { status: 'inactive', 'ended-on-day': '1', 'ended-on-month': '1', 'ended-on-year': '2026' } },
  { path: `${svc}/locations/add`, form: { location: 'new', 'address-line-1': '1 High St', 'address-town': 'Ashdown', 'address-postcode': 'AS1 1AA' } },
  { path: `${svc}/locations/${HALL}`, form: { 'address-line-1': '1 High St', 'address-town': 'Ashdown', 'address-postcode': 'AS1 1AA' } },
  { path: `${svc}/locations/${HALL}/accessibility`, form: { features: 'wheelchair' } },
  { path: `${svc}/locations/${HALL}/remove`, form: {} },
];

async function pendingChanges(hearth: TestHearth): Promise<number> {
  const { rows } = await hearth.db.query<{ n: number }>("SELECT count(*)::int AS n FROM listing_change WHERE status = 'pending'");
  return rows[0].n;
}

describe('organisation editors\' pages', () => {
  let hearth: TestHearth;
  let volunteer: Browser;
  let foodEditor: Browser;
  let manager: Browser;
  let resident: Browser;

  before(async () => {
    hearth = await startEditHearth();
    volunteer = await signIn(hearth, VOLUNTEER);
    foodEditor = await signIn(hearth, FOOD_EDITOR);
    manager = await signIn(hearth, MANAGER);
    resident = await signIn(hearth, RESIDENT);
  });
  after(async () => hearth?.stop());

  it('offers "Your listings" on /admin to editors and managers, and lists the editor\'s own organisation only', async () => {
    assert.match((await volunteer.get('/admin')).body, /href="\/admin\/listings"/);
    assert.match((await manager.get('/admin')).body, /href="\/admin\/listings"/);
    const res = await volunteer.get('/admin/listings');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /Ashdown Lunch Club/);
    assert.match(res.body, /Tuesday lunch club/);
    assert.doesNotMatch(res.body, /Ashdown Food Bank/);
    assert.equal((await resident.get('/admin/listings')).statusCode, 403);
    // A manager finds any organisation by name.
    const found = await manager.get('/admin/listings?q=food');
    assert.match(found.body, new RegExp(`href="/admin/listings/${FOOD_BANK}"`));
  });

  it('never lets anyone but the organisation\'s editors and managers read or write its pages', async () => {
    const before = await pendingChanges(hearth);
    const signedOut = new Browser(hearth);
    for (const page of PAGES) {
      for (const [who, browser, expected] of [['food bank editor', foodEditor, 403], ['resident', resident, 403], ['signed out', signedOut, 401]] as const) {
        const got = await browser.get(page.path);
        assert.ok(got.statusCode === expected || (expected === 401 && got.statusCode === 303), `${who} GET ${page.path}: ${got.statusCode}`);
        if (page.form) {
          await volunteer.get(page.path); // a real token from a page; the post still comes from the wrong person
          const posted = await browser.post(page.path, page.form);
          assert.ok([401, 403].includes(posted.statusCode), `${who} POST ${page.path}: ${posted.statusCode}`);
        }
      }
    }
    // Another organisation's service, place or change named under the editor's own organisation: not found, never written.
    for (const path of [`${org}/services/${PANTRY}`, `${org}/services/${PANTRY}/details`, `${svc}/locations/${WAREHOUSE}`, `${svc}/locations/${WAREHOUSE}/accessibility`]) {
      assert.equal((await volunteer.get(path)).statusCode, 404, path);
    }
    await volunteer.get(`${svc}/details`);
    assert.equal((await volunteer.post(`${org}/services/${PANTRY}/details`, { name: 'Mine now', description: 'x' })).statusCode, 404);
    assert.equal(await pendingChanges(hearth), before, 'nothing was proposed');
  });

  it('refuses a forged id in the form body: another organisation\'s place, or an existing service as "new"', async () => {
    const before = await pendingChanges(hearth);
    await volunteer.get(`${svc}/locations/add`);
    const place = await volunteer.post(`${svc}/locations/add`, { location: WAREHOUSE });
    assert.equal(place.statusCode, 400);
    assert.match(place.body, /Select one of your places, or a new address/);
    await volunteer.get(`${org}/services/new`);
    const stolen = await volunteer.post(`${org}/services/new`, { id: PANTRY, name: 'Community pantry', description: 'Ours now' });
    assert.equal(stolen.statusCode, 400);
    const pantry = (await workingCopy(hearth.db, hearth.council.id, 'service', PANTRY))!;
    assert.equal(pantry.organisationId, FOOD_BANK);
    assert.equal(pantry.pendingChangeId, undefined);
    assert.equal(await pendingChanges(hearth), before);
  });

  it('names every bad field in the error summary and saves nothing', async () => {
    const before = await pendingChanges(hearth);
    await volunteer.get(`${svc}/opening-times`);
    const times = await volunteer.post(`${svc}/opening-times`, {
      'mo-0-opens': '14:00', 'mo-0-closes': '9:00',
      'tu-0-opens': '25:00', 'tu-0-closes': '14:00',
      'closure-0-from-day': '26', 'closure-0-from-month': '12', 'closure-0-from-year': '2026',
      'closure-0-to-day': '24', 'closure-0-to-month': '12', 'closure-0-to-year': '2026', 'closure-0-reason': 'Christmas',
    });
    assert.equal(times.statusCode, 400);
    assert.match(times.body, /govuk-error-summary/);
    assert.match(times.body, /The closing time for Monday, session 1, must be after the opening time/);
    assert.match(times.body, /href="#mo-0-closes"/);
    assert.match(times.body, /Enter a time for Tuesday, session 1/);
    assert.match(times.body, /Closure 1 must end on or after the day it starts/);

    await volunteer.get(`${svc}/eligibility`);
    const ages = await volunteer.post(`${svc}/eligibility`, { eligibility: '', 'minimum-age': '60', 'maximum-age': '18' });
    assert.equal(ages.statusCode, 400);
    assert.match(ages.body, /The oldest age must be the same as or more than the youngest age/);

    await volunteer.get(`${svc}/locations/add`);
    const postcode = await volunteer.post(`${svc}/locations/add`, { location: 'new', 'address-line-1': '2 High St', 'address-town': 'Ashdown', 'address-postcode': 'NOT A CODE' });
    assert.equal(postcode.statusCode, 400);
    assert.match(postcode.body, /Enter a real postcode/);

    await volunteer.get(`${svc}/details`);
    const long = await volunteer.post(`${svc}/details`, { name: 'x'.repeat(201), description: 'Fine' });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /The service name must be 200 characters or fewer/);

    await volunteer.get(`${svc}/status`);
    const order = await volunteer.post(`${svc}/status`, {
      status: 'temporarily closed', 'closed-from-day': '10', 'closed-from-month': '8', 'closed-from-year': '2099',
      'closed-to-day': '1', 'closed-to-month': '8', 'closed-to-year': '2099', reason: 'Repairs',
    });
    assert.equal(order.statusCode, 400);
    assert.match(order.body, /must be after the date it closes/);

    // Welsh: the same problem in Welsh.
    await volunteer.get(`${svc}/eligibility?lang=cy`);
    const cy = await volunteer.post(`${svc}/eligibility?lang=cy`, { 'minimum-age': 'deg' });
    assert.equal(cy.statusCode, 400);
    assert.match(cy.body, /Rhowch yr oedran ieuengaf fel nifer cyfan o flynyddoedd/);
    await volunteer.get(`${svc}?lang=en`);
    assert.equal(await pendingChanges(hearth), before);
  });

  it('adds a session without JavaScript: the button posts the form and brings it back with another row', async () => {
    await volunteer.get(`${svc}/opening-times`);
    const more = await volunteer.post(`${svc}/opening-times`, { action: 'add-th', 'th-0-opens': '10', 'th-0-closes': '12' });
    assert.equal(more.statusCode, 200);
    assert.match(more.body, /name="th-1-opens"/);
    assert.match(more.body, /value="10"/);
  });

  it('turns the opening times form into ORUK schedules with closures, and a double submit proposes once', async () => {
    await volunteer.get(`${svc}/opening-times`);
    const form = {
      'tu-0-opens': '12:00', 'tu-0-closes': '2pm',
      'th-0-opens': '12', 'th-0-closes': '14:00',
      'th-1-opens': '17:30', 'th-1-closes': '19:00',
      'closure-0-from-day': '25', 'closure-0-from-month': '12', 'closure-0-from-year': '2026',
      'closure-0-to-day': '', 'closure-0-to-month': '', 'closure-0-to-year': '', 'closure-0-reason': 'Christmas Day',
      note: 'New Thursday evening session',
    };
    const first = await volunteer.post(`${svc}/opening-times`, form);
    assert.equal(first.statusCode, 303, first.body.slice(0, 500));
    const done = await volunteer.get(first.headers.location as string);
    assert.match(done.body, /govuk-panel/);
    assert.match(done.body, /Sent for approval/);
    const count = await pendingChanges(hearth);
    await volunteer.get(`${svc}/opening-times`);
    const again = await volunteer.post(`${svc}/opening-times`, form);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, first.headers.location, 'the same change');
    assert.equal(await pendingChanges(hearth), count);

    const working = (await workingCopy(hearth.db, hearth.council.id, 'service', LUNCH))!;
    const schedules = (working.document as Service).schedules!;
    assert.deepEqual(
      schedules.filter((s) => s.byday).map((s) => [s.byday, s.opens_at?.slice(0, 5), s.closes_at?.slice(0, 5)]),
      [['TU,TH', '12:00', '14:00'], ['TH', '17:30', '19:00']],
    );
    const closure = schedules.find((s) => s.valid_from)!;
    assert.equal(closure.valid_from, '2026-12-25');
    assert.equal(closure.valid_to, '2026-12-25');
    assert.match(closure.description!, /Closed on 25 December 2026: Christmas Day/);
    // The service's summary shows it is waiting, with the new times.
    const summary = await volunteer.get(svc);
    assert.match(summary.body, /Waiting for approval/);
  });

  it('a trusted organisation\'s change is live at once, and a manager may edit any organisation', async () => {
    await hearth.db.query('UPDATE organization SET trusted = true WHERE council_id = $1 AND id = $2', [hearth.council.id, FOOD_BANK]);
    const path = `/admin/listings/${FOOD_BANK}/services/${PANTRY}/eligibility`;
    const form = await foodEditor.get(path);
    assert.match(form.body, /Publish the change/, 'the button says it goes live');
    const posted = await foodEditor.post(path, { eligibility: 'Anyone living in Ashdown', 'minimum-age': '', 'maximum-age': '' });
    assert.equal(posted.statusCode, 303);
    const done = await foodEditor.get(posted.headers.location as string);
    assert.match(done.body, /Your change is live/);
    const published = (await workingCopy(hearth.db, hearth.council.id, 'service', PANTRY))!;
    assert.equal((published.document as Service).eligibility_description, 'Anyone living in Ashdown');
    assert.equal(published.pendingChangeId, undefined);
    // A directory manager is not scoped to one organisation.
    assert.equal((await manager.get(`/admin/listings/${FOOD_BANK}/services/${PANTRY}`)).statusCode, 200);
    await manager.get(`/admin/listings/${FOOD_BANK}/details`);
    const byManager = await manager.post(`/admin/listings/${FOOD_BANK}/details`, { name: 'Ashdown Food Bank', description: 'Emergency food for Ashdown and Millbridge.', email: '', website: '' });
    assert.equal(byManager.statusCode, 303);
  });

  it('adds a service, shown as new and waiting on the editor\'s listings', async () => {
    const form = await volunteer.get(`${org}/services/new`);
    const id = /name="id" value="([^"]+)"/.exec(form.body)![1];
    const posted = await volunteer.post(`${org}/services/new`, { id, name: 'Friday film club', description: 'A film and a cup of tea.' });
    assert.equal(posted.statusCode, 303);
    const again = await volunteer.post(`${org}/services/new`, { id, name: 'Friday film club', description: 'A film and a cup of tea.' });
    assert.equal(again.headers.location, posted.headers.location, 'posted twice: one service');
    const listings = await volunteer.get('/admin/listings');
    assert.match(listings.body, /Friday film club/);
    assert.match(listings.body, /New – waiting for approval/);
    // The new service's own parts can be filled in before it is approved.
    assert.equal((await volunteer.get(`${org}/services/${id}/costs`)).statusCode, 200);
  });
});
