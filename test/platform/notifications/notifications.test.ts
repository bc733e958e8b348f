import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../../src/platform/migrate.js';
import { createLogger } from '../../../src/platform/log.js';
import { Notifications, RecordingSender, recordedNotifications } from '../../../src/platform/notifications/notifications.js';
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
    const [kept] = await recordedNotifications(database.db, 'SAM@example.org');
    assert.equal(kept.template, 'sign-in-link');
    assert.equal(kept.personalisation.link, 'http://localhost/sign-in/link?token=abc');
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
});
