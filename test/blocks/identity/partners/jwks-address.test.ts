import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import type { ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { KEYS_UNAVAILABLE } from '../../../../src/blocks/identity/partners/client-auth.js';
import { remotePartnerKeysFor } from '../../../../src/blocks/identity/partners/remote-jwks.js';
import { jwksUriProblem, registerClient } from '../../../../src/blocks/identity/partners/service.js';
import { safeFetcher, SafeFetcher } from '../../../../src/platform/http/safe-fetch.js';
import type { TestHearth } from '../../../support/app.js';
import { startHttpsServer, type TestHttpsServer } from '../../../support/https-server.js';
import { clientAssertion, form, FORM_TYPE, freshAddress, issuerOf, partnerKey, startPartnersHearth, type PartnerKey } from './support.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** A made-up name the test's guard resolves to 127.0.0.1 and lets through. */
const TEST_HOST = 'jwks.partner.test';

/**
 * A partner's JWKS address is fetched when anyone asks the token endpoint for a token naming
 * that client: the server-side request forgery and memory exhaustion the security review
 * reproduced, and the one answer every failure gets.
 */
describe('partner systems: keys at a JWKS address', () => {
  let hearth: TestHearth;
  let server: TestHttpsServer;
  let key: PartnerKey;
  let hits = 0;
  const tokenUrl = () => `${issuerOf('testshire')}/oauth/token`;
  /** The guard a test may build: this server's certificate trusted, loopback allowed for TEST_HOST only. */
  const testGuard = () =>
    new SafeFetcher({
      allowLoopbackHosts: [TEST_HOST],
      ca: server.cert,
      resolve: async (host) => (host === TEST_HOST ? [{ address: '127.0.0.1', family: 4 }] : lookup(host, { all: true })),
    });

  function endless(res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    const pump = () => {
      while (written < 150 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }

  before(async () => {
    hearth = await startPartnersHearth();
    key = await partnerKey('remote-1');
    server = await startHttpsServer(
      (req, res) => {
        hits++;
        const path = new URL(req.url!, 'https://x').pathname;
        if (path === '/jwks.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(key.jwks));
        if (path === '/huge') return endless(res);
        if (path === '/slow') return void res.writeHead(200).write('{"keys":');
        if (path === '/html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>admin console</html>');
        if (path === '/redirect') return void res.writeHead(302, { location: '/jwks.json' }).end();
        res.writeHead(500).end('internal detail');
      },
      { hostNames: [TEST_HOST] },
    );
  });
  after(async () => {
    remotePartnerKeysFor(hearth.db).useFetcher(safeFetcher);
    await server?.close();
    await hearth?.stop();
  });
  beforeEach(() => remotePartnerKeysFor(hearth.db).useFetcher(safeFetcher));

  async function clientAt(jwksUri: string): Promise<string> {
    const refused = jwksUriProblem(jwksUri);
    const c = await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Partner', authMethod: 'private_key_jwt', jwksUri: refused ? 'https://placeholder.example/jwks.json' : jwksUri, scopes: ['partner.read'] });
    // Registration refuses http and plainly private addresses now; one stored before (or a name
    // that resolves to such an address) must still be refused when it is fetched.
    if (refused) await hearth.db.query('UPDATE partner_client SET jwks_uri = $3 WHERE council_id = $1 AND id = $2', [hearth.council.id, c.client.id, jwksUri]);
    return c.client.clientId;
  }

  const askToken = async (clientId: string) =>
    hearth.app.inject({
      method: 'POST',
      url: '/oauth/token',
      remoteAddress: freshAddress(),
      headers: FORM_TYPE,
      payload: form({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(key, clientId, tokenUrl()) }),
    });

  it('works over https from a host the test allows (the positive path)', async () => {
    remotePartnerKeysFor(hearth.db).useFetcher(testGuard());
    const res = await askToken(await clientAt(`https://${TEST_HOST}:${server.port}/jwks.json`));
    assert.equal(res.statusCode, 200, res.body);
  });

  it('never fetches plain http, loopback, private or mapped addresses, and answers each with the same invalid_client', async () => {
    const before = hits;
    const p = server.port;
    const answers = new Map<string, { status: number; body: string }>();
    for (const uri of [
      `http://127.0.0.1:${p}/jwks.json`,
      `https://127.0.0.1:${p}/jwks.json`,
      `https://[::1]:${p}/jwks.json`,
      `https://[::ffff:127.0.0.1]:${p}/jwks.json`,
      `https://localhost:${p}/jwks.json`,
      'https://10.0.0.1/jwks.json',
      'https://169.254.169.254/latest/meta-data/iam/',
    ]) {
      const res = await askToken(await clientAt(uri));
      answers.set(uri, { status: res.statusCode, body: res.body });
    }
    assert.equal(hits, before, 'the server on this machine was never reached, though it would have answered with the right keys');
    const distinct = new Set([...answers.values()].map((a) => `${a.status} ${a.body}`));
    assert.equal(distinct.size, 1, `one answer for every address: ${[...distinct].join('\n')}`);
    const [one] = answers.values();
    assert.equal(one.status, 401);
    assert.deepEqual(JSON.parse(one.body), { error: 'invalid_client', error_description: KEYS_UNAVAILABLE });
  });

  it('cuts a 150 MB answer, gives up on a slow or closed server, refuses what is not a key set or redirects: all with that same answer', async () => {
    remotePartnerKeysFor(hearth.db).useFetcher(testGuard(), { timeoutMs: 300 });
    const closed = await startHttpsServer(() => {});
    const closedPort = closed.port;
    await closed.close();
    const bodies = new Set<string>();
    for (const path of ['/huge', '/slow', '/html', '/redirect', '/error']) {
      const res = await askToken(await clientAt(`https://${TEST_HOST}:${server.port}${path}`));
      assert.equal(res.statusCode, 401, path);
      bodies.add(res.body);
    }
    const refused = await askToken(await clientAt(`https://${TEST_HOST}:${closedPort}/jwks.json`));
    assert.equal(refused.statusCode, 401);
    bodies.add(refused.body);
    assert.deepEqual([...bodies].map((b) => JSON.parse(b)), [{ error: 'invalid_client', error_description: KEYS_UNAVAILABLE }]);
  });

  it('remembers a failure for a while: anonymous callers cannot make Hearth fetch again and again', async () => {
    remotePartnerKeysFor(hearth.db).useFetcher(testGuard());
    const clientId = await clientAt(`https://${TEST_HOST}:${server.port}/error`);
    const before = hits;
    for (let i = 0; i < 5; i++) assert.equal((await askToken(clientId)).statusCode, 401);
    assert.equal(hits - before, 1, 'fetched once for five requests');
  });

  it('a key set fetched once serves later requests; a key it lacks fetches again at most every 30 seconds', async () => {
    remotePartnerKeysFor(hearth.db).useFetcher(testGuard());
    const clientId = await clientAt(`https://${TEST_HOST}:${server.port}/jwks.json`);
    const before = hits;
    for (let i = 0; i < 3; i++) assert.equal((await askToken(clientId)).statusCode, 200);
    assert.equal(hits - before, 1, 'one fetch for three tokens');
    const stranger = await partnerKey('not-published');
    const res = await hearth.app.inject({
      method: 'POST',
      url: '/oauth/token',
      remoteAddress: freshAddress(),
      headers: FORM_TYPE,
      payload: form({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(stranger, clientId, tokenUrl()) }),
    });
    assert.equal(res.statusCode, 401);
    assert.equal(hits - before, 1, 'a set younger than 30 seconds is not fetched again for an unknown key');
  });
});
