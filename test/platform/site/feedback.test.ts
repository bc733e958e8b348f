import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import { fromPath } from '../../../src/platform/site/feedback.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { Browser, signIn } from '../../blocks/identity/support.js';

const summary = (html: string) =>
  [...(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => [m[1], m[2].trim().replace(/&#39;/g, "'")]);
const mainText = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('feedback: the phase banner’s form', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ council: { slug: 'testshire', name: 'Testshire Council', isDefault: true, contactEmail: 'digital@testshire.example' } });
  });
  after(() => hearth?.stop());

  it('is reached from the phase banner of any page, carrying the page it came from', async () => {
    const browser = new Browser(hearth);
    const home = await browser.get('/cookies');
    const href = /govuk-phase-banner__text">[\s\S]*?href="([^"]+)"/.exec(home.body)?.[1];
    assert.equal(href, '/feedback?from=%2Fcookies');
    const form = await browser.get(href!.replace(/&amp;/g, '&'));
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<input type="hidden" name="from" value="\/cookies">/);
    assert.match(form.body, /href="\/cookies"[^>]*>Back</);
    for (const value of ['very_satisfied', 'satisfied', 'neither', 'dissatisfied', 'very_dissatisfied']) assert.match(form.body, new RegExp(`value="${value}"`));
  });

  it('refuses an answer without satisfaction, too long, or with a bad email, with the error summary and nothing kept', async () => {
    const browser = new Browser(hearth);
    await browser.get('/feedback?from=/search');
    const res = await browser.post('/feedback', { from: '/search', details: 'x'.repeat(1201), email: 'not an email' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      ['satisfaction', 'Select how you felt about this service'],
      ['details', 'What you tell us must be 1200 characters or fewer'],
      ['email', 'Enter an email address in the correct format, like name@example.com'],
    ]);
    assert.match(res.body, /name="email"[^>]*value="not an email"/);
    const cy = await browser.post('/feedback?lang=cy', { from: '/search' });
    assert.deepEqual(summary(cy.body), [['satisfaction', "Dewiswch sut oeddech chi'n teimlo am y gwasanaeth hwn".replace("'", '’')]]);
    const { rows } = await hearth.db.query('SELECT 1 FROM site_feedback');
    assert.equal(rows.length, 0);
  });

  it('keeps an answer with the page it came from (no query, no IP address), emails the council and shows the confirmation (post/redirect/get)', async () => {
    const browser = new Browser(hearth);
    await browser.get('/feedback?from=%2Fsearch%3Fq%3Dsuicidal%26near%3DAS1%25201AA');
    const res = await browser.post('/feedback', { from: '/search?q=suicidal&near=AS1%201AA', satisfaction: 'dissatisfied', details: 'I could not find\r\nthe food bank', email: 'me@example.org' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/feedback/sent?from=%2Fsearch&reply=1');
    const sent = await browser.get(String(res.headers.location));
    assert.equal(sent.statusCode, 200);
    assert.match(mainText(sent.body), /Thank you for your feedback/);
    assert.match(mainText(sent.body), /We will reply to the email address you gave us/);
    assert.match(sent.body, /href="\/search">Go back to the page you were on/);

    const { rows } = await hearth.db.query<Record<string, unknown>>('SELECT * FROM site_feedback');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].from_path, '/search');
    assert.equal(rows[0].details, 'I could not find\nthe food bank');
    assert.equal(rows[0].satisfaction, 'dissatisfied');
    assert.equal(rows[0].email, 'me@example.org');
    assert.equal(rows[0].locale, 'en');
    assert.ok(!Object.values(rows[0]).some((v) => String(v).includes(browser.ip)), 'no IP address is kept');
    assert.deepEqual(Object.keys(rows[0]).sort(), ['council_id', 'created_at', 'details', 'email', 'from_path', 'id', 'locale', 'satisfaction']);

    const [message] = await recordedNotifications(hearth.db, 'digital@testshire.example');
    assert.equal(message.template, 'feedback-received');
    assert.equal(message.personalisation.satisfaction, 'Dissatisfied');
    assert.equal(message.personalisation.details, 'I could not find\nthe food bank');
    assert.equal(message.personalisation.page, '/search');
    assert.equal(message.personalisation.reply_to, 'me@example.org');
    assert.equal(message.personalisation.link, '', 'no absolute address without HEARTH_PUBLIC_URL or a council host');
  });

  it('does not send a second answer when the confirmation is reloaded', async () => {
    const before = (await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM site_feedback')).rows[0].n;
    const browser = new Browser(hearth);
    await browser.get('/feedback/sent');
    await browser.get('/feedback/sent');
    const after = (await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM site_feedback')).rows[0].n;
    assert.equal(after, before);
  });

  describe('sent twice (a double click), kept once and emailed once, both landing on the confirmation', () => {
    const kept = async (details: string) => (await hearth.db.query('SELECT 1 FROM site_feedback WHERE details = $1', [details])).rows.length;
    const emailed = async (details: string) => (await recordedNotifications(hearth.db, 'digital@testshire.example')).filter((m) => m.personalisation.details === details).length;
    async function openForm() {
      const browser = new Browser(hearth);
      const page = await browser.get('/feedback?from=/search');
      const formId = /name="_once" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
      assert.ok(formId, 'the form carries a one-time id');
      return { browser, formId };
    }

    it('at the same moment', async () => {
      const { browser, formId } = await openForm();
      const form = { _once: formId, from: '/search', satisfaction: 'satisfied', details: 'Sent twice at once', email: 'twice@example.org' };
      const [a, b] = await Promise.all([browser.post('/feedback', form), browser.post('/feedback', form)]);
      assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
      assert.equal(a.headers.location, '/feedback/sent?from=%2Fsearch&reply=1');
      assert.equal(b.headers.location, a.headers.location);
      assert.equal(await kept('Sent twice at once'), 1);
      assert.equal(await emailed('Sent twice at once'), 1);
    });

    it('one after the other', async () => {
      const { browser, formId } = await openForm();
      const form = { _once: formId, from: '/search', satisfaction: 'neither', details: 'Sent twice in a row' };
      const first = await browser.post('/feedback', form);
      const second = await browser.post('/feedback', form);
      assert.deepEqual([first.statusCode, second.statusCode], [303, 303]);
      assert.equal(second.headers.location, first.headers.location);
      assert.equal(first.headers.location, '/feedback/sent?from=%2Fsearch');
      assert.match(mainText((await browser.get(String(second.headers.location))).body), /Thank you for your feedback/);
      assert.equal(await kept('Sent twice in a row'), 1);
      assert.equal(await emailed('Sent twice in a row'), 1);
    });

    it('but the same form sent again with other answers (Back, then more to say) is new feedback', async () => {
      const { browser, formId } = await openForm();
      await browser.post('/feedback', { _once: formId, from: '/search', satisfaction: 'satisfied', details: 'First thoughts' });
      const again = await browser.post('/feedback', { _once: formId, from: '/search', satisfaction: 'satisfied', details: 'Second thoughts' });
      assert.equal(again.statusCode, 303);
      assert.equal(await kept('First thoughts'), 1);
      assert.equal(await kept('Second thoughts'), 1);
      assert.equal(await emailed('Second thoughts'), 1);
    });

    it('and a form with errors sent twice shows its errors both times, keeping nothing', async () => {
      const { browser, formId } = await openForm();
      const form = { _once: formId, from: '/search', details: 'No satisfaction chosen' };
      const [a, b] = await Promise.all([browser.post('/feedback', form), browser.post('/feedback', form)]);
      assert.deepEqual([a.statusCode, b.statusCode], [400, 400]);
      assert.deepEqual(summary(b.body), [['satisfaction', 'Select how you felt about this service']]);
      assert.equal(await kept('No satisfaction chosen'), 0);
    });
  });

  it('keeps only a path of this council as where the answer came from', () => {
    assert.equal(fromPath('', '/services/abc?x=1#top'), '/services/abc');
    assert.equal(fromPath('/c/testshire', '/c/testshire/search?q=1'), '/c/testshire/search');
    assert.equal(fromPath('/c/testshire', '/c/other/search'), undefined);
    assert.equal(fromPath('', '//evil.example/x'), undefined);
    assert.equal(fromPath('', 'https://evil.example/'), undefined);
    assert.equal(fromPath('', '/\\evil.example'), undefined);
    assert.equal(fromPath('', '/a\nb'), undefined);
    assert.equal(fromPath('', `/${'a'.repeat(600)}`), undefined);
  });

  it('keeps the answer when the page it came from is not this council’s, without it', async () => {
    const browser = new Browser(hearth);
    await browser.get('/c/testshire/feedback?from=https://evil.example/');
    const res = await browser.post('/c/testshire/feedback', { from: 'https://evil.example/', satisfaction: 'satisfied' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/c/testshire/feedback/sent');
    const sent = await browser.get(String(res.headers.location));
    assert.match(sent.body, /href="\/c\/testshire">Go back to the page you were on/);
  });
});

describe('feedback: what reaches the council', () => {
  it('is kept but not emailed when the council has no contact email', async () => {
    const hearth = await startTestHearth({ council: { slug: 'quiet', name: 'Quiet Council', isDefault: true } });
    try {
      const browser = new Browser(hearth);
      await browser.get('/feedback');
      assert.equal((await browser.post('/feedback', { satisfaction: 'neither' })).statusCode, 303);
      assert.equal((await hearth.db.query('SELECT 1 FROM site_feedback')).rows.length, 1);
      assert.equal((await recordedNotifications(hearth.db)).filter((m) => m.template === 'feedback-received').length, 0);
    } finally {
      await hearth.stop();
    }
  });

  it('is kept but not emailed when GOV.UK Notify has no feedback template, and the privacy notice names Notify', async () => {
    const id = '11111111-2222-3333-4444-555555555555';
    const hearth = await startTestHearth({
      council: { slug: 'notified', name: 'Notified Council', isDefault: true, contactEmail: 'digital@notified.example', hosts: ['help.notified.example'] },
      env: { HEARTH_NOTIFY_API_KEY: 'test-key', HEARTH_NOTIFY_TEMPLATE_SIGN_IN: id, HEARTH_NOTIFY_TEMPLATE_INVITATION: id, HEARTH_NOTIFY_TEMPLATE_MESSAGE: id },
    });
    try {
      const browser = new Browser(hearth);
      await browser.get('/feedback');
      assert.equal((await browser.post('/feedback', { satisfaction: 'satisfied' })).statusCode, 303);
      assert.equal((await hearth.db.query('SELECT 1 FROM site_feedback')).rows.length, 1);
      assert.equal((await recordedNotifications(hearth.db)).filter((m) => m.template === 'feedback-received').length, 0);
      const privacy = await browser.get('/privacy');
      assert.match(mainText(privacy.body), /We send emails through GOV\.UK Notify/);
    } finally {
      await hearth.stop();
    }
  });

  it('links the council’s email to its own host’s admin page when it has one', async () => {
    const hearth = await startTestHearth({ council: { slug: 'hosted', name: 'Hosted Council', isDefault: true, contactEmail: 'digital@hosted.example', hosts: ['help.hosted.example'] } });
    try {
      const browser = new Browser(hearth);
      await browser.get('/feedback');
      await browser.post('/feedback', { satisfaction: 'very_satisfied' });
      const [message] = await recordedNotifications(hearth.db, 'digital@hosted.example');
      assert.equal(message.personalisation.link, 'https://help.hosted.example/admin/feedback');
    } finally {
      await hearth.stop();
    }
  });
});

describe('/admin/feedback: a council admin reads the answers', () => {
  let hearth: TestHearth;
  let admin: Browser;
  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    // 120 answers a minute apart: three pages of 50. The newest says "answer 119".
    await hearth.db.query(
      `INSERT INTO site_feedback (council_id, satisfaction, details, email, from_path, locale, created_at)
       SELECT $1, 'satisfied', 'answer ' || n, CASE WHEN n = 0 THEN '=HYPERLINK("http://evil.example")' END, '/search', 'en', now() - make_interval(mins => 200 - n)
       FROM generate_series(0, 119) AS n`,
      [hearth.council.id],
    );
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth?.stop());

  it('shows the newest first, 50 a page, with pagination', async () => {
    const first = await admin.get('/admin/feedback');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'no-store');
    const answers = [...first.body.matchAll(/answer (\d+)/g)].map((m) => Number(m[1]));
    assert.equal(answers.length, 50);
    assert.equal(answers[0], 119);
    assert.equal(answers[49], 70);
    assert.match(mainText(first.body), /120 answers in all/);
    assert.match(first.body, /href="\/admin\/feedback\?page=2"/);
    const last = await admin.get('/admin/feedback?page=3');
    const lastAnswers = [...last.body.matchAll(/answer (\d+)/g)].map((m) => Number(m[1]));
    assert.equal(lastAnswers.length, 20);
    assert.equal(lastAnswers.at(-1), 0);
  });

  it('refuses a page number that is not one with 400', async () => {
    for (const page of ['0', 'two', '-1', '1e3']) {
      const res = await admin.get(`/admin/feedback?page=${page}`);
      assert.equal(res.statusCode, 400, page);
      assert.match(res.body, /The page number must be a whole number from 1 up/);
    }
  });

  it('downloads every answer as CSV, with formulas made harmless', async () => {
    const res = await admin.get('/admin/feedback.csv');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="feedback-testshire\.csv"/);
    const lines = res.body.trimEnd().split('\r\n');
    assert.equal(lines.length, 121);
    assert.equal(lines[0], '"when","satisfaction","details","page","reply_to","language"');
    assert.match(lines[1], /"answer 119"/);
    assert.match(lines[120], /"'=HYPERLINK\(""http:\/\/evil\.example""\)"/);
  });

  it('is for council admins only', async () => {
    const resident = await signIn(hearth, 'someone@example.org');
    assert.equal((await resident.get('/admin/feedback')).statusCode, 403);
    assert.equal((await resident.get('/admin/feedback.csv')).statusCode, 403);
  });
});
