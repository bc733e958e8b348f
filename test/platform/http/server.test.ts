import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCouncil } from '../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';

describe('platform HTTP server', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    await addCouncil(hearth.db, { slug: 'other', name: 'Other Council', hosts: ['help.other.example'], colourPrimary: '#4c2c92' });
    await hearth.councils.reload();
  });
  after(() => hearth.stop());

  it('answers /healthz without touching the database', async () => {
    const res = await hearth.app.inject('/healthz');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('answers /readyz when the database is reachable', async () => {
    const res = await hearth.app.inject('/readyz');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ready');
  });

  it('gives every response a request id of its own (a client cannot choose it) and security headers', async () => {
    const res = await hearth.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  it('answers unknown paths with problem+json 404', async () => {
    const res = await hearth.app.inject('/no/such/thing');
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.json().status, 404);
  });

  it('serves each council its own theme, by path prefix and by host name', async () => {
    const root = await hearth.app.inject('/theme.css');
    assert.equal(root.statusCode, 200);
    assert.match(root.body, /#1d70b8/);
    const byPath = await hearth.app.inject('/c/other/theme.css');
    assert.match(byPath.body, /#4c2c92/);
    const byHost = await hearth.app.inject({ url: '/theme.css', headers: { host: 'help.other.example' } });
    assert.match(byHost.body, /#4c2c92/);
  });

  it('answers an unknown council slug with 404 naming it', async () => {
    const res = await hearth.app.inject('/c/nowhere/theme.css');
    assert.equal(res.statusCode, 404);
    assert.match(res.json().detail, /nowhere/);
  });

  it('serves GOV.UK Frontend as compiled for councils, and none of GOV.UK\'s own styles, fonts or images', async () => {
    const page = await hearth.app.inject({ url: '/', headers: { accept: 'text/html' } });
    const sheet = /href="(\/static\/govuk-[0-9a-f]+\.css)"/.exec(page.body)?.[1];
    assert.equal((await hearth.app.inject(sheet ?? '/static/govuk-missing.css')).statusCode, 200);
    assert.equal((await hearth.app.inject('/static/govuk-frontend.min.css')).statusCode, 404);
    assert.equal((await hearth.app.inject('/assets/images/favicon.ico')).statusCode, 404);
    const scss = await hearth.app.inject('/static/index.scss');
    assert.equal(scss.statusCode, 404);
  });
});

describe('text PostgreSQL cannot hold', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth.stop());

  it('refuses a NUL character in any query parameter with 400 naming it', async () => {
    const res = await hearth.app.inject('/api/search?q=%00');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().invalid_params[0].name, 'q');
    const feed = await hearth.app.inject('/oruk/services?search=a%00b');
    assert.equal(feed.statusCode, 400);
    assert.equal(feed.json().invalid_params[0].name, 'search');
  });
});
