import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SafeFetcher, SafeFetchError, forbiddenRange, safeFetcher, type SafeFetchErrorKind } from '../../../src/platform/http/safe-fetch.js';
import { startHttpsServer, type TestHttpsServer } from '../../support/https-server.js';

const JWKS_LIMIT = 64 * 1024;
const HUGE = 150 * 1024 * 1024;

/** The fetch's failure kind (it must fail). */
async function failure(promise: Promise<unknown>): Promise<SafeFetchErrorKind> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SafeFetchError, `a SafeFetchError, not ${String(error)}`);
    return error.kind;
  }
  assert.fail('the fetch should have been refused');
}

describe('safe fetch: the outbound request guard', () => {
  let server: TestHttpsServer;
  /** What the 150 MB route wrote before the client hung up. */
  let hugeWritten = 0;
  let hugeClosed: Promise<void>;
  let hits = 0;
  /** A fetcher as tests may make one: this test server's certificate, loopback allowed for these names only. */
  let trusting: SafeFetcher;

  function streamHuge(res: ServerResponse): void {
    let markClosed!: () => void;
    hugeClosed = new Promise((resolve) => (markClosed = resolve));
    hugeWritten = 0;
    res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to refuse up front
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (hugeWritten < HUGE) {
        hugeWritten += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => markClosed());
    pump();
  }

  before(async () => {
    server = await startHttpsServer(
      (req, res) => {
        hits++;
        const path = new URL(req.url!, 'https://x').pathname;
        if (path === '/jwks.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
        if (path === '/huge') return streamHuge(res);
        if (path === '/declared-huge') return void res.writeHead(200, { 'content-length': String(HUGE) }).end();
        if (path === '/slow') return void res.writeHead(200).write('{'); // and never ends
        if (path === '/silent') return; // never answers
        if (path === '/redirect') return void res.writeHead(302, { location: '/jwks.json' }).end();
        if (path === '/redirect-http') return void res.writeHead(302, { location: `http://127.0.0.1:${server.port}/jwks.json` }).end();
        if (path === '/redirect-other-loopback') return void res.writeHead(302, { location: `https://127.0.0.2:${server.port}/jwks.json` }).end();
        if (path === '/missing') return void res.writeHead(404).end('no');
        res.writeHead(500).end();
      },
      { hostNames: ['jwks.partner.test'] },
    );
    trusting = new SafeFetcher({ allowLoopbackHosts: ['127.0.0.1', 'jwks.partner.test'], ca: server.cert, resolve: resolver({ 'jwks.partner.test': ['127.0.0.1'] }) });
  });
  after(() => server?.close());

  /** A resolver answering from a table (what a DNS server would say), for names tests make up. */
  function resolver(table: Record<string, string[]>) {
    return async (hostname: string) => {
      const addresses = table[hostname];
      if (!addresses) throw new Error(`ENOTFOUND ${hostname}`);
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  }

  it('fetches over https from an allowed host (the positive path the tests rely on)', async () => {
    const res = await trusting.fetch(`${server.origin}/jwks.json`, { maxBytes: JWKS_LIMIT });
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), '{"keys":[]}');
    const byName = await trusting.fetch(`https://jwks.partner.test:${server.port}/jwks.json`, { maxBytes: JWKS_LIMIT });
    assert.equal(byName.body.toString(), '{"keys":[]}', 'a host name resolved at connect time, its certificate checked');
  });

  it('refuses plain http and credentials in the address, before any connection', async () => {
    const before = hits;
    assert.equal(await failure(safeFetcher.fetch(`http://127.0.0.1:${server.port}/jwks.json`, { maxBytes: JWKS_LIMIT })), 'url');
    assert.equal(await failure(trusting.fetch(`http://127.0.0.1:${server.port}/jwks.json`, { maxBytes: JWKS_LIMIT })), 'url', 'even with loopback allowed');
    assert.equal(await failure(safeFetcher.fetch('https://user:pw@example.org/jwks.json', { maxBytes: JWKS_LIMIT })), 'url');
    assert.equal(await failure(safeFetcher.fetch('ftp://example.org/jwks.json', { maxBytes: JWKS_LIMIT })), 'url');
    assert.equal(hits, before, 'nothing reached the server');
  });

  it('refuses loopback, private, link-local and mapped addresses, as literals, with the server listening', async () => {
    const before = hits;
    const p = server.port;
    for (const address of [
      `https://127.0.0.1:${p}/jwks.json`,
      `https://[::1]:${p}/jwks.json`,
      `https://[::ffff:127.0.0.1]:${p}/jwks.json`,
      `https://2130706433:${p}/jwks.json`, // 127.0.0.1 written as a number
      'https://10.1.2.3/jwks.json',
      'https://192.168.0.1/jwks.json',
      'https://172.16.5.4/jwks.json',
      'https://169.254.169.254/latest/meta-data/', // the cloud metadata service
      'https://100.64.0.1/jwks.json',
      'https://0.0.0.0/jwks.json',
      'https://224.0.0.1/jwks.json',
      'https://[fd00::1]/jwks.json',
      'https://[fe80::1]/jwks.json',
      'https://[::]/jwks.json',
    ]) {
      assert.equal(await failure(safeFetcher.fetch(address, { maxBytes: JWKS_LIMIT })), 'address', address);
    }
    assert.equal(hits, before, 'nothing reached the server');
  });

  it('checks the addresses a host name resolves to when it connects: localhost is refused', async () => {
    const before = hits;
    assert.equal(await failure(safeFetcher.fetch(`https://localhost:${server.port}/jwks.json`, { maxBytes: JWKS_LIMIT })), 'address');
    assert.equal(hits, before);
  });

  it('refuses a name when any of its addresses is private, and a mapped address even for an allowed name', async () => {
    const before = hits;
    const mixed = new SafeFetcher({ ca: server.cert, resolve: resolver({ 'partner.example': ['93.184.216.34', '10.0.0.7'] }) });
    assert.equal(await failure(mixed.fetch('https://partner.example/jwks.json', { maxBytes: JWKS_LIMIT })), 'address');
    const mapped = new SafeFetcher({ allowLoopbackHosts: ['jwks.partner.test'], ca: server.cert, resolve: resolver({ 'jwks.partner.test': ['::ffff:127.0.0.1'] }) });
    assert.equal(await failure(mapped.fetch(`https://jwks.partner.test:${server.port}/jwks.json`, { maxBytes: JWKS_LIMIT })), 'address');
    const rebound = new SafeFetcher({ ca: server.cert, resolve: resolver({ 'jwks.partner.test': ['127.0.0.1'] }) });
    assert.equal(await failure(rebound.fetch(`https://jwks.partner.test:${server.port}/jwks.json`, { maxBytes: JWKS_LIMIT })), 'address', 'a name not allowed that resolves to loopback');
    assert.equal(hits, before);
  });

  it('cuts a 150 MB answer at the limit while it streams, without holding it', async () => {
    const cut = trusting.fetch(`${server.origin}/huge`, { maxBytes: JWKS_LIMIT });
    assert.equal(await failure(cut), 'too_large');
    await hugeClosed;
    assert.ok(hugeWritten < 16 * 1024 * 1024, `the connection was closed early (the server wrote ${hugeWritten} bytes of ${HUGE})`);
    assert.equal(await failure(trusting.fetch(`${server.origin}/declared-huge`, { maxBytes: JWKS_LIMIT })), 'too_large', 'a declared length over the limit is refused unread');
  });

  it('gives up at the time limit on a server that is slow or silent', async () => {
    assert.equal(await failure(trusting.fetch(`${server.origin}/slow`, { maxBytes: JWKS_LIMIT, timeoutMs: 200 })), 'timeout');
    assert.equal(await failure(trusting.fetch(`${server.origin}/silent`, { maxBytes: JWKS_LIMIT, timeoutMs: 200 })), 'timeout');
  });

  it('does not follow redirects unless asked, and then only through the same checks', async () => {
    assert.equal(await failure(trusting.fetch(`${server.origin}/redirect`, { maxBytes: JWKS_LIMIT })), 'redirect');
    const followed = await trusting.fetch(`${server.origin}/redirect`, { maxBytes: JWKS_LIMIT, maxRedirects: 1 });
    assert.equal(followed.body.toString(), '{"keys":[]}');
    assert.equal(followed.url.pathname, '/jwks.json');
    assert.equal(await failure(trusting.fetch(`${server.origin}/redirect-http`, { maxBytes: JWKS_LIMIT, maxRedirects: 3 })), 'url');
    assert.equal(await failure(trusting.fetch(`${server.origin}/redirect-other-loopback`, { maxBytes: JWKS_LIMIT, maxRedirects: 3 })), 'address');
  });

  it('an error status, an untrusted certificate, a closed port: each one kind of failure', async () => {
    assert.equal(await failure(trusting.fetch(`${server.origin}/missing`, { maxBytes: JWKS_LIMIT })), 'status');
    const untrusting = new SafeFetcher({ allowLoopbackHosts: ['127.0.0.1'] });
    assert.equal(await failure(untrusting.fetch(`${server.origin}/jwks.json`, { maxBytes: JWKS_LIMIT })), 'connect', 'a self-signed certificate is not trusted');
    const closed = await startHttpsServer(() => {});
    const port = closed.port;
    await closed.close();
    assert.equal(await failure(trusting.fetch(`https://127.0.0.1:${port}/jwks.json`, { maxBytes: JWKS_LIMIT })), 'connect');
  });

  it('forbiddenRange: public unicast only', () => {
    assert.equal(forbiddenRange('93.184.216.34'), undefined);
    assert.equal(forbiddenRange('2a00:1450:4009:81f::200e'), undefined);
    assert.equal(forbiddenRange('127.0.0.1'), 'loopback');
    assert.equal(forbiddenRange('::ffff:8.8.8.8'), 'ipv4Mapped');
    assert.equal(forbiddenRange('100.100.1.1'), 'carrierGradeNat');
    assert.equal(forbiddenRange('fc00::1'), 'uniqueLocal');
    assert.equal(forbiddenRange('not an address'), 'unparsable');
  });
});
