import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { latestLink, pathOf, signIn } from '../../blocks/identity/support.js';
import { Browser } from '../../blocks/identity/support.js';

describe('hardening: caching, nesting, security headers', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    hearth.app.post('/test/json', { config: { access: 'public' } }, async () => ({ ok: true }));
    hearth.app.get('/test/own-policy', { config: { access: 'public' }, helmet: { contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-eval'"] } } } }, async () => 'x');
  });
  after(() => hearth.stop());

  it('sends Cache-Control: no-store on every page for one person, and on the sign-in link page', async () => {
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    const admin = await signIn(hearth, 'admin@testshire.example');
    for (const url of ['/account', '/admin/people', '/admin/audit']) {
      const res = await admin.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
    }
    const browser = new Browser(hearth);
    await browser.get('/sign-in');
    await browser.post('/sign-in', { email: 'linked@example.org' });
    const link = await browser.get(pathOf((await latestLink(hearth, 'linked@example.org'))!));
    assert.equal(link.statusCode, 200);
    assert.equal(link.headers['cache-control'], 'no-store');
    assert.equal((await browser.get('/sign-in/link?token=nonsense')).headers['cache-control'], 'no-store');
    assert.notEqual((await browser.get('/sign-in')).headers['cache-control'], 'no-store', 'public pages may be cached');
  });

  it('answers 100,000 levels of nested JSON with a 400 naming the problem, never a 500', async () => {
    const n = 100_000;
    for (const payload of ['['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n), '['.repeat(n)]) {
      const res = await hearth.app.inject({ method: 'POST', url: '/test/json', headers: { 'content-type': 'application/json' }, payload });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
    const deep = await hearth.app.inject({ method: 'POST', url: '/test/json', headers: { 'content-type': 'application/json' }, payload: '['.repeat(n) + ']'.repeat(n) });
    assert.deepEqual(deep.json().invalid_params, [{ name: 'body', reason: 'must not nest more than 64 levels deep' }]);
    const nul = await hearth.app.inject({ method: 'POST', url: '/test/json', headers: { 'content-type': 'application/json' }, payload: '{"a":{"b":["x","\\u0000"]}}' });
    assert.deepEqual(nul.json().invalid_params, [{ name: 'a.b[1]', reason: 'must not contain control characters' }]);
    // Fastify's own parser: a prototype key and broken JSON are 400s too.
    for (const payload of ['{"__proto__":{"x":1}}', '[' + '{"a":'.repeat(5000)]) {
      assert.equal((await hearth.app.inject({ method: 'POST', url: '/test/json', headers: { 'content-type': 'application/json' }, payload })).statusCode, 400);
    }
    assert.equal((await hearth.app.inject({ method: 'POST', url: '/test/json', headers: { 'content-type': 'application/json' }, payload: '{"a":[[["fine"]]]}' })).statusCode, 200);
  });

  it('sends the same security headers as before, through helmet (no HSTS outside production)', async () => {
    const res = await hearth.app.inject({ url: '/sign-in', headers: { accept: 'text/html' } });
    const csp = String(res.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: https:", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|upgrade-insecure-requests/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(res.headers['strict-transport-security'], undefined);
    assert.ok((await hearth.app.inject('/no/such/page')).headers['content-security-policy'], 'on a 404 too');
  });

  it('lets a route set its own policy (helmet per route)', async () => {
    const res = await hearth.app.inject('/test/own-policy');
    assert.match(String(res.headers['content-security-policy']), /'unsafe-eval'/);
    assert.equal(res.headers['x-frame-options'], 'DENY', 'the rest stays');
  });
});
