import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHearth, type TestHearth } from '../../support/app.js';

/** A route that shows what the server believes about the client (added before the server is ready). */
async function hearthWith(env: Record<string, string>): Promise<TestHearth> {
  const hearth = await startTestHearth({ env });
  hearth.app.get('/test/client', { config: { access: 'public' } }, async (request) => ({ ip: request.ip, protocol: request.protocol, host: request.hostname, id: request.id }));
  return hearth;
}

const FORWARDED = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-request-id': 'chosen-by-client' };

describe('proxies: none trusted (HEARTH_TRUST_PROXY unset)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await hearthWith({});
  });
  after(() => hearth.stop());

  it('ignores X-Forwarded-* and the client’s request id, from anyone', async () => {
    const res = await hearth.app.inject({ url: '/test/client', remoteAddress: '127.0.0.1', headers: FORWARDED });
    const seen = res.json();
    assert.equal(seen.ip, '127.0.0.1');
    assert.equal(seen.protocol, 'http');
    assert.equal(seen.host, 'localhost');
    assert.match(seen.id, /^[0-9a-f-]{36}$/);
    assert.equal(res.headers['x-request-id'], seen.id);
  });
});

describe('proxies: HEARTH_TRUST_PROXY=10.0.0.0/8', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await hearthWith({ HEARTH_TRUST_PROXY: '10.0.0.0/8' });
  });
  after(() => hearth.stop());

  it('believes the named proxy: client address, protocol, host and a well-formed request id', async () => {
    const seen = (await hearth.app.inject({ url: '/test/client', remoteAddress: '10.1.2.3', headers: FORWARDED })).json();
    assert.deepEqual(seen, { ip: '203.0.113.9', protocol: 'https', host: 'evil.example', id: 'chosen-by-client' });
  });

  it('does not believe anyone else, nor a malformed request id from the proxy', async () => {
    const other = (await hearth.app.inject({ url: '/test/client', remoteAddress: '192.0.2.7', headers: FORWARDED })).json();
    assert.equal(other.ip, '192.0.2.7');
    assert.equal(other.protocol, 'http');
    assert.equal(other.host, 'localhost');
    assert.notEqual(other.id, 'chosen-by-client');
    const bad = (await hearth.app.inject({ url: '/test/client', remoteAddress: '10.1.2.3', headers: { 'x-request-id': 'two words\n{"forged":1}' } })).json();
    assert.match(bad.id, /^[0-9a-f-]{36}$/);
  });
});

describe('proxies: a hop count (HEARTH_TRUST_PROXY=1)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await hearthWith({ HEARTH_TRUST_PROXY: '1' });
  });
  after(() => hearth.stop());

  it('takes the client from the one hop in front, not from what the client added before it', async () => {
    const seen = (await hearth.app.inject({ url: '/test/client', remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } })).json();
    assert.equal(seen.ip, '203.0.113.9');
  });
});
