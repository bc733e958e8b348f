import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestHearth } from '../../../support/app.js';
import { IDS } from './fixtures.js';
import { FORM, cookiesFrom, form, formToken, startPagesHearth } from './support.js';

const HTML = { accept: 'text/html' };
const URL_FOOD = `/services/${IDS.foodBank}/out-of-date`;

describe('directory pages: tell us this is out of date', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startPagesHearth();
  });
  after(() => hearth?.stop());

  async function open(url = URL_FOOD) {
    const res = await hearth.app.inject({ url, headers: HTML });
    assert.equal(res.statusCode, 200);
    return { cookie: cookiesFrom(res.headers['set-cookie']), token: formToken(res.body), body: res.body };
  }
  const send = (cookie: string, fields: Record<string, string>, url = URL_FOOD) =>
    hearth.app.inject({ method: 'POST', url, headers: { ...HTML, ...FORM, cookie }, payload: form(fields) });
  const stored = async () =>
    (await hearth.db.query<{ message: string; reporter_email: string | null; service_id: string }>('SELECT message, reporter_email, service_id FROM service_feedback ORDER BY created_at')).rows;

  it('shows the form, naming the service', async () => {
    const { body } = await open();
    assert.match(body, /<h1 class="govuk-heading-l">Tell us this is out of date<\/h1>/);
    assert.match(body, /<span class="govuk-caption-l">Ashdown Food Bank<\/span>/);
    assert.match(body, /<textarea[^>]*id="details" name="details"/);
    assert.match(body, /You can enter up to 2000 characters/);
    assert.match(body, /<input[^>]*id="email" name="email" type="email"/);
  });

  it('asks for what is wrong, and refuses too much or a bad email address', async () => {
    const { cookie, token } = await open();
    const empty = await send(cookie, { _csrf: token, details: '   ', email: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /class="govuk-error-summary"/);
    assert.match(empty.body, /href="#details">Enter what is wrong or out of date</);

    const long = await send(cookie, { _csrf: token, details: 'x'.repeat(2001), email: '' });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /What is wrong must be 2000 characters or fewer/);
    assert.ok(long.body.includes('x'.repeat(2001)), 'what they typed is kept');

    const email = await send(cookie, { _csrf: token, details: 'The phone number is wrong', email: 'not-an-email' });
    assert.equal(email.statusCode, 400);
    assert.match(email.body, /href="#email">Enter an email address in the correct format/);
    assert.match(email.body, /value="not-an-email"/);
    assert.deepEqual(await stored(), []);
  });

  it('stores a report with its event in one go and confirms it', async () => {
    const { cookie, token } = await open();
    // Kept as identity keeps addresses, so the outcome mailed to it is in the resident's "Messages we sent you".
    const res = await send(cookie, { _csrf: token, details: 'It now opens on Tuesdays too.', email: ' Resident@EXAMPLE.org ' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${URL_FOOD}/sent?reply=1`);
    const rows = await stored();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], { message: 'It now opens on Tuesdays too.', reporter_email: 'resident@example.org', service_id: IDS.foodBank });
    const events = await hearth.db.query<{ type: string; subject: string; data: Record<string, unknown> }>(
      "SELECT type, subject, data FROM outbox WHERE type = 'directory.feedback.received'",
    );
    assert.equal(events.rows.length, 1);
    assert.equal(events.rows[0].subject, IDS.foodBank);
    assert.equal(JSON.stringify(events.rows[0].data).includes('resident@example.org'), false, 'no personal data in the event');

    const done = await hearth.app.inject({ url: `${URL_FOOD}/sent?reply=1`, headers: HTML });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /govuk-panel--confirmation/);
    assert.match(done.body, /Thank you for telling us/);
    assert.match(done.body, /We will email you when we have checked it/);
  });

  describe('sent twice (a double click): stored once with one event, both landing on the confirmation', () => {
    const reports = async (message: string) => (await hearth.db.query('SELECT 1 FROM service_feedback WHERE message = $1', [message])).rows.length;
    const events = async (message: string) =>
      (
        await hearth.db.query(
          "SELECT 1 FROM outbox o JOIN service_feedback f ON f.id::text = o.data->>'feedback_id' WHERE o.type = 'directory.feedback.received' AND f.message = $1",
          [message],
        )
      ).rows.length;
    const onceOf = (body: string) => {
      const id = /name="_once" value="([0-9a-f-]{36})"/.exec(body)?.[1];
      assert.ok(id, 'the form carries a one-time id');
      return id;
    };

    it('at the same moment', async () => {
      const { cookie, token, body } = await open();
      const fields = { _csrf: token, _once: onceOf(body), details: 'Closed on Fridays now (sent at once)', email: 'twice@example.org' };
      const [a, b] = await Promise.all([send(cookie, fields), send(cookie, fields)]);
      assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
      assert.equal(a.headers.location, `${URL_FOOD}/sent?reply=1`);
      assert.equal(b.headers.location, a.headers.location);
      assert.equal(await reports('Closed on Fridays now (sent at once)'), 1);
      assert.equal(await events('Closed on Fridays now (sent at once)'), 1);
    });

    it('one after the other', async () => {
      const { cookie, token, body } = await open();
      const fields = { _csrf: token, _once: onceOf(body), details: 'Closed on Fridays now (sent in a row)', email: '' };
      const first = await send(cookie, fields);
      const second = await send(cookie, fields);
      assert.deepEqual([first.statusCode, second.statusCode], [303, 303]);
      assert.equal(first.headers.location, `${URL_FOOD}/sent`);
      assert.equal(second.headers.location, first.headers.location);
      assert.equal(await reports('Closed on Fridays now (sent in a row)'), 1);
      assert.equal(await events('Closed on Fridays now (sent in a row)'), 1);
    });

    it('but the same form sent again with other words is a new report, and one with errors keeps nothing', async () => {
      const { cookie, token, body } = await open();
      const once = onceOf(body);
      const [a, b] = await Promise.all([send(cookie, { _csrf: token, _once: once, details: '' }), send(cookie, { _csrf: token, _once: once, details: '' })]);
      assert.deepEqual([a.statusCode, b.statusCode], [400, 400]);
      assert.match(b.body, /href="#details">Enter what is wrong or out of date</);
      await send(cookie, { _csrf: token, _once: once, details: 'First report' });
      assert.equal((await send(cookie, { _csrf: token, _once: once, details: 'Second report' })).statusCode, 303);
      assert.equal(await reports('First report'), 1);
      assert.equal(await reports('Second report'), 1);
    });
  });

  it('refuses a report without the anti-forgery token and stores nothing', async () => {
    const before = (await stored()).length;
    const { cookie } = await open();
    const res = await send(cookie, { details: 'Spam from another site' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Sorry, we could not do that/);
    assert.equal((await stored()).length, before);
  });

  it('answers unknown and malformed services with the 404 page', async () => {
    for (const url of [`/services/${IDS.unknown}/out-of-date`, '/services/nope/out-of-date', `/services/${IDS.unknown}/out-of-date/sent`]) {
      const res = await hearth.app.inject({ url, headers: HTML });
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Page not found/);
    }
    const { cookie, token } = await open();
    const res = await send(cookie, { _csrf: token, details: 'x' }, `/services/${IDS.unknown}/out-of-date`);
    assert.equal(res.statusCode, 404);
  });
});
