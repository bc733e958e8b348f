import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCouncil, type Council } from '../../../src/platform/councils.js';
import type { Message } from '../../../src/platform/notifications/notifications.js';
import { recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import type { TestHearth } from '../../support/app.js';
import { resident, startVaultHearth } from '../../blocks/vault/pages/support.js';

/** The "Messages we sent you" panel on /my-hearth, if the page has it. */
const panelOf = (html: string) => /<div class="govuk-summary-card" id="messages">([\s\S]*?summary-card__content">[\s\S]*?)<\/ul>/.exec(html)?.[1];
const itemsOf = (html: string) => [...html.matchAll(/<li>([^<]*)<br>/g)].map((m) => m[1].trim());
/** The subjects in the page's table, newest first. */
const rowsOf = (html: string) => [...html.matchAll(/<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]*)<\/td>\s*<td class="govuk-table__cell[^"]*">([^<]*)<\/td>/g)].map((m) => m[2]);

describe('platform: messages we sent you (the /my-hearth panel and /my-hearth/messages)', () => {
  let hearth: TestHearth;
  let otherCouncil: Council;
  before(async () => {
    hearth = await startVaultHearth();
    otherCouncil = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' }, hearth.blocks);
    await hearth.councils.reload();
  });
  after(() => hearth.stop());

  const send = (email: string, subject: string, councilId: string | null = hearth.council.id, template: Message['template'] = 'message') =>
    hearth.ctx.notifications.send({ councilId, template, to: { email }, personalisation: { subject, body: 'Hello' } });

  it('shows the person’s own messages on /my-hearth, newest first: their sign-in link (never the link) and a message sent to them', async () => {
    const { browser } = await resident(hearth, 'ana@example.org');
    const [link] = await recordedNotifications(hearth.db, 'ana@example.org');
    const token = new URL(link.personalisation.link).searchParams.get('token')!;
    await send('ana@example.org', 'Your change to Food Bank is published');
    await send('bo@example.org', 'A message for someone else');
    await send('ana@example.org', 'From another council', otherCouncil.id);
    await send('ANA@example.org', 'To a look-alike address');
    await send('ana@example.org', 'From the platform itself', null);

    const page = await browser.get('/my-hearth');
    assert.equal(page.statusCode, 200);
    const panel = panelOf(page.body);
    assert.ok(panel, 'the panel is shown');
    assert.match(panel, /Messages we sent you/);
    assert.deepEqual(itemsOf(panel), ['From the platform itself', 'Your change to Food Bank is published', 'A sign-in link']);
    assert.match(panel, /href="\/my-hearth\/messages"/);
    assert.doesNotMatch(page.body, /someone else|another council|look-alike/);
    assert.ok(!page.body.includes(token), 'the sign-in token is nowhere on the page');
    assert.doesNotMatch(page.body, /sign-in\/link/);
  });

  it('is not shown to a person Hearth sent nothing, whose page says so', async () => {
    const { browser } = await resident(hearth, 'quiet@example.org');
    await hearth.db.query(`DELETE FROM notification WHERE recipient = 'quiet@example.org'`);
    const overview = await browser.get('/my-hearth');
    assert.equal(overview.statusCode, 200);
    assert.equal(panelOf(overview.body), undefined);
    const page = await browser.get('/my-hearth/messages');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /We have not sent you any messages/);
    assert.doesNotMatch(page.body, /<table/);
  });

  it('shows the newest five on /my-hearth and the newest 50 on the messages page, as a table with dates', async () => {
    const { browser } = await resident(hearth, 'many@example.org');
    // Each its own moment, so "newest" is well defined (all sent in one millisecond otherwise).
    await hearth.db.query(`UPDATE notification SET created_at = now() - interval '1 day' WHERE recipient = 'many@example.org'`);
    for (let i = 1; i <= 55; i++) {
      await send('many@example.org', `Update number ${i}`);
      await hearth.db.query(`UPDATE notification SET created_at = now() - make_interval(mins => 100 - $2::int) WHERE recipient = $1 AND subject = $3`, ['many@example.org', i, `Update number ${i}`]);
    }
    const overview = await browser.get('/my-hearth');
    assert.deepEqual(itemsOf(panelOf(overview.body)!), ['Update number 55', 'Update number 54', 'Update number 53', 'Update number 52', 'Update number 51']);

    const page = await browser.get('/my-hearth/messages');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /<h1 class="govuk-heading-l">Messages we sent you<\/h1>/);
    assert.match(page.body, /many@example\.org/);
    const rows = rowsOf(page.body);
    assert.equal(rows.length, 50);
    assert.equal(rows[0], 'Update number 55');
    assert.equal(rows[49], 'Update number 6');
    assert.match(page.body, /These are the 50 most recent/);
    assert.match(page.body, /<td class="govuk-table__cell">\d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d<\/td>/, 'each with its date and time');
    assert.match(page.body, /href="\/my-hearth"/, 'back to the single view');
  });

  it('answers under the council’s path too, listing that council’s messages only', async () => {
    const { browser } = await resident(hearth, 'two@example.org');
    await send('two@example.org', 'About your Otherton listing', otherCouncil.id);
    await send('two@example.org', 'About your Testshire listing');
    const otherton = await browser.get('/c/otherton/my-hearth/messages');
    assert.equal(otherton.statusCode, 200);
    assert.deepEqual(rowsOf(otherton.body), ['About your Otherton listing']);
    assert.match(otherton.body, /Otherton Council sent to two@example\.org/);
    const testshire = await browser.get('/c/testshire/my-hearth/messages');
    assert.deepEqual(rowsOf(testshire.body), ['About your Testshire listing', 'A sign-in link']);
    assert.match(testshire.body, /href="\/c\/testshire\/my-hearth"/);
  });

  it('speaks Welsh: the panel, the page and the description of a sign-in link', async () => {
    const { browser } = await resident(hearth, 'cymraeg@example.org');
    const overview = await browser.get('/my-hearth?lang=cy');
    const panel = panelOf(overview.body)!;
    assert.match(panel, /Negeseuon a anfonwyd atoch gennym/);
    assert.deepEqual(itemsOf(panel), ['Dolen mewngofnodi']);
    const page = await browser.get('/my-hearth/messages?lang=cy');
    assert.match(page.body, /<h1 class="govuk-heading-l">Negeseuon a anfonwyd atoch gennym<\/h1>/);
    assert.deepEqual(rowsOf(page.body), ['Dolen mewngofnodi']);
    assert.match(page.body, /<td class="govuk-table__cell">\d{1,2} [^<]+ \d{4} am \d\d:\d\d<\/td>/);
  });

  it('is for signed-in people only', async () => {
    const res = await hearth.app.inject({ url: '/my-hearth/messages', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /sign-in/);
  });
});
