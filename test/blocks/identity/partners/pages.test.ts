import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestHearth } from '../../../support/app.js';
import { cookiesFrom, formToken } from '../../directory/pages/support.js';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import { signIn } from '../support.js';
import { signedInCookie, partnerKey, startPartnersHearth } from './support.js';

describe('partner systems: admin pages', () => {
  let hearth: TestHearth;
  let cookie = '';

  const get = async (url: string) => {
    const res = await hearth.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
    cookie = cookiesFrom(res.headers['set-cookie'], cookie);
    return res;
  };
  /** Post a form from the page at `from` (its CSRF token included). */
  const post = async (from: string, url: string, fields: Array<[string, string]>) => {
    const page = await get(from);
    const body = new URLSearchParams([['_csrf', formToken(page.body)], ...fields]).toString();
    // As a browser posts a form of the page it shows: same origin.
    const res = await hearth.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'sec-fetch-site': 'same-origin' }, payload: body });
    cookie = cookiesFrom(res.headers['set-cookie'], cookie);
    return res;
  };
  const register = (fields: Array<[string, string]>) => post('/admin/partners/new', '/admin/partners/new', fields);
  const errorSummary = (html: string) => {
    const m = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html);
    assert.ok(m, 'an error summary');
    return [...m[0].matchAll(/<a href="#([\w-]+)">([^<]+)<\/a>/g)].map(([, href, text]) => [href, text.trim()]);
  };

  before(async () => {
    hearth = await startPartnersHearth();
    cookie = await signedInCookie(hearth);
  });
  after(() => hearth?.stop());

  it('refuses anyone but a council admin of this council', async () => {
    const anon = await hearth.app.inject({ method: 'GET', url: '/admin/partners', headers: { accept: 'text/html' } });
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/sign-in\?return=%2Fadmin%2Fpartners$/);
    const anonPost = await hearth.app.inject({ method: 'POST', url: '/admin/partners/new', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' });
    assert.ok([401, 403].includes(anonPost.statusCode), String(anonPost.statusCode));

    const manager = await signedInCookie(hearth, 'manager@testshire.example', 'directory_manager');
    const other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
    const person = await ensurePerson(hearth.db, 'admin@otherton.example');
    await addGrant(hearth.db, { councilId: other.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    const otherAdmin = (await signIn(hearth, 'admin@otherton.example', '/c/otherton')).jar.header();
    for (const [who, c] of [['a directory manager', manager], ['another council\'s admin', otherAdmin]]) {
      for (const url of ['/admin/partners', '/admin/partners/new', '/c/testshire/admin/partners']) {
        const res = await hearth.app.inject({ method: 'GET', url, headers: { cookie: c, accept: 'text/html' } });
        assert.equal(res.statusCode, 403, `${who}: ${url}`);
      }
    }
    assert.equal((await hearth.app.inject({ method: 'GET', url: '/c/otherton/admin/partners', headers: { cookie: otherAdmin, accept: 'text/html' } })).statusCode, 200, 'in their own council');
  });

  it('lists no partner systems at first, with the addresses partners need', async () => {
    const res = await get('/admin/partners');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /No partner systems are registered yet/);
    assert.match(res.body, /https:\/\/hearth\.test\/c\/testshire\/oauth\/token/);
    assert.match(res.body, /href="\/admin\/partners\/new"/);
  });

  it('bad input shows the GOV.UK error summary naming each field, and keeps what was typed', async () => {
    const res = await register([['name', ''], ['description', 'x'.repeat(1001)]]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: /);
    assert.deepEqual(errorSummary(res.body), [
      ['name', 'Enter the name of the partner system'],
      ['description', 'Description must be 1,000 characters or fewer'],
      ['auth_method', 'Select how the partner system will prove who it is'],
      ['scopes', 'Select what the partner system may do'],
    ]);
    assert.match(res.body, /govuk-input--error/);

    const jwt = await register([['name', 'Homes'], ['auth_method', 'private_key_jwt'], ['scopes', 'partner.read']]);
    assert.deepEqual(errorSummary(jwt.body), [['jwks', 'Enter the partner’s public keys, or the web address of its public keys']]);
    assert.match(jwt.body, /value="Homes"/, 'keeps the name');

    const key = await partnerKey();
    const { privateKey } = await import('jose').then(async (jose) => ({ privateKey: await jose.exportJWK(key.privateKey) }));
    const leaked = await register([['name', 'Homes'], ['auth_method', 'private_key_jwt'], ['jwks', JSON.stringify({ keys: [privateKey] })], ['scopes', 'partner.read']]);
    assert.equal(leaked.statusCode, 400);
    assert.match(errorSummary(leaked.body)[0][1], /contains a private key/);
    const notJson = await register([['name', 'Homes'], ['auth_method', 'private_key_jwt'], ['jwks', '{nope'], ['scopes', 'partner.read']]);
    assert.deepEqual(errorSummary(notJson.body), [['jwks', 'Public keys must be valid JSON']]);
    const badUri = await register([['name', 'Homes'], ['auth_method', 'private_key_jwt'], ['jwks_uri', 'ftp://example.org/keys'], ['scopes', 'partner.read']]);
    assert.deepEqual(errorSummary(badUri.body), [['jwks_uri', 'Enter a web address starting with https://']]);
    const unknownScope = await register([['name', 'Homes'], ['auth_method', 'client_secret'], ['scopes', 'everything']]);
    assert.deepEqual(errorSummary(unknownScope.body), [['scopes', 'Select what the partner system may do from the list']]);
    assert.equal((await hearth.db.query('SELECT 1 FROM partner_client')).rows.length, 0, 'nothing registered');
  });

  it('in Welsh too', async () => {
    const res = await get('/admin/partners/new?lang=cy');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="cy"/);
    assert.match(res.body, /Cofrestru system partner/);
    const refused = await register([['name', '']]);
    assert.match(refused.body, /Rhowch enw’r system partner/);
    await get('/admin/partners?lang=en');
  });

  it('registers a client_secret client, then shows the secret once on the page it redirects to, never cached', async () => {
    const posted = await register([['name', 'Ashdown NHS Trust'], ['description', 'Hospital discharge'], ['auth_method', 'client_secret'], ['scopes', 'partner.read']]);
    assert.equal(posted.statusCode, 303, posted.body);
    assert.doesNotMatch(posted.body, /[A-Za-z0-9_-]{43}/, 'no secret in the answer to the form');
    const shownAt = String(posted.headers.location);
    assert.match(shownAt, /^\/admin\/partners\/[0-9a-f-]{36}\/registered$/);
    const res = await get(shownAt);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /Partner system registered/);
    assert.match(res.body, /You will not be able to see it again/);
    const secret = /Client secret\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*<code>([A-Za-z0-9_-]{43})<\/code>/.exec(res.body)?.[1];
    assert.ok(secret, 'the secret is on the page');
    const { rows } = await hearth.db.query<{ id: string }>('SELECT id FROM partner_client');
    const detail = await get(`/admin/partners/${rows[0].id}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(!detail.body.includes(secret), 'not on the details page');
    assert.ok(!(await get('/admin/partners')).body.includes(secret), 'not on the list');
    assert.match(detail.body, /Hospital discharge/);

    // A reload shows it no more, and registers nothing.
    const reload = await get(shownAt);
    assert.equal(reload.statusCode, 200);
    assert.ok(!reload.body.includes(secret), 'shown once');
    assert.match(reload.body, /The secret was shown once/);
    assert.match(reload.body, /If you lost it, create a new client secret/);
    assert.match(reload.body, /href="[^"]*\/rotate-secret"/, 'with the way to make a new one');
    assert.equal((await hearth.db.query("SELECT 1 FROM partner_client WHERE name = 'Ashdown NHS Trust'")).rows.length, 1, 'one client');
  });

  it('registers once when the same form is sent twice (a double click), and sends the second to the first one\'s answer', async () => {
    const page = await get('/admin/partners/new');
    const formId = /name="_once" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
    assert.ok(formId, 'the form carries a one-time id');
    const send = async () => {
      const body = new URLSearchParams([['_csrf', formToken(page.body)], ['_once', formId], ['name', 'Double Click Housing'], ['auth_method', 'client_secret'], ['scopes', 'partner.read']]).toString();
      const res = await hearth.app.inject({ method: 'POST', url: '/admin/partners/new', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'sec-fetch-site': 'same-origin' }, payload: body });
      cookie = cookiesFrom(res.headers['set-cookie'], cookie);
      return res;
    };
    const [first, second] = await Promise.all([send(), send()]);
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(first.headers.location, second.headers.location, 'both land on the registered page of the one client');
    assert.match(String(first.headers.location), /^\/admin\/partners\/[0-9a-f-]{36}\/registered$/);
    assert.equal((await hearth.db.query("SELECT 1 FROM partner_client WHERE name = 'Double Click Housing'")).rows.length, 1, 'one client');
    // A form with a mistake gets a fresh id, so its corrected form is not taken for a repeat.
    const wrong = await register([['_once', formId], ['name', ''], ['auth_method', 'client_secret'], ['scopes', 'partner.read']]);
    assert.equal(wrong.statusCode, 303, 'the old id is a repeat: sent to the first answer, nothing new made');
    const fresh = await get('/admin/partners/new');
    assert.notEqual(/name="_once" value="([0-9a-f-]{36})"/.exec(fresh.body)?.[1], formId);
  });

  it('holds a new secret for the session that made it only: another admin, or a tampered cookie, sees nothing', async () => {
    const posted = await register([['name', 'Ashdown Libraries'], ['auth_method', 'client_secret'], ['scopes', 'partner.read']]);
    const held = /hearth_partner_secret=([^;]+)/.exec(String(posted.headers['set-cookie']))?.[1];
    assert.ok(held, 'held in a cookie, encrypted');
    const other = await signedInCookie(hearth, 'second.admin@testshire.example');
    const stolen = await hearth.app.inject({ method: 'GET', url: String(posted.headers.location), headers: { cookie: `${other}; hearth_partner_secret=${held}`, accept: 'text/html' } });
    assert.equal(stolen.statusCode, 200);
    assert.match(stolen.body, /The secret was shown once/);
    const tampered = held.slice(0, -4) + (held.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const broken = await hearth.app.inject({ method: 'GET', url: String(posted.headers.location), headers: { cookie: cookie.replace(/hearth_partner_secret=[^;]+/, `hearth_partner_secret=${tampered}`), accept: 'text/html' } });
    assert.match(broken.body, /The secret was shown once/);
    // The admin who made it still sees it, once.
    assert.match((await get(String(posted.headers.location))).body, /You will not be able to see it again/);
  });

  it('registers a private_key_jwt client with its public keys', async () => {
    const key = await partnerKey('homes-2026');
    const posted = await register([['name', 'Ashdown Homes'], ['auth_method', 'private_key_jwt'], ['jwks', JSON.stringify(key.jwks)], ['scopes', 'partner.read']]);
    assert.equal(posted.statusCode, 303, posted.body);
    const res = await get(String(posted.headers.location));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Partner system registered/);
    assert.doesNotMatch(res.body, /Client secret\s*<\/dt>/);
    assert.doesNotMatch(res.body, /shown once/, 'no secret to have lost');
    const list = await get('/admin/partners');
    assert.match(list.body, /Ashdown Homes/);
    assert.match(list.body, /Private key JWT/);
    const { rows } = await hearth.db.query<{ id: string }>("SELECT id FROM partner_client WHERE name = 'Ashdown Homes'");
    const detail = await get(`/admin/partners/${rows[0].id}`);
    assert.match(detail.body, /homes-2026 EC P-256/);
    assert.doesNotMatch(detail.body, /rotate-secret/, 'no secret to rotate');
  });

  it('rotates a secret and disables a client, each after a confirmation page', async () => {
    const { rows } = await hearth.db.query<{ id: string; secret_hash: string }>("SELECT id, secret_hash FROM partner_client WHERE name = 'Ashdown NHS Trust'");
    const base = `/admin/partners/${rows[0].id}`;
    const confirm = await get(`${base}/rotate-secret`);
    assert.match(confirm.body, /Create a new client secret for Ashdown NHS Trust\?/);
    const posted = await post(`${base}/rotate-secret`, `${base}/rotate-secret`, []);
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, `${base}/new-secret`);
    const rotated = await get(`${base}/new-secret`);
    assert.equal(rotated.statusCode, 200);
    assert.match(rotated.body, /New client secret created/);
    assert.match(rotated.body, /old secret has stopped working/);
    assert.match(rotated.body, /<code>[A-Za-z0-9_-]{43}<\/code>/);
    assert.match((await get(`${base}/new-secret`)).body, /The secret was shown once/, 'a reload makes no new secret and shows none');
    const after = await hearth.db.query<{ secret_hash: string }>('SELECT secret_hash FROM partner_client WHERE id = $1', [rows[0].id]);
    assert.notEqual(after.rows[0].secret_hash, rows[0].secret_hash);

    assert.match((await get(`${base}/disable`)).body, /Are you sure you want to disable Ashdown NHS Trust\?/);
    const disabled = await post(`${base}/disable`, `${base}/disable`, []);
    assert.equal(disabled.statusCode, 303);
    assert.equal(disabled.headers.location, `${base}?done=disabled`);
    const detail = await get(`${base}?done=disabled`);
    assert.match(detail.body, /has been disabled/);
    assert.doesNotMatch(detail.body, /href="[^"]*\/disable"/, 'no disable button any more');
    assert.equal((await get(`${base}/disable`)).statusCode, 404);
    assert.equal((await get(`${base}/rotate-secret`)).statusCode, 404);
    assert.match((await get('/admin/partners')).body, /Disabled/);
  });

  it('makes a new token-signing key after a confirmation page', async () => {
    const before = (await hearth.app.inject({ method: 'GET', url: '/oauth/jwks.json' })).json().keys as Array<{ kid: string }>;
    assert.match((await get('/admin/partners/rotate-signing-key')).body, /Make a new token-signing key\?/);
    const res = await post('/admin/partners/rotate-signing-key', '/admin/partners/rotate-signing-key', []);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/partners?done=key-rotated');
    assert.match((await get('/admin/partners?done=key-rotated')).body, /A new token-signing key is in use/);
    const after = (await hearth.app.inject({ method: 'GET', url: '/oauth/jwks.json' })).json().keys as Array<{ kid: string }>;
    assert.equal(after.length, before.length + 1);
    assert.equal(after[1].kid, before[0].kid, 'the old key is still published, after the new one');
    const { rows } = await hearth.db.query<{ actor_email: string }>("SELECT actor_email FROM audit_log WHERE action = 'partner_signing_key.rotated'");
    assert.deepEqual(rows.map((r) => r.actor_email), ['admin@testshire.example']);
  });

  it('refuses forms without the anti-forgery token, and unknown clients', async () => {
    const res = await hearth.app.inject({
      method: 'POST',
      url: '/admin/partners/new',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: 'name=Forged&auth_method=client_secret&scopes=partner.read',
    });
    assert.equal(res.statusCode, 403);
    assert.equal((await hearth.db.query("SELECT 1 FROM partner_client WHERE name = 'Forged'")).rows.length, 0);
    assert.equal((await get('/admin/partners/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await get('/admin/partners/not-an-id')).statusCode, 404);
  });
});
