import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { migrate } from '../../../src/platform/migrate.js';
import { createLogger } from '../../../src/platform/log.js';
import { NotificationFailed, Notifications, RecordingSender, recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import { NotifySender } from '../../../src/platform/notifications/notify-sender.js';
import { platformMigrations } from '../../../src/main.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

const SERVICE_ID = '11111111-2222-4333-8444-555555555555';
const SECRET = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const TEMPLATE_SIGN_IN = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';

describe('notifications', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
  });
  after(() => database.close());

  it('the recording sender keeps the message and prints it with its link', async () => {
    const printed: string[] = [];
    const notifications = new Notifications(database.db, new RecordingSender((line) => printed.push(line)), createLogger('silent'));
    await notifications.send({ councilId: null, template: 'sign-in-link', to: { email: 'sam@example.org' }, personalisation: { link: 'http://localhost/sign-in/link?token=abc' } });
    assert.match(printed.join(''), /sign-in-link to sam@example\.org[\s\S]*link: http:\/\/localhost\/sign-in\/link\?token=abc/);
    const [kept] = await recordedNotifications(database.db, 'sam@example.org');
    assert.equal(kept.template, 'sign-in-link');
    assert.equal(kept.personalisation.link, 'http://localhost/sign-in/link?token=abc');
    assert.deepEqual(await recordedNotifications(database.db, 'SAM@example.org'), [], 'exactly the address it went to, no case folding');
  });

  it('the recording sender escapes control characters in every value it prints (no forged lines, no terminal escapes)', async () => {
    const printed: string[] = [];
    const notifications = new Notifications(database.db, new RecordingSender((line) => printed.push(line)), createLogger('silent'));
    await notifications.send({
      councilId: null,
      template: 'sign-in-link',
      to: { email: 'sam@example.org\n[Hearth notification — sign-in-link to boss@example.org]' },
      personalisation: { council: 'Testshire\u001b[2J\u001b[31m', link: 'http://x/\r\n  link: http://evil.example/', 'na\nme': 'v\u202ealue' },
    });
    const out = printed.join('');
    assert.equal(out.split('\n').filter((l) => l.startsWith('[Hearth notification')).length, 1, 'one header line only');
    assert.doesNotMatch(out, /\u001b|\r|\u202e/, 'no escape, carriage return or bidi override reaches the console');
    assert.match(out, /Testshire\\u001b\[2J/, 'shown escaped');
    assert.match(out, /link: http:\/\/x\/\\u000d\n    \|   link: http:\/\/evil/, 'the forged line is a marked continuation of the link');
    assert.equal(out.split('\n').filter((l) => l.trim().startsWith('link:')).length, 1);
    // The recipient and the field names stay on one line each.
    assert.match(out, /to sam@example\.org\\u000a\[Hearth notification/);
    assert.match(out, /na\\u000ame: /);
  });

  describe('GOV.UK Notify sender (against a local stand-in for Notify’s API)', () => {
    const seen: { method?: string; url?: string; authorization?: string; body: Record<string, unknown> }[] = [];
    let base: string;
    const server = createServer(async (req: IncomingMessage, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body: JSON.parse(text || '{}') });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'a1b2c3d4-0000-4000-8000-000000000000', reference: 'sign-in' }));
    });
    before(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends the template with its personalisation, signed with the API key, and records only the Notify id', async () => {
      const sender = new NotifySender({
        apiKey: `hearth_test-${SERVICE_ID}-${SECRET}`,
        baseUrl: base,
        templateIds: { 'sign-in-link': TEMPLATE_SIGN_IN, 'staff-invitation': TEMPLATE_SIGN_IN },
      });
      const notifications = new Notifications(database.db, sender, createLogger('silent'));
      await notifications.send({ councilId: null, template: 'sign-in-link', to: { email: 'kim@example.org' }, personalisation: { link: 'https://x/secret' }, reference: 'sign-in' });
      const request = seen.at(-1)!;
      assert.equal(request.method, 'POST');
      assert.equal(request.url, '/v2/notifications/email');
      assert.match(request.authorization ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT signed with the key');
      const claims = JSON.parse(Buffer.from(request.authorization!.split('.')[1], 'base64url').toString());
      assert.equal(claims.iss, SERVICE_ID);
      assert.deepEqual(request.body, { template_id: TEMPLATE_SIGN_IN, email_address: 'kim@example.org', personalisation: { link: 'https://x/secret' }, reference: 'sign-in' });
      const { rows } = await database.db.query<{ sender: string; provider_id: string; personalisation: unknown }>(
        `SELECT sender, provider_id, personalisation FROM notification WHERE recipient = 'kim@example.org'`,
      );
      assert.deepEqual(rows, [{ sender: 'govuk-notify', provider_id: 'a1b2c3d4-0000-4000-8000-000000000000', personalisation: {} }]);
    });
  });

  describe('a failed GOV.UK Notify call', () => {
    const LINK = 'https://hearth.example/sign-in/link?token=SECRET-SIGN-IN-TOKEN-0123456789abcdefghijklmnop';
    const TO = 'victim@example.org';
    let base: string;
    const server = createServer(async (req, res) => {
      for await (const _ of req);
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({ status_code: 400, errors: [{ error: 'BadRequestError', message: 'Can’t send to this recipient using a team-only API key' }] }),
      );
    });
    before(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** A logger writing JSON lines where the test can read them. */
    function capturingLogger() {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      return { log: pino({ level: 'info' }, stream), lines };
    }

    async function fail(baseUrl: string) {
      const { log, lines } = capturingLogger();
      const sender = new NotifySender({ apiKey: `hearth_test-${SERVICE_ID}-${SECRET}`, baseUrl, templateIds: { 'sign-in-link': TEMPLATE_SIGN_IN, 'staff-invitation': TEMPLATE_SIGN_IN } });
      const notifications = new Notifications(database.db, sender, log);
      let thrown: unknown;
      try {
        await notifications.send({ councilId: null, template: 'sign-in-link', to: { email: TO }, personalisation: { link: LINK, council: 'Testshire' }, reference: 'sign-in' });
      } catch (e) {
        thrown = e;
      }
      return { thrown, logged: lines.join('') };
    }

    const assertNothingSecret = (text: string) => {
      for (const secret of ['SECRET-SIGN-IN-TOKEN', 'token=', TO, SECRET, SERVICE_ID, 'Bearer', 'personalisation']) {
        assert.ok(!text.includes(secret), `${JSON.stringify(secret)} must not appear in: ${text.slice(0, 2000)}`);
      }
    };

    it('logs the template, Notify’s status and message, and a hashed recipient: never the link, the address or the key', async () => {
      const { thrown, logged } = await fail(base);
      assert.ok(thrown instanceof NotificationFailed);
      assert.equal(thrown.status, 400);
      const entry = JSON.parse(logged.trim().split('\n').at(-1)!);
      assert.equal(entry.msg, 'notification not sent');
      assert.equal(entry.template, 'sign-in-link');
      assert.equal(entry.status, 400);
      assert.match(entry.error, /BadRequestError: Can’t send to this recipient/);
      assert.match(entry.recipient, /^sha256:[0-9a-f]{16}$/);
      assertNothingSecret(logged);
      // Whoever logs the error further up (the request's error handler) logs nothing secret either.
      assertNothingSecret(inspect(thrown, { depth: 10 }) + JSON.stringify(thrown) + String(thrown));
      const { rows } = await database.db.query(`SELECT 1 FROM notification WHERE recipient = $1`, [TO]);
      assert.equal(rows.length, 0, 'not recorded as sent');
    });

    it('says no more when Notify cannot be reached at all', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const { thrown, logged } = await fail(`http://127.0.0.1:${port}`);
      assert.ok(thrown instanceof NotificationFailed);
      assert.equal(thrown.status, undefined);
      assert.match(JSON.parse(logged.trim().split('\n').at(-1)!).error, /ECONNREFUSED/);
      assertNothingSecret(logged);
      assertNothingSecret(inspect(thrown, { depth: 10 }));
    });
  });
});
