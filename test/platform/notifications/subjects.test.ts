import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { platformMigrations } from '../../../src/main.js';
import { createLogger } from '../../../src/platform/log.js';
import { migrate } from '../../../src/platform/migrate.js';
import { Notifications, RecordingSender } from '../../../src/platform/notifications/notifications.js';
import { NotifySender } from '../../../src/platform/notifications/notify-sender.js';
import { messagesSentTo } from '../../../src/platform/notifications/sent.js';
import { MAX_SUBJECT, recordedSubject } from '../../../src/platform/notifications/subjects.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

const TOKEN = 'SIGN-IN-TOKEN-kq3Z9vXw0123456789abcdefghijklmnopqrstuv';
const LINK = `https://hearth.example/sign-in/link?token=${TOKEN}`;

describe('notifications: what each message was about (the subject kept for the person’s own list)', () => {
  let database: TestDatabase;
  let base: string;
  const server = createServer(async (req, res) => {
    for await (const _ of req);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'a1b2c3d4-0000-4000-8000-000000000001' }));
  });
  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
  });

  /** Every column of every row sent to `to`, as one text: what a reader of the table could see. */
  const rowsText = async (to: string) =>
    JSON.stringify((await database.db.query(`SELECT * FROM notification WHERE recipient = $1`, [to])).rows);

  it('a sign-in link sent through GOV.UK Notify is recorded as “A sign-in link”: neither the link nor its token is kept anywhere in the row', async () => {
    const sender = new NotifySender({ apiKey: `hearth_test-11111111-2222-4333-8444-555555555555-66666666-7777-4888-9999-aaaaaaaaaaaa`, baseUrl: base, templateIds: { 'sign-in-link': 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff' } });
    const notifications = new Notifications(database.db, sender, createLogger('silent'));
    await notifications.send({ councilId: null, template: 'sign-in-link', to: { email: 'kim@example.org' }, personalisation: { council: 'Testshire', link: LINK, minutes: '15' }, reference: 'sign-in' });
    const text = await rowsText('kim@example.org');
    assert.doesNotMatch(text, new RegExp(TOKEN), 'no token');
    assert.doesNotMatch(text, /sign-in\/link/, 'no link');
    const [sent] = await messagesSentTo(database.db, { councilId: '00000000-0000-4000-8000-000000000000', email: 'kim@example.org' }, 5);
    assert.equal(sent.template, 'sign-in-link');
    assert.equal(sent.subject, 'A sign-in link');
  });

  it('the recording sender keeps the link in the personalisation (its purpose) but the subject is the fixed description, whatever the template', async () => {
    const notifications = new Notifications(database.db, new RecordingSender(() => {}), createLogger('silent'));
    for (const template of ['sign-in-link', 'staff-invitation', 'feedback-received'] as const) {
      await notifications.send({ councilId: null, template, to: { email: `${template}@example.org` }, personalisation: { link: LINK, subject: `Open ${LINK}` } });
      const { rows } = await database.db.query<{ subject: string }>(`SELECT subject FROM notification WHERE recipient = $1`, [`${template}@example.org`]);
      assert.doesNotMatch(rows[0].subject, /token|https?:/);
    }
    const subjects = async (to: string) => (await database.db.query<{ subject: string }>(`SELECT subject FROM notification WHERE recipient = $1`, [to])).rows.map((r) => r.subject);
    assert.deepEqual(await subjects('sign-in-link@example.org'), ['A sign-in link']);
    assert.deepEqual(await subjects('staff-invitation@example.org'), ['An invitation to sign in as staff']);
  });

  it('a `message` is recorded with the subject its block wrote', async () => {
    const notifications = new Notifications(database.db, new RecordingSender(() => {}), createLogger('silent'));
    await notifications.send({ councilId: null, template: 'message', to: { email: 'sam@example.org' }, personalisation: { subject: 'Your change to Food Bank is published', body: `See ${LINK}` } });
    const { rows } = await database.db.query<{ subject: string }>(`SELECT subject FROM notification WHERE recipient = 'sam@example.org'`);
    assert.deepEqual(rows, [{ subject: 'Your change to Food Bank is published' }]);
  });

  it('a subject never keeps a link, a line break or a control character, and is bounded', () => {
    const message = (subject: string) => recordedSubject({ template: 'message', personalisation: { subject } });
    assert.equal(message(`Sign in: ${LINK} now`), 'Sign in: … now');
    assert.equal(message('Go to hearth.example/sign-in/link?token=abc'), 'Go to …');
    assert.equal(message('Write to mailto:sam@example.org'), 'Write to …');
    assert.equal(message('Two\nlines\u202e\u0007 here'), 'Two lines here');
    assert.equal(message('Housing options: a request / Opsiynau tai: cais'), 'Housing options: a request / Opsiynau tai: cais', 'ordinary words and colons stay');
    assert.equal(message(''), 'A message');
    assert.equal(message(LINK), 'A message');
    const long = message('x'.repeat(1000));
    assert.equal(long.length, MAX_SUBJECT);
    assert.ok(long.endsWith('…'));
  });
});
