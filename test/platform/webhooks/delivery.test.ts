import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { Dispatcher } from '../../../src/platform/events/dispatcher.js';
import { recordEvents } from '../../../src/platform/events/outbox.js';
import { PublishedEvents } from '../../../src/platform/events/published.js';
import { SafeFetcher } from '../../../src/platform/http/safe-fetch.js';
import { createLogger } from '../../../src/platform/log.js';
import { migrate } from '../../../src/platform/migrate.js';
import { backoffSeconds, DEFAULT_WEBHOOK_SETTINGS, fanOut, newSigningSecret, retryAfterSeconds, WebhookDeliverer, type WebhookSettings } from '../../../src/platform/webhooks/index.js';
import { subscribeWebhooks } from '../../../src/platform/webhooks/fan-out.js';
import { insertEndpoint, pruneDeliveries } from '../../../src/platform/webhooks/sql.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';
import { startHttpsServer, type TestHttpsServer } from '../../support/https-server.js';

/** What the receiver does with the next requests, in turn; then it answers 204. */
type Answer = { status: number; headers?: Record<string, string> } | 'hang';

interface Received {
  headers: Record<string, string>;
  body: string;
  /** What standardwebhooks' own verify made of it (the payload), or the error it threw. */
  verified: unknown;
}

/** The event types these tests publish, as a block would declare them (the internal ones are not among them). */
const PUBLISHED = ['directory.service.created', 'directory.service.updated', 'directory.service.ended', 'directory.service.deleted', 'identity.person.created'];

describe('webhook delivery: signed, retried with back-off, dead-lettered, replayable', () => {
  let database: TestDatabase;
  let receiver: TestHttpsServer;
  let councilId: string;
  let otherCouncilId: string;
  let secret: string;
  const answers: Answer[] = [];
  const received: Received[] = [];
  const logLines: string[] = [];
  const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
  let fetcher: SafeFetcher;
  const settings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 3, timeoutMs: 500, firstRetrySeconds: 30 };
  let deliverer: WebhookDeliverer;

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
    councilId = (await addCouncil(database.db, { slug: 'hooks', name: 'Hooks Council' })).id;
    otherCouncilId = (await addCouncil(database.db, { slug: 'elsewhere', name: 'Elsewhere Council' })).id;
    secret = newSigningSecret();
    receiver = await startHttpsServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        let verified: unknown;
        try {
          verified = new Webhook(secret).verify(body, headers);
        } catch (error) {
          verified = error;
        }
        received.push({ headers, body, verified });
        const answer = answers.shift() ?? { status: 204 };
        if (answer === 'hang') return; // never answers: the sender's time limit ends it
        res.writeHead(answer.status, answer.headers).end();
      });
    });
    // The receiver is on this machine: only its loopback name is let through, as in production nothing is.
    fetcher = new SafeFetcher({
      allowLoopbackHosts: ['127.0.0.1'],
      ca: receiver.cert,
      resolve: async (host) => (host === 'partner-on-private-network.example' ? [{ address: '192.168.1.20', family: 4 }] : [{ address: host, family: 4 }]),
    });
    deliverer = new WebhookDeliverer(database.db, log, settings, fetcher);
  });
  beforeEach(async () => {
    answers.length = 0;
    received.length = 0;
    await database.db.query('DELETE FROM webhook_endpoint');
  });
  after(async () => {
    await receiver?.close();
    await database?.close();
    // Secrets never reach the logs, whatever happened above.
    const all = logLines.join('');
    assert.ok(all.includes('webhook'), 'deliveries were logged');
    assert.equal(all.includes(secret), false, 'the signing secret is never logged');
    assert.equal(all.includes(secret.slice('whsec_'.length)), false, 'nor its key');
    assert.equal(/v1,[A-Za-z0-9+/=]{20,}/.test(all), false, 'nor a signature');
  });

  const endpoint = (url: string, eventTypes: string[], council = councilId) =>
    insertEndpoint(database.db, { id: randomUUID(), councilId: council, url, description: 'test partner', eventTypes, secret, createdBy: 'admin@hooks.example' });

  /** Record events and hand them out the way the server does (dispatcher and its webhook subscriber). */
  async function happen(...events: { type: string; subject: string; data?: Record<string, unknown>; council?: string }[]) {
    await database.db.transaction((tx) => recordEvents(tx, events.map((e) => ({ councilId: e.council ?? councilId, type: e.type, subject: e.subject, data: e.data }))));
    const dispatcher = new Dispatcher(database.db, log);
    dispatcher.published.declare(PUBLISHED);
    subscribeWebhooks(dispatcher);
    while ((await dispatcher.dispatchOnce()) > 0);
  }

  const deliveries = async () =>
    (
      await database.db.query<{ id: string; endpoint_id: string; event_type: string; status: string; attempts: number; last_status: number | null; last_error: string | null; wait: number }>(
        `SELECT id, endpoint_id, event_type, status, attempts, last_status, last_error, extract(epoch FROM next_attempt_at - now())::float8 AS wait
           FROM webhook_delivery ORDER BY created_at, event_type`,
      )
    ).rows;
  const due = () => database.db.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'pending'`);

  it('fans each event out to the council endpoints that want it, once however often it is handed out', async () => {
    const services = await endpoint(`${receiver.origin}/services`, ['directory.service.*']);
    const updatesOnly = await endpoint(`${receiver.origin}/updates`, ['directory.service.updated']);
    const paused = await endpoint(`${receiver.origin}/paused`, ['*']);
    await database.db.query('UPDATE webhook_endpoint SET paused = true WHERE id = $1', [paused.id]);
    await endpoint(`${receiver.origin}/other-council`, ['*'], otherCouncilId);
    await happen(
      { type: 'directory.service.created', subject: 'svc-1', data: { name: 'Lunch club' } },
      { type: 'directory.service.updated', subject: 'svc-1' },
      { type: 'identity.person.created', subject: 'p-1' },
      { type: 'directory.servicex.created', subject: 'not-a-service' },
    );
    const rows = await deliveries();
    assert.deepEqual(
      rows.map((r) => [r.endpoint_id === services.id ? 'services' : r.endpoint_id === updatesOnly.id ? 'updates' : 'other', r.event_type]).sort(),
      [['services', 'directory.service.created'], ['services', 'directory.service.updated'], ['updates', 'directory.service.updated']],
    );
    // The dispatcher handing the same event out again (a retry after a crash) makes no second delivery.
    const { rows: events } = await database.db.query<{ id: number; council_id: string; type: string; subject: string; data: Record<string, unknown>; created_at: Date }>(
      `SELECT id, council_id, type, subject, data, created_at FROM outbox WHERE type = 'directory.service.updated'`,
    );
    const again = await database.db.transaction((tx) =>
      fanOut(tx, { id: events[0].id, councilId: events[0].council_id, type: events[0].type, subject: events[0].subject, data: events[0].data, createdAt: events[0].created_at }, new PublishedEvents().declare(PUBLISHED)),
    );
    assert.equal(again, 0);
    assert.equal((await deliveries()).length, 3);
  });

  it('sends no internal event, whatever pattern an endpoint subscribed with', async () => {
    await endpoint(`${receiver.origin}/directory`, ['directory.*']);
    await endpoint(`${receiver.origin}/everything`, ['*']);
    await happen(
      { type: 'directory.search.unmet', subject: '2026-W49', data: { words: 'skint', outcome: 'none' } },
      { type: 'directory.feedback.received', subject: 'svc-9' },
      { type: 'directory.service.updated', subject: 'svc-9' },
    );
    assert.deepEqual((await deliveries()).map((d) => d.event_type), ['directory.service.updated', 'directory.service.updated']);
    // Handed to the fan-out directly, an unpublished event still makes nothing.
    const { rows: [unmet] } = await database.db.query<{ id: number; council_id: string; type: string; subject: string; data: Record<string, unknown>; created_at: Date }>(
      `SELECT id, council_id, type, subject, data, created_at FROM outbox WHERE type = 'directory.search.unmet'`,
    );
    const made = await database.db.transaction((tx) =>
      fanOut(tx, { id: unmet.id, councilId: unmet.council_id, type: unmet.type, subject: unmet.subject, data: unmet.data, createdAt: unmet.created_at }, new PublishedEvents().declare(PUBLISHED)),
    );
    assert.equal(made, 0);
  });

  it('sends the Standard Webhooks body and headers, signed so that standardwebhooks verifies them', async () => {
    await endpoint(`${receiver.origin}/hook`, ['directory.service.*']);
    await happen({ type: 'directory.service.created', subject: 'svc-2', data: { name: 'Food bank' } });
    assert.equal(await deliverer.deliverDue(), 1);
    assert.equal(received.length, 1);
    const [message] = received;
    assert.ok(!(message.verified instanceof Error), `verified: ${String(message.verified)}`);
    assert.equal(message.headers['content-type'], 'application/json');
    assert.match(message.headers['webhook-id'], /^msg_[0-9a-f]{32}$/);
    assert.ok(Math.abs(Number(message.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
    assert.match(message.headers['webhook-signature'], /^v1,/);
    const body = JSON.parse(message.body);
    assert.equal(body.type, 'directory.service.created');
    assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
    assert.deepEqual(body.data, { name: 'Food bank', subject: 'svc-2' });
    const [row] = await deliveries();
    assert.equal(row.status, 'delivered');
    assert.equal(row.last_status, 204);
    assert.equal(row.attempts, 1);
    // A signature made with another secret is refused by the same check.
    assert.throws(() => new Webhook(newSigningSecret()).verify(message.body, message.headers));
    assert.equal(await deliverer.deliverDue(), 0, 'nothing left to send');
  });

  it('a running deliverer sends a new delivery as soon as it is committed, not at its next poll', async () => {
    // Polls a minute apart: only the commit's notification can bring the delivery in time.
    const running = new WebhookDeliverer(database.db, log, settings, fetcher, 60_000);
    running.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 500)); // listening, and the first round done
      await endpoint(`${receiver.origin}/hook`, ['directory.service.*']);
      const committed = Date.now();
      await happen({ type: 'directory.service.created', subject: 'svc-woken' });
      while (!received.length && Date.now() - committed < 5000) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(received.length, 1);
      assert.equal(JSON.parse(received[0].body).data.subject, 'svc-woken');
    } finally {
      await running.stop();
    }
  });

  it('retries after a 500 with exponential back-off and jitter, under the same message id', async () => {
    await endpoint(`${receiver.origin}/flaky`, ['directory.*']);
    await happen({ type: 'directory.service.ended', subject: 'svc-3' });
    answers.push({ status: 500 });
    await deliverer.deliverDue();
    let [row] = await deliveries();
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_status, 500);
    // The first retry waits between half and all of 30 seconds.
    assert.ok(row.wait >= 14 && row.wait <= 31, `waits ${row.wait}s`);
    assert.equal(await deliverer.deliverDue(), 0, 'not due yet');
    await due();
    await deliverer.deliverDue();
    [row] = await deliveries();
    assert.equal(row.status, 'delivered');
    assert.equal(row.attempts, 2);
    assert.equal(received.length, 2);
    assert.equal(received[0].headers['webhook-id'], received[1].headers['webhook-id']);
    assert.ok(received.every((r) => !(r.verified instanceof Error)));
  });

  it('gives up on an attempt that takes too long, and tries again later', async () => {
    await endpoint(`${receiver.origin}/slow`, ['directory.*']);
    await happen({ type: 'directory.service.updated', subject: 'svc-4' });
    answers.push('hang');
    await deliverer.deliverDue();
    const [row] = await deliveries();
    assert.equal(row.status, 'pending');
    assert.equal(row.last_status, null);
    assert.match(row.last_error ?? '', /^timeout/);
    assert.ok(row.wait > 10);
  });

  it('waits as long as a 429 asks in Retry-After', async () => {
    await endpoint(`${receiver.origin}/busy`, ['directory.*']);
    await happen({ type: 'directory.service.updated', subject: 'svc-5' });
    answers.push({ status: 429, headers: { 'retry-after': '600' } });
    await deliverer.deliverDue();
    const [row] = await deliveries();
    assert.equal(row.last_status, 429);
    assert.ok(row.wait > 590 && row.wait <= 600, `waits ${row.wait}s`);
  });

  it('dead-letters after the last attempt, and a replay sends it again', async () => {
    const e = await endpoint(`${receiver.origin}/down`, ['directory.*']);
    await happen({ type: 'directory.service.created', subject: 'svc-6' });
    answers.push({ status: 503 }, { status: 502 }, { status: 500 });
    for (let i = 0; i < settings.maxAttempts; i++) {
      await due();
      await deliverer.deliverDue();
    }
    let [row] = await deliveries();
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_status, 500);
    await due();
    assert.equal(await deliverer.deliverDue(), 0, 'a dead letter is not tried again by itself');

    const { replayDelivery } = await import('../../../src/platform/webhooks/sql.js');
    assert.equal(await replayDelivery(database.db, otherCouncilId, e.id, row.id), false, 'not from another council');
    assert.equal(await replayDelivery(database.db, councilId, e.id, row.id), true);
    assert.equal(await deliverer.deliverDue(), 1);
    [row] = await deliveries();
    assert.equal(row.status, 'delivered');
    assert.equal(row.attempts, 1);
  });

  it('never calls a private address: refused when connecting, and dead-lettered at once', async () => {
    await endpoint('https://partner-on-private-network.example/hook', ['directory.*']);
    await endpoint('https://10.1.2.3/hook', ['directory.*']);
    await happen({ type: 'directory.service.created', subject: 'svc-7' });
    assert.equal(await deliverer.deliverDue(), 2);
    const rows = await deliveries();
    assert.deepEqual(rows.map((r) => r.status), ['failed', 'failed']);
    for (const r of rows) assert.match(r.last_error ?? '', /^address: .*private/);
    assert.equal(received.length, 0);
  });

  it('holds deliveries to a paused endpoint until it resumes', async () => {
    const e = await endpoint(`${receiver.origin}/pausing`, ['directory.*']);
    await happen({ type: 'directory.service.created', subject: 'svc-8' });
    await database.db.query('UPDATE webhook_endpoint SET paused = true WHERE id = $1', [e.id]);
    assert.equal(await deliverer.deliverDue(), 0);
    await database.db.query('UPDATE webhook_endpoint SET paused = false WHERE id = $1', [e.id]);
    assert.equal(await deliverer.deliverDue(), 1);
    assert.equal((await deliveries())[0].status, 'delivered');
  });

  it('clears out old deliveries: delivered ones after the days kept, failed ones after three times as long', async () => {
    await endpoint(`${receiver.origin}/old`, ['directory.*']);
    await happen(
      { type: 'directory.service.created', subject: 'a' },
      { type: 'directory.service.updated', subject: 'b' },
      { type: 'directory.service.ended', subject: 'c' },
      { type: 'directory.service.deleted', subject: 'd' },
    );
    await database.db.query(`UPDATE webhook_delivery SET status = 'delivered', created_at = now() - interval '40 days' WHERE event_type = 'directory.service.created'`);
    await database.db.query(`UPDATE webhook_delivery SET status = 'failed', created_at = now() - interval '40 days' WHERE event_type = 'directory.service.updated'`);
    await database.db.query(`UPDATE webhook_delivery SET status = 'failed', created_at = now() - interval '100 days' WHERE event_type = 'directory.service.ended'`);
    assert.equal(await pruneDeliveries(database.db, 30, 90), 2);
    assert.deepEqual((await deliveries()).map((r) => r.event_type).sort(), ['directory.service.deleted', 'directory.service.updated']);
  });

  it('keeps the dispatcher able to record a fan-out that failed, so the event is handed out again', async () => {
    await endpoint(`${receiver.origin}/later`, ['directory.*']);
    // The delivery table refuses writes for a moment: the fan-out fails inside the dispatcher's transaction.
    await database.db.exec(`CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deliveries refused'; END $$;
      CREATE TRIGGER refuse_delivery BEFORE INSERT ON webhook_delivery FOR EACH ROW EXECUTE FUNCTION refuse_delivery();`);
    try {
      await happen({ type: 'directory.service.created', subject: 'retried' });
      const { rows } = await database.db.query<{ attempts: number; last_error: string; dispatched_at: Date | null }>(
        `SELECT attempts, last_error, dispatched_at FROM outbox WHERE subject = 'retried'`,
      );
      assert.equal(rows[0].dispatched_at, null);
      assert.equal(rows[0].attempts, 1);
      assert.match(rows[0].last_error, /deliveries refused/);
    } finally {
      await database.db.exec('DROP TRIGGER refuse_delivery ON webhook_delivery; DROP FUNCTION refuse_delivery();');
    }
    // Its back-off passed (and the endpoint was there before it happened, as it was).
    await database.db.query(`UPDATE outbox SET created_at = created_at - interval '1 hour' WHERE subject = 'retried'`);
    await database.db.query(`UPDATE webhook_endpoint SET created_at = created_at - interval '2 hours'`);
    await happen();
    assert.equal((await deliveries()).length, 1, 'delivered on the next hand-out');
  });

  it('computes back-off and reads Retry-After as seconds or a date', () => {
    const s = { ...DEFAULT_WEBHOOK_SETTINGS, firstRetrySeconds: 30, maxRetrySeconds: 3600 };
    assert.equal(backoffSeconds(1, s, () => 0), 15);
    assert.equal(backoffSeconds(1, s, () => 1), 30);
    assert.equal(backoffSeconds(3, s, () => 1), 120);
    assert.equal(backoffSeconds(20, s, () => 1), 3600, 'capped');
    assert.equal(retryAfterSeconds('120'), 120);
    assert.equal(retryAfterSeconds(new Date(Date.now() + 90_000).toUTCString()), 90);
    assert.equal(retryAfterSeconds('soon'), undefined);
    assert.equal(retryAfterSeconds(undefined), undefined);
  });
});
