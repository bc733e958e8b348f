import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordedNotifications } from '../../../../src/platform/notifications/notifications.js';
import { sendNudges } from '../../../../src/blocks/directory/staleness/nudges.js';
import { readStalenessSettings } from '../../../../src/blocks/directory/staleness/settings.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { Browser } from '../../identity/support.js';
import { grant, linksIn, ORG_ADVICE, ORG_LUNCH, seedListings, setChecked, sid } from './support.js';

/** 09:00 on 3 December 2026, London; each nudge run is passed its own clock. */
const NOW = new Date('2026-12-03T09:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 24 * 3600_000);

describe('staleness settings', () => {
  it('defaults to 6 months, 28 days and 12 months', () => {
    assert.deepEqual(readStalenessSettings({}), { nudgeMonths: 6, remindDays: 28, flagMonths: 12, linkDays: 42 });
  });
  it('names the variable and the reason when a value is wrong', () => {
    assert.throws(() => readStalenessSettings({ HEARTH_STALE_NUDGE_MONTHS: 'six' }), /HEARTH_STALE_NUDGE_MONTHS must be a whole number from 1 to 120; it is "six"/);
    assert.throws(() => readStalenessSettings({ HEARTH_STALE_REMIND_DAYS: '0' }), /HEARTH_STALE_REMIND_DAYS must be a whole number/);
    assert.throws(() => readStalenessSettings({ HEARTH_STALE_FLAG_MONTHS: '2.5' }), /HEARTH_STALE_FLAG_MONTHS must be a whole number/);
    assert.throws(() => readStalenessSettings({ HEARTH_STALE_NUDGE_MONTHS: '9', HEARTH_STALE_FLAG_MONTHS: '6' }), /HEARTH_STALE_FLAG_MONTHS \(6\) must not be less than HEARTH_STALE_NUDGE_MONTHS \(9\)/);
  });
  it('stops the server at start', async () => {
    await assert.rejects(startTestHearth({ env: { HEARTH_STALE_REMIND_DAYS: '-3' } }), /HEARTH_STALE_REMIND_DAYS/);
  });
});

describe('nudges and the one-click "still correct" link', () => {
  let hearth: TestHearth;
  const lunchEditor = 'volunteer@lunch.example.org';
  const otherEditor = 'treasurer@lunch.example.org';

  before(async () => {
    hearth = await startTestHearth();
    await seedListings(hearth);
    await grant(hearth, lunchEditor, 'organisation_editor', ORG_LUNCH.id);
    await grant(hearth, otherEditor, 'organisation_editor', ORG_LUNCH.id);
    // Lunch club: 1 checked 7 months ago (due), 2 never checked (due), 3 checked last month (not due).
    await setChecked(hearth, 1, '2026-05-01T10:00:00Z');
    await setChecked(hearth, 2, null);
    await setChecked(hearth, 3, '2026-11-01T10:00:00Z');
    // Advice: checked 6 months ago to the day (3 June): not yet over 6 months. No editor.
    await setChecked(hearth, 4, '2026-06-03T10:00:00Z');
    // Quiet group: due, but no editor and no email of its own.
    await setChecked(hearth, 5, '2025-01-01T10:00:00Z');
  });
  after(() => hearth?.stop());

  const nudges = async (to: string) => (await recordedNotifications(hearth.db, to)).filter((m) => m.template === 'message' && /listings still right/.test(m.personalisation.subject));

  it("emails each editor one message listing the organisation's due services, and no one for those not due", async () => {
    const outcome = await sendNudges(hearth.ctx, hearth.council, NOW);
    assert.deepEqual({ ...outcome, unreachable: outcome.unreachable }, { organisations: 1, services: 2, messages: 2, unreachable: ['Quiet Group'], failed: [] });
    for (const editor of [lunchEditor, otherEditor]) {
      const [message, ...more] = await nudges(editor);
      assert.equal(more.length, 0, 'one message per organisation');
      assert.match(message.personalisation.subject, /Ashby Lunch Club/);
      const links = linksIn(message.personalisation.body);
      assert.deepEqual([...links.keys()].sort(), ['Sunday Tea', 'Thursday Lunch']);
      assert.match(message.personalisation.body, /Thursday Lunch \(last checked 1 May 2026\)/);
      assert.match(message.personalisation.body, /Sunday Tea \(never checked\)/);
      // Language not known: English and Welsh.
      assert.match(message.personalisation.body, /rhestrau Ashby Lunch Club|Ashby Lunch Club yng nghyfeiriadur/);
      for (const link of links.values()) assert.match(link, /^http:\/\/localhost:3000\/c\/testshire\/still-correct\?token=[A-Za-z0-9_-]{43}$/);
    }
    assert.equal((await nudges(ORG_LUNCH.email)).length, 0, 'the organisation address is only a fallback');
    assert.equal((await nudges(ORG_ADVICE.email)).length, 0, 'exactly six months is not over six months');
  });

  it('runs twice without sending twice, and reminds only after the interval', async () => {
    assert.equal((await sendNudges(hearth.ctx, hearth.council, NOW)).messages, 0);
    assert.equal((await sendNudges(hearth.ctx, hearth.council, days(27))).messages, 1, 'not the lunch club within 28 days; the advice listing, over six months a day later');
    assert.equal((await nudges(lunchEditor)).length, 1);
  });

  it('falls back to the organisation\'s own address when it has no editor', async () => {
    const [message, ...more] = await nudges(ORG_ADVICE.email);
    assert.equal(more.length, 0);
    assert.deepEqual([...linksIn(message.personalisation.body).keys()], ['Debt Clinic']);
  });

  let confirmLink = '';
  it('shows which listing a link confirms, and a GET changes nothing', async () => {
    const [message] = await nudges(lunchEditor);
    confirmLink = linksIn(message.personalisation.body).get('Thursday Lunch')!;
    const browser = new Browser(hearth);
    const page = await browser.get(new URL(confirmLink).pathname.replace('/c/testshire', '') + new URL(confirmLink).search);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /Is the listing for Thursday Lunch still correct\?/);
    assert.match(page.body, /Ashby Lunch Club/);
    assert.match(page.body, /1 May 2026/);
    const { rows } = await hearth.db.query<{ assured_date: string }>("SELECT to_char(assured_date, 'YYYY-MM-DD') AS assured_date FROM service WHERE id = $1", [sid(100, 1)]);
    assert.equal(rows[0].assured_date, '2026-05-01');
  });

  it('confirms with one button: assured today, audited, an event, the page and search say so; the link is spent', async () => {
    const browser = new Browser(hearth);
    const path = new URL(confirmLink).pathname + new URL(confirmLink).search;
    await browser.get(path);
    const token = new URL(confirmLink).searchParams.get('token')!;
    // No CSRF token: the link's token is the credential (no cookie, no session).
    const done = await browser.post('/c/testshire/still-correct', { token }, { csrf: false });
    assert.equal(done.statusCode, 303);
    const landing = await browser.get(done.headers.location as string);
    assert.match(landing.body, /Thursday Lunch is marked as checked today/);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const { rows } = await hearth.db.query<{ assured_date: string }>("SELECT to_char(assured_date, 'YYYY-MM-DD') AS assured_date FROM service WHERE id = $1", [sid(100, 1)]);
    assert.equal(rows[0].assured_date, today);
    const audit = await hearth.db.query<{ action: string; target: string }>("SELECT action, target FROM audit_log WHERE action = 'directory.service.assured'");
    assert.deepEqual(audit.rows, [{ action: 'directory.service.assured', target: `service:${sid(100, 1)}` }]);
    const events = await hearth.db.query<{ subject: string }>("SELECT subject FROM outbox WHERE type = 'directory.service.assured'");
    assert.deepEqual(events.rows.map((e) => e.subject), [sid(100, 1)]);
    const service = await browser.get(`/services/${sid(100, 1)}`);
    assert.doesNotMatch(service.body, /last checked over a year ago/);

    // The same link again: a clear page, nothing changed.
    const again = await browser.get(path);
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already been confirmed/);
    await browser.get(path);
    const reuse = await browser.post('/c/testshire/still-correct', { token }, { csrf: false });
    assert.equal(reuse.statusCode, 410);
    assert.equal((await hearth.db.query("SELECT 1 FROM audit_log WHERE action = 'directory.service.assured'")).rows.length, 1);
  });

  it('spends the other editor\'s link to the same listing too, and stops its reminders', async () => {
    const [message] = await nudges(otherEditor);
    const link = new URL(linksIn(message.personalisation.body).get('Thursday Lunch')!);
    const page = await new Browser(hearth).get(link.pathname + link.search);
    assert.equal(page.statusCode, 410);
    // 28 days on, only the unconfirmed Sunday Tea is reminded.
    const outcome = await sendNudges(hearth.ctx, hearth.council, days(28));
    assert.equal(outcome.organisations, 1);
    const [reminder] = await nudges(lunchEditor);
    assert.deepEqual([...linksIn(reminder.personalisation.body).keys()], ['Sunday Tea']);
  });

  it('stops nudging a listing changed since it was due (an edit is a look at it)', async () => {
    await setChecked(hearth, 2, null, days(30).toISOString());
    const outcome = await sendNudges(hearth.ctx, hearth.council, days(60));
    assert.equal((await nudges(lunchEditor)).length, 2, 'no third message: the only due listing was changed');
    assert.equal(outcome.services, 1, 'the advice listing is reminded');
  });

  it('refuses an unknown, malformed or expired link with a clear page, not a 500', async () => {
    const browser = new Browser(hearth);
    const unknown = await browser.get(`/still-correct?token=${'A'.repeat(43)}`);
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /This link does not work/);
    for (const token of ['', 'short', '<script>', 'A'.repeat(500)]) {
      const res = await browser.get(`/still-correct?token=${encodeURIComponent(token)}`);
      assert.equal(res.statusCode, 404, token);
    }
    const post = await browser.post('/still-correct', { token: 'nonsense' }, { csrf: false });
    assert.equal(post.statusCode, 404);
    // Expire the advice link (links last remind days + 14).
    const [message] = await nudges(ORG_ADVICE.email);
    const link = new URL(linksIn(message.personalisation.body).get('Debt Clinic')!);
    await hearth.db.query("UPDATE staleness_nudge_service SET expires_at = now() - interval '1 minute' WHERE service_id = $1", [sid(100, 4)]);
    const expired = await browser.get(link.pathname + link.search);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /This link has expired/);
  });

  it('answers in Welsh', async () => {
    const res = await new Browser(hearth).get(`/still-correct?token=${'B'.repeat(43)}&lang=cy`);
    assert.match(res.body, /Nid yw&#39;r ddolen hon yn gweithio|Nid yw'r ddolen hon yn gweithio/);
  });
});

describe('the "still correct" button pressed twice (a double click)', () => {
  let hearth: TestHearth;
  const editor = 'volunteer@lunch.example.org';
  before(async () => {
    hearth = await startTestHearth();
    await seedListings(hearth);
    await grant(hearth, editor, 'organisation_editor', ORG_LUNCH.id);
    await setChecked(hearth, 1, '2026-05-01T10:00:00Z');
    await setChecked(hearth, 2, null);
    await setChecked(hearth, 3, '2026-11-01T10:00:00Z');
    await sendNudges(hearth.ctx, hearth.council, NOW);
  });
  after(() => hearth?.stop());

  const assured = async () => (await hearth.db.query("SELECT 1 FROM audit_log WHERE action = 'directory.service.assured'")).rows.length;

  for (const [how, together, listing] of [['at once', true, 'Thursday Lunch'], ['in a row', false, 'Sunday Tea']] as const) {
    it(`confirms once and sends both presses to the confirmation, ${how}`, async () => {
      const [message] = (await recordedNotifications(hearth.db, editor)).filter((m) => /listings still right/.test(m.personalisation.subject));
      const link = new URL(linksIn(message.personalisation.body).get(listing)!);
      const browser = new Browser(hearth);
      const page = await browser.get(link.pathname + link.search);
      const once = /name="_once" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
      assert.ok(once, 'the form carries a one-time id');
      const before = await assured();
      const form = { token: link.searchParams.get('token')!, _once: once };
      const press = () => browser.post('/c/testshire/still-correct', form, { csrf: false });
      const [a, b] = together ? await Promise.all([press(), press()]) : [await press(), await press()];
      assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
      assert.equal(b.headers.location, a.headers.location);
      assert.match((await browser.get(String(b.headers.location))).body, new RegExp(`${listing} is marked as checked today`));
      assert.equal(await assured(), before + 1, 'one confirmation audited');
    });
  }
});
