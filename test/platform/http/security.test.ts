import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { contentSecurityDirectives, registerSecurityHeaders, securityHeaderOptions, securityHeadersOf } from '../../../src/platform/http/security.js';

/** Every header the server sends on every response outside production, as helmet 8 writes them for our options. */
const EXPECTED = {
  'content-security-policy':
    "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: https:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'self';form-action 'self' https://sign-in.example;frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const securityPart = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name in EXPECTED || name === 'strict-transport-security'));

describe('security headers, worked out once', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify();
    await registerSecurityHeaders(app, { production: false, formActionOrigins: ['https://sign-in.example'] });
    app.get('/plain', async () => ({ ok: true }));
    app.get('/refused', async () => {
      throw Object.assign(new Error('no'), { statusCode: 400 });
    });
    app.get('/own', { helmet: { contentSecurityPolicy: { useDefaults: false, directives: { ...contentSecurityDirectives(), scriptSrc: ["'self'", "'unsafe-eval'"] } }, xFrameOptions: { action: 'sameorigin' } } }, async () => 'own');
    app.get('/none', { helmet: false }, async () => 'none');
    app.get('/overridden', async (_request, reply) => reply.header('x-frame-options', 'SAMEORIGIN').send('x'));
    await app.ready();
  });
  after(() => app.close());

  it('sends every header helmet writes, with the same values, on answers, errors and 404s alike', async () => {
    for (const url of ['/plain', '/refused', '/no/such/page']) {
      const res = await app.inject(url);
      assert.deepEqual(securityPart(res.headers), EXPECTED, url);
    }
    assert.equal((await app.inject('/refused')).statusCode, 400);
  });

  it('lets a route merge its own options over the server\'s, or send none', async () => {
    const own = await app.inject('/own');
    assert.equal(own.headers['content-security-policy'], EXPECTED['content-security-policy'].replace("script-src 'self'", "script-src 'self' 'unsafe-eval'").replace(" https://sign-in.example", ''));
    assert.equal(own.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(own.headers['referrer-policy'], 'strict-origin-when-cross-origin', 'options the route does not name stay the server\'s');
    assert.deepEqual(securityPart((await app.inject('/none')).headers), {});
  });

  it('lets a handler replace one header', async () => {
    assert.equal((await app.inject('/overridden')).headers['x-frame-options'], 'SAMEORIGIN');
  });

  it('adds HSTS in production only', () => {
    assert.equal(securityHeadersOf(securityHeaderOptions({ production: true }))['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.equal(securityHeadersOf(securityHeaderOptions({ production: false }))['strict-transport-security'], undefined);
  });

  it('refuses, when the route is added, options helmet would refuse', async () => {
    const other = Fastify();
    await registerSecurityHeaders(other, { production: false });
    assert.throws(() => other.get('/bad', { helmet: { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", 'not allowed;'] } } } }, async () => 'x'));
    await other.close();
  });
});
