import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCouncil } from '../../../src/platform/councils.js';
import { allowedOrigins, councilBaseUrl, publicOrigin } from '../../../src/platform/http/public-origin.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { formTokenOf, latestLink } from '../../blocks/identity/support.js';

/**
 * "Reset-link poisoning": a sign-in request sent with a forged Host or X-Forwarded-Host must
 * not make Hearth mail a link to the forger's site. Every absolute address comes from
 * configuration.
 */
async function askForLink(hearth: TestHearth, email: string, headers: Record<string, string>, remoteAddress = '127.0.0.1') {
  const page = await hearth.app.inject({ url: '/sign-in', remoteAddress, headers: { accept: 'text/html', ...headers } });
  const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const token = formTokenOf(page.body) ?? '';
  const sent = await hearth.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie, ...headers },
    payload: new URLSearchParams({ _csrf: token, email }).toString(),
  });
  return { page, sent, link: await latestLink(hearth, email) };
}

const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

describe('public addresses: HEARTH_PUBLIC_URL unset (development)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { PORT: '4321' } });
  });
  after(() => hearth.stop());

  it('mails a sign-in link on http://localhost:{PORT}, whatever Host and X-Forwarded-Host say', async () => {
    const { sent, link } = await askForLink(hearth, 'poisoned@example.org', FORGED);
    assert.equal(sent.statusCode, 303);
    assert.match(link ?? '', /^http:\/\/localhost:4321\/sign-in\/link\?token=[\w-]+$/);
  });

  it('believes no X-Forwarded-Host even from a loopback peer when no proxy is trusted', async () => {
    const { link } = await askForLink(hearth, 'proxied@example.org', { 'x-forwarded-host': 'evil.example' });
    assert.match(link ?? '', /^http:\/\/localhost:4321\//);
  });

  it('gives the ORUK feed its configured address too', async () => {
    const res = await hearth.app.inject({ url: '/oruk/', headers: FORGED });
    assert.equal(res.json().openapi_url, 'http://localhost:4321/api/openapi.json');
  });

  it('still serves any host name as the default council (localhost, 127.0.0.1)', async () => {
    for (const host of ['localhost:4321', '127.0.0.1:4321', 'laptop.local']) {
      assert.equal((await hearth.app.inject({ url: '/theme.css', headers: { host } })).statusCode, 200, host);
    }
  });
});

describe('public addresses: HEARTH_PUBLIC_URL unset, behind a trusted proxy that passes on a forged X-Forwarded-Host', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { PORT: '4333', HEARTH_TRUST_PROXY: 'loopback' } });
  });
  after(() => hearth.stop());

  it('still mails the sign-in link on http://localhost:{PORT}', async () => {
    const { sent, link } = await askForLink(hearth, 'through-proxy@example.org', FORGED, '127.0.0.1');
    assert.equal(sent.statusCode, 303);
    assert.match(link ?? '', /^http:\/\/localhost:4333\/sign-in\/link\?token=[\w-]+$/);
  });

  it('gives the ORUK feed the local address', async () => {
    const res = await hearth.app.inject({ url: '/oruk/', headers: FORGED });
    assert.equal(res.json().openapi_url, 'http://localhost:4333/api/openapi.json');
  });
});

describe('public addresses: HEARTH_PUBLIC_URL set', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_PUBLIC_URL: 'https://help.testshire.example', HEARTH_TRUST_PROXY: 'loopback' } });
    await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council', hosts: ['help.otherton.example', 'www.otherton.example'] });
    await hearth.councils.reload();
  });
  after(() => hearth.stop());

  it('mails the link on HEARTH_PUBLIC_URL, not on the protocol a proxy forwards', async () => {
    const { link } = await askForLink(hearth, 'sam@example.org', { host: 'help.testshire.example', 'x-forwarded-proto': 'http' });
    assert.match(link ?? '', /^https:\/\/help\.testshire\.example\/sign-in\/link\?token=/);
  });

  it('ignores X-Forwarded-Host from a peer that is not a trusted proxy: the link is on HEARTH_PUBLIC_URL', async () => {
    const { sent, link } = await askForLink(hearth, 'untrusted@example.org', { host: 'help.testshire.example', 'x-forwarded-host': 'evil.example' }, '192.0.2.50');
    assert.equal(sent.statusCode, 303);
    assert.match(link ?? '', /^https:\/\/help\.testshire\.example\/sign-in\/link\?token=/);
  });

  it('refuses a forged host with 421 and sends nothing (direct, and through a trusted proxy)', async () => {
    for (const headers of [FORGED, { host: 'help.testshire.example', 'x-forwarded-host': 'evil.example' }]) {
      const { page, sent, link } = await askForLink(hearth, 'victim@example.org', headers);
      assert.equal(page.statusCode, 421);
      assert.equal(sent.statusCode, 421);
      assert.match(String(sent.headers['content-type']), /application\/problem\+json/);
      assert.equal(sent.json().status, 421);
      assert.equal(link, undefined);
    }
  });

  it("mails a council's link on its own host name (https), reached by host or by path", async () => {
    const byHost = await askForLink(hearth, 'a@example.org', { host: 'www.otherton.example' });
    assert.match(byHost.link ?? '', /^https:\/\/help\.otherton\.example\/sign-in\/link\?token=/);
    const page = await hearth.app.inject({ url: '/c/otherton/sign-in', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
  });

  it('answers health checks on any host (probes use the machine address)', async () => {
    assert.equal((await hearth.app.inject({ url: '/healthz', headers: { host: '10.1.2.3:3000' } })).statusCode, 200);
    assert.equal((await hearth.app.inject({ url: '/theme.css', headers: { host: '10.1.2.3:3000' } })).statusCode, 421);
  });
});

describe('public addresses: production', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({
      env: {
        NODE_ENV: 'production',
        HEARTH_ENCRYPTION_KEYS: 'test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
        HEARTH_PUBLIC_URL: 'https://help.testshire.example',
        // Production refuses to print links: Notify is configured (nothing here sends a message).
        HEARTH_NOTIFY_API_KEY: 'test-key',
        HEARTH_NOTIFY_BASE_URL: 'http://127.0.0.1:9',
        HEARTH_NOTIFY_TEMPLATE_SIGN_IN: '11111111-2222-4333-8444-555555555555',
        HEARTH_NOTIFY_TEMPLATE_INVITATION: '66666666-7777-4888-9999-aaaaaaaaaaaa',
        HEARTH_NOTIFY_TEMPLATE_MESSAGE: '77777777-8888-4999-aaaa-bbbbbbbbbbbb',
      },
    });
  });
  after(() => hearth.stop());

  it('refuses a host no council claims instead of serving the default council', async () => {
    const res = await hearth.app.inject({ url: '/sign-in', headers: { host: 'evil.example', accept: 'text/html' } });
    assert.equal(res.statusCode, 421);
    assert.equal((await hearth.app.inject({ url: '/sign-in', headers: { accept: 'text/html' } })).statusCode, 200);
  });
});

describe('public-origin', () => {
  const dev = { production: false, port: 3000, publicUrl: undefined };
  const live = { production: true, port: 3000, publicUrl: 'https://help.example.gov.uk/hearth' };
  const council = (hosts: string[]) => ({ council: { hosts } as never, basePath: '' });

  it("uses the council's host (https), else HEARTH_PUBLIC_URL, else localhost outside production", () => {
    assert.equal(publicOrigin(live, { hosts: ['directory.ashdown.gov.uk'] }), 'https://directory.ashdown.gov.uk');
    assert.equal(publicOrigin(live, { hosts: [] }), 'https://help.example.gov.uk/hearth');
    assert.equal(publicOrigin(dev), 'http://localhost:3000');
    assert.throws(() => publicOrigin({ ...live, publicUrl: undefined }), /HEARTH_PUBLIC_URL/);
  });

  it('keeps loopback names on http and PORT outside production (the demo)', () => {
    assert.equal(publicOrigin(dev, { hosts: ['ashdown.localhost'] }), 'http://ashdown.localhost:3000');
    assert.equal(publicOrigin(live, { hosts: ['ashdown.localhost'] }), 'https://ashdown.localhost');
    // Links name such a council by path on localhost, which every browser resolves.
    assert.equal(councilBaseUrl(dev, { council: { slug: 'ashdown', hosts: ['ashdown.localhost'] } as never, basePath: '' }), 'http://localhost:3000/c/ashdown');
  });

  it('builds page addresses from the base path only when the council has no host', () => {
    assert.equal(councilBaseUrl(live, council(['a.example'])), 'https://a.example');
    assert.equal(councilBaseUrl(live, { council: { hosts: [] } as never, basePath: '/c/b' }), 'https://help.example.gov.uk/hearth/c/b');
    assert.deepEqual(allowedOrigins(live, { hosts: ['a.example', 'www.a.example'] }), ['https://a.example', 'https://www.a.example', 'https://help.example.gov.uk']);
  });
});
