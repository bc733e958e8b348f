import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../src/platform/db/db.js';
import { openPostgres } from '../../../src/platform/db/postgres.js';
import { countHit, DEFAULT_WRITE_LIMIT, hit, RateLimited } from '../../../src/platform/http/rate-limit.js';
import { freshDatabase, testEngine, type TestDatabase } from '../../support/db.js';
import { platformServer } from '../../support/platform-server.js';

const LIMITED = { bucket: 'test-limited', max: 3, windowSeconds: 60 };
const PAGE = { bucket: 'test-page', max: 1, windowSeconds: 60 };

/** Routes of every kind the limiter tells apart, registered at the root and under /c/testshire. */
async function testRoutes(app: FastifyInstance) {
  app.post('/limited', { config: { access: 'public', rateLimit: LIMITED } }, async () => ({ ok: true }));
  app.post('/write', { config: { access: 'public' } }, async () => ({ ok: true }));
  app.delete('/write', { config: { access: 'public' } }, async () => ({ ok: true }));
  app.post('/unlimited', { config: { access: 'public', rateLimit: false } }, async () => ({ ok: true }));
  app.get('/read', { config: { access: 'public' } }, async () => ({ ok: true }));
  app.get('/page', { config: { access: 'public', html: true, rateLimit: PAGE } }, async (_request, reply) => reply.type('text/html').send('<p>ok</p>'));
}

describe(`rate limits through @fastify/rate-limit with the rate_limit table (${testEngine})`, () => {
  let database: TestDatabase;
  let second: Db;
  let one: FastifyInstance;
  let two: FastifyInstance;

  before(async () => {
    database = await freshDatabase();
    // Two servers on one database: on PostgreSQL each with its own pool, as two processes would be.
    second = database.url ? await openPostgres(database.url, 2) : database.db;
    one = (await platformServer(database.db, { councilRoutes: testRoutes })).app;
    two = (await platformServer(second, { councilRoutes: testRoutes })).app;
  });
  after(async () => {
    await one?.close();
    await two?.close();
    if (second && second !== database.db) await second.close();
    await database?.close();
  });

  const post = (app: FastifyInstance, url: string, remoteAddress: string) => app.inject({ method: 'POST', url, remoteAddress, payload: {} });

  // Windows are the clock's minutes (rate-limit.ts windowOf): a test whose hits straddled a
  // minute's end would see its count start again part way. Each test begins clear of the edge.
  beforeEach(async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  });

  it('lets a route’s own limit through, then refuses with 429, Retry-After and a problem+json body', async () => {
    for (let i = 1; i <= LIMITED.max; i++) assert.equal((await post(one, '/limited', '192.0.2.1')).statusCode, 200, `request ${i}`);
    const refused = await post(one, '/limited', '192.0.2.1');
    assert.equal(refused.statusCode, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= LIMITED.windowSeconds, `Retry-After ${refused.headers['retry-after']}`);
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(refused.json(), {
      type: 'about:blank',
      title: 'Too many requests',
      status: 429,
      detail: `Too many attempts. Try again in ${retryAfter} seconds.`,
      instance: '/limited',
    });
    assert.equal(refused.headers['x-ratelimit-limit'], undefined, 'only Retry-After, as before the plugin');
    assert.equal((await post(one, '/limited', '192.0.2.2')).statusCode, 200, 'another address has its own count');
    assert.equal((await post(one, '/c/testshire/limited', '192.0.2.1')).statusCode, 429, 'the /c/{council} twin counts in the same bucket');
  });

  it('starts again when the window has passed', async () => {
    assert.equal((await post(one, '/limited', '192.0.2.3')).statusCode, 200);
    for (let i = 1; i < LIMITED.max; i++) await post(one, '/limited', '192.0.2.3');
    assert.equal((await post(one, '/limited', '192.0.2.3')).statusCode, 429);
    // The window this count belongs to is over (as a minute later): a new window begins.
    await database.db.query("UPDATE rate_limit SET window_start = window_start - interval '60 seconds' WHERE bucket = $1 AND key = $2", [LIMITED.bucket, '192.0.2.3']);
    assert.equal((await post(one, '/limited', '192.0.2.3')).statusCode, 200);
  });

  it('shares each count between two servers on one database', async () => {
    assert.equal((await post(one, '/limited', '192.0.2.4')).statusCode, 200);
    assert.equal((await post(two, '/limited', '192.0.2.4')).statusCode, 200);
    assert.equal((await post(one, '/limited', '192.0.2.4')).statusCode, 200);
    assert.equal((await post(two, '/limited', '192.0.2.4')).statusCode, 429, 'the fourth request, whichever server answers it');
    assert.equal((await post(one, '/limited', '192.0.2.4')).statusCode, 429);
  });

  it('limits every write without a limit of its own by the `writes` bucket, not reads and not rateLimit: false', async () => {
    const address = '192.0.2.5';
    for (let i = 1; i < DEFAULT_WRITE_LIMIT.max; i++) assert.equal((await post(one, '/write', address)).statusCode, 200, `write ${i}`);
    assert.equal((await one.inject({ method: 'DELETE', url: '/write', remoteAddress: address })).statusCode, 200, 'DELETE counts in the same bucket');
    assert.equal((await post(two, '/write', address)).statusCode, 429);
    assert.equal((await one.inject({ method: 'GET', url: '/read', remoteAddress: address })).statusCode, 200, 'reads are not limited');
    for (let i = 0; i < 5; i++) assert.equal((await post(one, '/unlimited', address)).statusCode, 200, 'rateLimit: false');
    const { rows } = await database.db.query<{ bucket: string }>('SELECT DISTINCT bucket FROM rate_limit WHERE key = $1 ORDER BY bucket', [address]);
    assert.deepEqual(rows.map((r) => r.bucket), ['writes']);
  });

  it('answers an HTML route’s 429 with an error page', async () => {
    const headers = { accept: 'text/html' };
    assert.equal((await one.inject({ url: '/page', remoteAddress: '192.0.2.6', headers })).statusCode, 200);
    const refused = await one.inject({ url: '/page', remoteAddress: '192.0.2.6', headers });
    assert.equal(refused.statusCode, 429);
    assert.match(String(refused.headers['content-type']), /^text\/html/);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.match(refused.body, /<h1[^>]*>\s*Too many attempts\s*<\/h1>/, 'the title in the reader’s language (error.too_many_title)');
    assert.match(refused.body, /Testshire Council/, 'in the council’s layout');
  });

  it('keeps hit() for limits keyed on something else: it counts in the table and refuses over the limit', async () => {
    const limit = { bucket: 'test-keyed', max: 2, windowSeconds: 900 };
    const now = new Date('2026-01-01T10:05:00Z');
    await hit(database.db, limit, 'someone@example.org', now);
    await hit(second, limit, 'someone@example.org', now);
    await assert.rejects(hit(database.db, limit, 'someone@example.org', now), (error: unknown) => {
      assert.ok(error instanceof RateLimited);
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterSeconds, 600, 'the window began at 10:00 and ends at 10:15');
      return true;
    });
    // The next window starts from nothing.
    const next = await countHit(database.db, limit, 'someone@example.org', new Date('2026-01-01T10:15:00Z'));
    assert.deepEqual(next, { hits: 1, resetInMs: 900_000, exceeded: false });
  });
});
