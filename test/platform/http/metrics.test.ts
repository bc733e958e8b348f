import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../../src/platform/config.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { testEngine } from '../../support/db.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('/metrics is off by default', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth?.stop());

  it('answers 404, with or without a token', async () => {
    assert.equal((await hearth.app.inject('/metrics')).statusCode, 404);
    assert.equal((await hearth.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 404);
  });
});

describe(`/metrics with HEARTH_METRICS=on and a token (${testEngine})`, () => {
  let hearth: TestHearth;
  const scrape = async () => {
    const res = await hearth.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.statusCode, 200);
    return res;
  };

  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_METRICS: 'on', HEARTH_METRICS_TOKEN: TOKEN } });
  });
  after(() => hearth?.stop());

  it('refuses a scrape without the token, or with another, as 401 problem+json naming the scheme', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await hearth.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
      assert.equal(res.statusCode, 401, String(authorization));
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.match(String(res.headers['www-authenticate']), /^Bearer /);
      assert.doesNotMatch(res.body, /hearth_http/);
    }
  });

  it('is Prometheus text with the Node process defaults', async () => {
    const res = await scrape();
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(res.body, /^process_cpu_user_seconds_total \d/m);
    assert.match(res.body, /^nodejs_heap_size_used_bytes \d/m);
  });

  it('counts requests by route pattern, method and status, with a latency histogram', async () => {
    const id = randomUUID();
    assert.equal((await hearth.app.inject(`/oruk/services/${id}`)).statusCode, 404);
    assert.equal((await hearth.app.inject(`/oruk/services/${randomUUID()}`)).statusCode, 404);
    const { body } = await scrape();
    assert.match(body, /^hearth_http_requests_total\{method="GET",route="\/oruk\/services\/:id",status_code="404"\} 2$/m);
    assert.match(body, /^hearth_http_request_duration_seconds_count\{method="GET",route="\/oruk\/services\/:id",status_code="404"\} 2$/m);
    assert.match(body, /^hearth_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/oruk\/services\/:id",status_code="404"\} 2$/m);
    assert.ok(!body.includes(id), 'the address asked for is never a label');
    await hearth.app.inject('/no/such/page');
    assert.match((await scrape()).body, /^hearth_http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1$/m);
  });

  it('reads the outbox backlog at each scrape: pending and dead-lettered events', async () => {
    const insert = (attempts: number) =>
      hearth.db.query("INSERT INTO outbox (council_id, type, subject, attempts) VALUES ($1, 'test.thing.happened', 'x', $2)", [hearth.council.id, attempts]);
    await insert(0);
    await insert(3);
    await insert(8);
    await hearth.db.query("INSERT INTO outbox (council_id, type, subject, dispatched_at) VALUES ($1, 'test.thing.happened', 'x', now())", [hearth.council.id]);
    const { body } = await scrape();
    assert.match(body, /^hearth_outbox_events\{state="pending"\} 2$/m);
    assert.match(body, /^hearth_outbox_events\{state="dead_lettered"\} 1$/m);
    await hearth.db.query('UPDATE outbox SET dispatched_at = now() WHERE dispatched_at IS NULL AND attempts < 8');
    assert.match((await scrape()).body, /^hearth_outbox_events\{state="pending"\} 0$/m);
  });

  it('shows the database connections', async () => {
    const { body } = await scrape();
    if (testEngine === 'postgres') {
      assert.match(body, /^hearth_db_pool_connections \d+$/m);
      assert.match(body, /^hearth_db_pool_idle_connections \d+$/m);
      assert.match(body, /^hearth_db_pool_waiting_queries \d+$/m);
    } else {
      assert.match(body, /^hearth_db_pglite_waiting_queries \d+$/m);
    }
  });

  it('is not in the OpenAPI document', async () => {
    const document = (await hearth.app.inject('/api/openapi.json')).json();
    assert.equal(document.paths['/metrics'], undefined);
  });
});

describe('/metrics with HEARTH_METRICS=on and no token', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_METRICS: 'on' } });
  });
  after(() => hearth?.stop());

  it('answers anyone (a private network or a proxy in front must keep it in)', async () => {
    const res = await hearth.app.inject('/metrics');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /^# TYPE hearth_http_requests_total counter$/m);
  });
});

describe('metrics settings', () => {
  it('refuses a HEARTH_METRICS other than on or off, and a short token', () => {
    assert.throws(() => readConfig({ HEARTH_METRICS: 'yes' }), (e: unknown) => e instanceof ConfigError && /HEARTH_METRICS must be on or off/.test(e.message));
    assert.throws(() => readConfig({ HEARTH_METRICS: 'on', HEARTH_METRICS_TOKEN: 'short' }), (e: unknown) => e instanceof ConfigError && /HEARTH_METRICS_TOKEN/.test(e.message));
    assert.deepEqual(readConfig({}).metrics, { enabled: false });
    assert.deepEqual(readConfig({ HEARTH_METRICS: 'ON', HEARTH_METRICS_TOKEN: TOKEN }).metrics, { enabled: true, token: TOKEN });
  });

  it('in production, refuses /metrics without a token', () => {
    const production = { NODE_ENV: 'production', HEARTH_PUBLIC_URL: 'https://help.example.gov.uk', HEARTH_NOTIFY_RECORD_ONLY: 'true', HEARTH_ENCRYPTION_KEYS: 'test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' };
    assert.throws(() => readConfig({ ...production, HEARTH_METRICS: 'on' }), (e: unknown) => e instanceof ConfigError && /HEARTH_METRICS_TOKEN/.test(e.message));
    assert.deepEqual(readConfig({ ...production, HEARTH_METRICS: 'on', HEARTH_METRICS_TOKEN: TOKEN }).metrics, { enabled: true, token: TOKEN });
    assert.deepEqual(readConfig(production).metrics, { enabled: false });
  });
});
