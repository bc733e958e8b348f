import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestHearth } from '../../../support/app.js';
import { IDS } from './fixtures.js';
import { FORM, cookiesFrom, form, formToken, startPagesHearth } from './support.js';

const HTML = { accept: 'text/html' };

describe('directory pages: my list', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startPagesHearth();
  });
  after(() => hearth?.stop());

  /** Open a service page as a fresh visitor: its cookies and the form token. */
  async function visit(id: string, cookie = '') {
    const res = await hearth.app.inject({ url: `/services/${id}`, headers: { ...HTML, cookie } });
    assert.equal(res.statusCode, 200);
    return { cookie: cookiesFrom(res.headers['set-cookie'], cookie), token: formToken(res.body), body: res.body };
  }

  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    hearth.app.inject({ method: 'POST', url, headers: { ...HTML, ...FORM, cookie }, payload: form(fields) });

  it('sets the anti-forgery cookie HttpOnly and SameSite=Lax', async () => {
    const res = await hearth.app.inject({ url: `/services/${IDS.foodBank}`, headers: HTML });
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const csrf = set.find((c) => c.startsWith('hearth_csrf='));
    assert.ok(csrf, 'a hearth_csrf cookie');
    assert.match(csrf!, /HttpOnly/);
    assert.match(csrf!, /SameSite=Lax/);
    assert.match(csrf!, /Path=\//);
  });

  it('saves a service, shows it in the list, and removes it', async () => {
    let { cookie, token } = await visit(IDS.foodBank);
    const added = await post('/my-list/add', cookie, { _csrf: token, service_id: IDS.foodBank, return_to: `/services/${IDS.foodBank}` });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `/services/${IDS.foodBank}`);
    const listCookie = ([] as string[]).concat(added.headers['set-cookie'] ?? []).find((c) => c.startsWith('hearth_list_testshire='));
    assert.ok(listCookie);
    assert.match(listCookie!, /HttpOnly/);
    assert.match(listCookie!, /SameSite=Lax/);
    assert.ok(listCookie!.includes(IDS.foodBank), 'ids only');
    cookie = cookiesFrom(added.headers['set-cookie'], cookie);

    const again = await visit(IDS.foodBank, cookie);
    assert.match(again.body, /This service is in your list/);
    assert.match(again.body, /action="\/my-list\/remove"/);

    const debt = await visit(IDS.debtLine, cookie);
    cookie = cookiesFrom((await post('/my-list/add', cookie, { _csrf: debt.token, service_id: IDS.debtLine, return_to: '/' })).headers['set-cookie'], cookie);

    const list = await hearth.app.inject({ url: '/my-list', headers: { ...HTML, cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Ashdown Food Bank/);
    assert.match(list.body, /Run by Ashdown Churches Together/);
    assert.match(list.body, /01234 567890/);
    assert.match(list.body, /Monday, Wednesday and Friday, 10am to midday/);
    assert.match(list.body, /1 Market Square, Ashdown, Ardenshire, AS1 1AA/);
    assert.match(list.body, /Debt advice line/);
    assert.match(list.body, /You have 2 services in this list/);
    assert.match(list.body, /class="[^"]*hearth-no-print/, 'controls are left out of the printout');
    assert.ok(list.body.includes(`/my-list?ids=${IDS.foodBank},${IDS.debtLine}`), 'a link to share the list');

    const removed = await post('/my-list/remove', cookie, { _csrf: formToken(list.body), service_id: IDS.foodBank, return_to: '/my-list' });
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, '/my-list');
    cookie = cookiesFrom(removed.headers['set-cookie'], cookie);
    const after = await hearth.app.inject({ url: '/my-list', headers: { ...HTML, cookie } });
    assert.doesNotMatch(after.body, /Ashdown Food Bank/);
    assert.match(after.body, /You have 1 service in this list/);
  });

  it('shows a shared list to anyone and lets them keep it', async () => {
    const shared = await hearth.app.inject({ url: `/my-list?ids=${IDS.youthClub},${IDS.lunchClub},nonsense`, headers: HTML });
    assert.equal(shared.statusCode, 200);
    assert.match(shared.body, /A list of services shared with you/);
    assert.match(shared.body, /Brookfield Youth Club/);
    assert.match(shared.body, /Lunch club for older people/);
    assert.match(shared.body, /1 service is no longer listed/);
    assert.match(shared.body, /action="\/my-list\/save"/);

    const cookie = cookiesFrom(shared.headers['set-cookie']);
    const saved = await post('/my-list/save', cookie, { _csrf: formToken(shared.body), ids: `${IDS.youthClub},${IDS.lunchClub}` });
    assert.equal(saved.statusCode, 303);
    const mine = await hearth.app.inject({ url: '/my-list', headers: { ...HTML, cookie: cookiesFrom(saved.headers['set-cookie'], cookie) } });
    assert.match(mine.body, /<h1 class="govuk-heading-l">My list<\/h1>/);
    assert.match(mine.body, /Brookfield Youth Club/);
    assert.match(mine.body, /Lunch club for older people/);
  });

  it('keeps at most 50 services and says when the list is full', async () => {
    const { cookie, token } = await visit(IDS.foodBank);
    const fifty = Array.from({ length: 50 }, (_, i) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join('.');
    const full = `${cookie}; hearth_list_testshire=${fifty}`;
    const res = await post('/my-list/add', full, { _csrf: token, service_id: IDS.foodBank, return_to: '/' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/my-list?full=1');
    assert.equal(res.headers['set-cookie'], undefined, 'the list is left as it was');
    const page = await hearth.app.inject({ url: '/my-list?full=1', headers: { ...HTML, cookie: full } });
    assert.match(page.body, /Your list is full/);
  });

  it('never sends people to another site after a form', async () => {
    const { cookie, token } = await visit(IDS.foodBank);
    const res = await post('/my-list/add', cookie, { _csrf: token, service_id: IDS.foodBank, return_to: '//evil.example/' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/my-list');
  });

  it('refuses forms without the anti-forgery token, or with another one', async () => {
    const { cookie, token } = await visit(IDS.foodBank);
    const missing = await post('/my-list/add', cookie, { service_id: IDS.foodBank });
    assert.equal(missing.statusCode, 403);
    assert.match(missing.body, /Sorry, we could not do that/);
    assert.equal(missing.headers['set-cookie'], undefined);
    const other = await post('/my-list/add', cookie, { _csrf: token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), service_id: IDS.foodBank });
    assert.equal(other.statusCode, 403);
    const noCookie = await post('/my-list/add', '', { _csrf: token, service_id: IDS.foodBank });
    assert.equal(noCookie.statusCode, 403);
    const json = await hearth.app.inject({
      method: 'POST',
      url: '/my-list/remove',
      headers: { ...HTML, 'content-type': 'application/json', cookie },
      payload: JSON.stringify({ _csrf: 'x', service_id: IDS.foodBank }),
    });
    assert.equal(json.statusCode, 403);
  });

  it('answers a malformed service id with 400, not 500', async () => {
    const { cookie, token } = await visit(IDS.foodBank);
    const res = await post('/my-list/add', cookie, { _csrf: token, service_id: 'nope' });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /text\/html/);
  });
});
