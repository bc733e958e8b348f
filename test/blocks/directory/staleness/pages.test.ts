import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordedNotifications } from '../../../../src/platform/notifications/notifications.js';
import { emailWaitingReports } from '../../../../src/blocks/directory/staleness/reports.js';
import { organisationReports } from '../../../../src/blocks/directory/index.js';
import { sendNudges } from '../../../../src/blocks/directory/staleness/nudges.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { Browser, signIn } from '../../identity/support.js';
import { grant, needs, ORG_ADVICE, ORG_LUNCH, seedListings, setChecked, sid } from './support.js';

/**
 * The staleness dashboard, residents' reports and the public flag, with a flag limit of 9
 * months (HEARTH_STALE_FLAG_MONTHS) to show it is the configuration, not a fixed year, that decides.
 */
describe('staleness pages', () => {
  let hearth: TestHearth;
  let manager: Browser;
  let editor: Browser;
  const lunchEditor = 'volunteer@lunch.example.org';
  const day = 24 * 3600_000;
  const ago = (days: number) => new Date(Date.now() - days * day).toISOString();

  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_STALE_FLAG_MONTHS: '9' } });
    await seedListings(hearth);
    await setChecked(hearth, 1, ago(30)); // under 6 months
    await setChecked(hearth, 2, ago(200)); // 6 to 9 months
    await setChecked(hearth, 3, ago(300)); // over 9 months: flagged
    await setChecked(hearth, 4, null); // never
    await setChecked(hearth, 5, ago(10));
    await grant(hearth, 'manager@testshire.example', 'directory_manager');
    await grant(hearth, lunchEditor, 'organisation_editor', ORG_LUNCH.id);
    await grant(hearth, 'editor@advice.example.org', 'organisation_editor', ORG_ADVICE.id);
    manager = await signIn(hearth, 'manager@testshire.example');
    editor = await signIn(hearth, lunchEditor);
  });
  after(() => hearth?.stop());

  it('flags a listing past the configured limit on its card and its page, and keeps it listed', async () => {
    const browser = new Browser(hearth);
    const flagged = await browser.get(`/services/${sid(100, 3)}`);
    assert.equal(flagged.statusCode, 200);
    assert.match(flagged.body, /last checked more than 9 months ago/);
    const fresh = await browser.get(`/services/${sid(100, 2)}`);
    assert.doesNotMatch(fresh.body, /last checked more than/);
    const results = await browser.get('/search?q=Lunch+Deliveries');
    assert.match(results.body, /Lunch Deliveries/);
    assert.match(results.body, /last checked more than 9 months ago/);
  });

  it('counts listings by age band, organisation and category', async () => {
    const res = await manager.get('/admin/directory/staleness');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    /** A row's counts per band, in the order recent, due, overdue, never (0 when not listed). */
    const cells = (label: string) => {
      const row = new RegExp(`<th scope="row"[^>]*>${label}</th>\\s*<td[^>]*>(.*?)</td>`, 's').exec(res.body);
      assert.ok(row, `a row for ${label}`);
      const counts = new Map([...row[1].matchAll(/data-band="(\w+)"><a[^>]*>(\d+):/g)].map((m) => [m[1], Number(m[2])]));
      return ['recent', 'due', 'overdue', 'never'].map((b) => counts.get(b) ?? 0);
    };
    assert.deepEqual(cells('All listings'), [2, 1, 1, 1]);
    assert.deepEqual(cells('Ashby Lunch Club'), [1, 1, 1, 0]);
    assert.deepEqual(cells('Riverside Advice'), [0, 0, 0, 1]);
    const { first, second } = needs();
    // First need: Thursday Lunch (under a child term, 30 days) and Sunday Tea (200 days).
    assert.deepEqual(cells(first.name), [1, 1, 0, 0]);
    // Second need: Lunch Deliveries (300 days) and Debt Clinic (never).
    assert.deepEqual(cells(second.name), [0, 0, 1, 1]);
    assert.match(res.body, /Under 6 months/);
    assert.match(res.body, /Over 9 months/);
  });

  it('lists services least recently checked first, filtered, and as CSV', async () => {
    const all = await manager.get('/admin/directory/staleness');
    const order = [...all.body.matchAll(/href="\/services\/[^"]+">([^<]+)<\/a><br>/g)].map((m) => m[1]);
    assert.deepEqual(order, ['Debt Clinic', 'Lunch Deliveries', 'Sunday Tea', 'Thursday Lunch', 'Quiet Walks']);
    const overdue = await manager.get('/admin/directory/staleness?band=overdue');
    assert.deepEqual([...overdue.body.matchAll(/href="\/services\/[^"]+">([^<]+)<\/a><br>/g)].map((m) => m[1]), ['Lunch Deliveries']);
    const { first } = needs();
    const byCategory = await manager.get(`/admin/directory/staleness?category=${first.id}`);
    assert.deepEqual([...byCategory.body.matchAll(/href="\/services\/[^"]+">([^<]+)<\/a><br>/g)].map((m) => m[1]), ['Sunday Tea', 'Thursday Lunch']);
    const csv = await manager.get(`/admin/directory/staleness.csv?organisation=${ORG_LUNCH.id}`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], '"service_id","service","organisation_id","organisation","last_checked","last_nudged","nudges"');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[1]), ['"Lunch Deliveries"', '"Sunday Tea"', '"Thursday Lunch"']);
  });

  it('shows the last nudge of each listing', async () => {
    await sendNudges(hearth.ctx, hearth.council, new Date());
    const res = await manager.get(`/admin/directory/staleness?organisation=${ORG_LUNCH.id}&band=due`);
    assert.match(res.body, /Sunday Tea/);
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    assert.ok(res.body.includes(`<td class="govuk-table__cell">${today}</td>`), 'nudged today');
  });

  it('names the field of a bad filter with a 400, never a 500', async () => {
    for (const [query, field] of [['band=ancient', 'band'], ['organisation=nope', 'organisation'], ['category=x', 'category'], ['page=0', 'page']]) {
      const res = await manager.get(`/admin/directory/staleness?${query}`);
      assert.equal(res.statusCode, 400, query);
      assert.match(res.body, new RegExp(`href="#${field}"`), query);
    }
    assert.equal((await manager.get('/admin/directory/staleness.csv?band=ancient')).statusCode, 400);
    assert.equal((await manager.get('/admin/directory/reports?status=lost')).statusCode, 400);
  });

  it('keeps the dashboard and reports from editors, residents and the signed out', async () => {
    const resident = await signIn(hearth, 'resident@example.com');
    for (const path of ['/admin/directory/staleness', '/admin/directory/staleness.csv', '/admin/directory/reports']) {
      assert.equal((await editor.get(path)).statusCode, 403, `editor: ${path}`);
      assert.equal((await resident.get(path)).statusCode, 403, `resident: ${path}`);
      const anonymous = await new Browser(hearth).get(path);
      assert.ok([302, 303].includes(anonymous.statusCode), `signed out: ${path} ${anonymous.statusCode}`);
      assert.match(String(anonymous.headers.location), /sign-in/);
    }
  });

  let reportId = '';
  it('emails the editors when a resident reports a listing out of date, once', async () => {
    const browser = new Browser(hearth);
    await browser.get(`/services/${sid(100, 2)}/out-of-date`);
    const sent = await browser.post(`/services/${sid(100, 2)}/out-of-date`, { details: 'It moved to Saturdays.', email: 'resident@example.com' });
    assert.equal(sent.statusCode, 303);
    assert.deepEqual(await emailWaitingReports(hearth.ctx, new Date()), { sent: 1, failed: 0 });
    assert.deepEqual(await emailWaitingReports(hearth.ctx, new Date()), { sent: 0, failed: 0 });
    const [message, ...more] = (await recordedNotifications(hearth.db, lunchEditor)).filter((m) => /out of date/.test(m.personalisation.subject ?? ''));
    assert.equal(more.length, 0);
    assert.match(message.personalisation.subject, /Sunday Tea/);
    assert.match(message.personalisation.body, /It moved to Saturdays\./);
    assert.doesNotMatch(message.personalisation.body, /resident@example\.com/, 'the editor is not told who reported it');
    assert.equal((await recordedNotifications(hearth.db, 'editor@advice.example.org')).filter((m) => /out of date/.test(m.personalisation.subject ?? '')).length, 0, 'not another organisation\'s editors');
    const { rows } = await organisationReports(hearth.db, hearth.council.id, ORG_LUNCH.id);
    assert.equal(rows.length, 1);
    assert.equal('reporter_email' in rows[0], false);
    reportId = rows[0].id;
  });

  it('lets a manager work the report and tells the resident the outcome once', async () => {
    const list = await manager.get('/admin/directory/reports');
    assert.match(list.body, /New \(1\)/);
    assert.match(list.body, /It moved to Saturdays\./);
    await manager.get(`/admin/directory/reports/${reportId}`);
    const bad = await manager.post(`/admin/directory/reports/${reportId}`, { status: 'lost', note: 'x'.repeat(2001) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#status"/);
    assert.match(bad.body, /href="#note"/);
    const progress = await manager.post(`/admin/directory/reports/${reportId}`, { status: 'in_progress', note: 'Phoned the club.' });
    assert.equal(progress.statusCode, 303);
    assert.equal((await recordedNotifications(hearth.db, 'resident@example.com')).filter((m) => m.template === 'message').length, 0);
    await manager.get(`/admin/directory/reports/${reportId}`);
    const resolved = await manager.post(`/admin/directory/reports/${reportId}`, { status: 'resolved', note: 'Updated.', reply: 'The club now meets on Saturdays; the listing says so.' });
    assert.equal(resolved.statusCode, 303);
    assert.match(String(resolved.headers.location), /saved=yes/);
    const told = (await recordedNotifications(hearth.db, 'resident@example.com')).filter((m) => m.template === 'message');
    assert.equal(told.length, 1);
    assert.match(told[0].personalisation.body, /The club now meets on Saturdays/);
    assert.match(told[0].personalisation.body, /Diolch/, 'in Welsh too');
    // Saved again: not told twice.
    await manager.get(`/admin/directory/reports/${reportId}`);
    const again = await manager.post(`/admin/directory/reports/${reportId}`, { status: 'resolved', note: 'Updated again.' });
    assert.match(String(again.headers.location), /saved=already/);
    assert.equal((await recordedNotifications(hearth.db, 'resident@example.com')).filter((m) => m.template === 'message').length, 1);
    const audit = await hearth.db.query<{ detail: { from: string; to: string } }>("SELECT detail FROM audit_log WHERE action = 'directory.report.updated' ORDER BY id");
    assert.deepEqual(audit.rows.map((r) => [r.detail.from, r.detail.to]), [['new', 'in_progress'], ['in_progress', 'resolved'], ['resolved', 'resolved']]);
    const resolvedList = await manager.get('/admin/directory/reports?status=resolved');
    assert.match(resolvedList.body, /Resolved \(1\)/);
  });

  it('refuses a report change without the CSRF token, and from an editor', async () => {
    await manager.get(`/admin/directory/reports/${reportId}`);
    assert.equal((await manager.post(`/admin/directory/reports/${reportId}`, { status: 'new' }, { csrf: false })).statusCode, 403);
    assert.equal((await editor.get(`/admin/directory/reports/${reportId}`)).statusCode, 403);
    assert.equal((await manager.get(`/admin/directory/reports/${sid(999, 1)}`)).statusCode, 404);
    assert.equal((await manager.get('/admin/directory/reports/not-an-id')).statusCode, 404);
  });

  it('offers both pages on /admin to managers only', async () => {
    const offered = await manager.get('/admin');
    assert.match(offered.body, /href="\/admin\/directory\/staleness"/);
    assert.match(offered.body, /href="\/admin\/directory\/reports"/);
    const notOffered = await editor.get('/admin');
    assert.doesNotMatch(notOffered.body, /admin\/directory\/staleness/);
  });
});
