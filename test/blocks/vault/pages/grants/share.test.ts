import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withResidentAccess } from '../../../../../src/blocks/vault/gateway.js';
import { addCategory, retireCategory } from '../../../../../src/blocks/vault/categories.js';
import type { TestHearth } from '../../../../support/app.js';
import { Browser } from '../../../identity/support.js';
import { dateFields, hiddenFields, postPairs, resident, startVaultHearth } from '../support.js';

const HOUSING = 'team:Housing options';

/** A share form as a resident fills it in, with any field replaced. */
function form(over: Record<string, string | string[]> = {}): Array<[string, string]> {
  const fields: Record<string, string | string[]> = {
    grantee: HOUSING,
    categories: ['address', 'household'],
    access: 'read',
    purpose: 'Assessing my housing application',
    lawful_basis: 'consent',
    ...dateFields(60),
    ...over,
  };
  return Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v): [string, string] => [name, v]) : [[name, value] as [string, string]]));
}

describe('vault: a resident shares their information (/my-record/sharing)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startVaultHearth({ HEARTH_VAULT_MAX_GRANT_DAYS: '90' });
  });
  after(() => hearth.stop());

  it('asks to sign in first', async () => {
    const res = await new Browser(hearth).get('/my-record/sharing/new');
    assert.ok([302, 303, 401].includes(res.statusCode), String(res.statusCode));
  });

  it('offers the council’s teams and the partner systems that can read the vault, and the categories', async () => {
    const { browser } = await resident(hearth, 'offers@example.org');
    const res = await browser.get('/my-record/sharing/new');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /value="team:Housing options"/);
    assert.match(res.body, /Testshire Homes/);
    assert.doesNotMatch(res.body, /Bus timetable feed/, 'a partner system without a vault scope is not offered');
    assert.match(res.body, /name="categories" type="checkbox" value="household"/);
    assert.match(res.body, /id="lawful_basis" name="lawful_basis" type="radio" value="consent" checked/, 'consent by default');
    assert.match(res.body, /At most 90 days from today/);
    const welsh = await browser.get('/my-record/sharing/new?lang=cy');
    assert.match(welsh.body, /Rhannu eich gwybodaeth/);
    assert.match(welsh.body, /Opsiynau tai/);
    await browser.get('/my-record/sharing/new?lang=en');
  });

  it('names each problem of the form, by field, with a 400 and the error summary', async () => {
    const { browser } = await resident(hearth, 'problems@example.org');
    await browser.get('/my-record/sharing/new');
    const empty = await postPairs(hearth, browser, '/my-record/sharing/new', [['lawful_basis', '']]);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    for (const [anchor, text] of [
      ['grantee', 'Select who you want to share with'],
      ['categories', 'Select at least one kind of information to share'],
      ['access', 'Select whether they can only see it or also change it'],
      ['purpose', 'Enter what they will use your information for'],
      ['lawful_basis', 'Select why you are sharing'],
      ['until-day', 'Enter the date sharing ends'],
    ]) {
      assert.match(empty.body, new RegExp(`<a href="#${anchor}">${text}</a>`), anchor);
    }
    const cases: Array<[Record<string, string | string[]>, RegExp]> = [
      [dateFields(-1), /The date sharing ends must be today or in the future/],
      [dateFields(120), /The date sharing ends must be on or before .* \(at most 90 days away\)/],
      [{ 'until-day': '31', 'until-month': '2', 'until-year': '2030' }, /must be a real date/],
      [{ 'until-day': '', 'until-month': '2', 'until-year': '2030' }, /must include a day/],
      [{ categories: [] }, /Select at least one kind of information to share/],
      [{ categories: ['address', 'shoe_size'] }, /Select kinds of information from the list/],
      [{ grantee: 'team:Parking' }, /Select a team or organisation from the list/],
      [{ grantee: 'partner:hearth_unknown' }, /Select a team or organisation from the list/],
      [{ access: 'delete' }, /Select whether they can only see it or also change it/],
      [{ purpose: 'x'.repeat(501) }, /must be 500 characters or fewer/],
      [{ lawful_basis: 'because' }, /Select why you are sharing/],
    ];
    for (const [over, message] of cases) {
      const res = await postPairs(hearth, browser, '/my-record/sharing/new', form(over));
      assert.equal(res.statusCode, 400, JSON.stringify(over));
      assert.match(res.body, message, JSON.stringify(over));
    }
    // The furthest date allowed is accepted.
    const furthest = await postPairs(hearth, browser, '/my-record/sharing/new', form(dateFields(89)));
    assert.equal(furthest.statusCode, 200);
  });

  it('checks the answers, then gives the grant once however often it is confirmed, and its team may read at once', async () => {
    const { browser, id } = await resident(hearth, 'gives@example.org');
    await browser.get('/my-record/sharing/new');
    const check = await postPairs(hearth, browser, '/my-record/sharing/new', form());
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check your answers before you share/);
    assert.match(check.body, /Address, People you live with/);
    assert.match(check.body, /href="\/my-record\/sharing\/new\?grantee=team%3AHousing\+options&amp;categories=address&amp;categories=household[^"]*#categories"/, 'a change link keeps the answers');
    const hidden = hiddenFields(check.body);
    const first = await postPairs(hearth, browser, '/my-record/sharing/confirm', hidden);
    assert.equal(first.statusCode, 303);
    const location = String(first.headers.location);
    assert.match(location, /^\/my-record\/sharing\/[0-9a-f-]{36}\?done=given$/);
    const again = await postPairs(hearth, browser, '/my-record/sharing/confirm', hidden);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, location, 'a second click lands on the same grant');
    const list = await browser.get('/my-record/sharing');
    assert.equal((list.body.match(/Assessing my housing application/g) ?? []).length, 1, 'one grant');
    const page = await browser.get(location);
    assert.match(page.body, /You are now sharing your information/);
    assert.match(page.body, /Sharing with Housing options/);
    assert.match(page.body, /You gave permission/);
    const officer = { kind: 'staff' as const, personId: id, name: 'Jo Officer', team: 'Housing options' };
    const items = await withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: officer, residentId: id, categories: ['address'], action: 'read' }, (a) => a.read());
    assert.deepEqual(items, []);
    // A change link opens the form filled in.
    const back = await browser.get(`/my-record/sharing/new?${new URLSearchParams(form()).toString()}`);
    assert.match(back.body, /value="address" checked/);
    assert.match(back.body, /Assessing my housing application<\/textarea>/);
  });

  it('offers the council’s own categories and not retired ones, and gives a grant of one', async () => {
    const added = await addCategory(hearth.db, hearth.council.id, { nameEn: 'Armed forces veteran', nameCy: 'Cyn-filwr y lluoedd arfog', sensitivity: 'sensitive' });
    assert.ok('category' in added);
    await retireCategory(hearth.db, hearth.council.id, 'benefits');
    try {
      const { browser } = await resident(hearth, 'veteran@example.org');
      const page = await browser.get('/my-record/sharing/new');
      assert.match(page.body, /value="armed_forces_veteran"/);
      assert.match(page.body, /Armed forces veteran/);
      assert.doesNotMatch(page.body, /value="benefits"/, 'a retired category is not offered');
      assert.match((await postPairs(hearth, browser, '/my-record/sharing/new', form({ categories: ['benefits'] }))).body, /Select kinds of information from the list/);
      const check = await postPairs(hearth, browser, '/my-record/sharing/new', form({ categories: ['armed_forces_veteran'] }));
      assert.equal(check.statusCode, 200);
      const done = await postPairs(hearth, browser, '/my-record/sharing/confirm', hiddenFields(check.body));
      assert.equal(done.statusCode, 303);
      assert.match((await browser.get(String(done.headers.location))).body, /Armed forces veteran/);
    } finally {
      await retireCategory(hearth.db, hearth.council.id, 'benefits', false);
    }
  });

  it('refuses a confirmation whose hidden fields were altered, and one without its CSRF token', async () => {
    const { browser } = await resident(hearth, 'altered@example.org');
    await browser.get('/my-record/sharing/new');
    const check = await postPairs(hearth, browser, '/my-record/sharing/new', form());
    const hidden = hiddenFields(check.body).map(([n, v]): [string, string] => (n === 'until-year' ? [n, '2099'] : [n, v]));
    const altered = await postPairs(hearth, browser, '/my-record/sharing/confirm', hidden);
    assert.equal(altered.statusCode, 400);
    assert.match(altered.body, /on or before/);
    await browser.get('/my-record/sharing/new');
    const forged = await postPairs(hearth, browser, '/my-record/sharing/new', form(), { csrf: false });
    assert.equal(forged.statusCode, 403);
    const list = await browser.get('/my-record/sharing');
    assert.match(list.body, /You are not sharing your information with anyone/);
  });
});
