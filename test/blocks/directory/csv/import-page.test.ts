import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { chromium, type Browser as Chromium } from 'playwright-core';
import { stringify } from 'csv-stringify/sync';
import { FLAT_COLUMNS } from '../../../../src/blocks/directory/csv/flat.js';
import { MAX_CSV_BYTES } from '../../../../src/blocks/directory/csv/read.js';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { axe, readable } from '../../../support/axe.js';
import { formTokenOf, signIn, type Browser } from '../../identity/support.js';
import { browserSkip, CHROMIUM } from '../pages/browser.js';

const PATH = '/admin/directory/import';

const sheet = (rows: Partial<Record<(typeof FLAT_COLUMNS)[number], string>>[]) =>
  Buffer.from(stringify([[...FLAT_COLUMNS], ...rows.map((r) => FLAT_COLUMNS.map((c) => r[c] ?? ''))]));

const row = (n: number) => ({ organisation_name: 'Upland Lunch Club', service_name: `Lunch ${n}`, address: '1 Hill Road', town: 'Upland', postcode: 'UP1 1AA' });

/** A multipart form as a browser sends it: the token, then the file. */
function multipart(token: string | undefined, file?: { name: string; data: Buffer }): { body: Buffer; type: string } {
  const boundary = '----hearthtest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  if (token) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`));
  const name = file?.name ?? '';
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`));
  parts.push(file?.data ?? Buffer.alloc(0), Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

let hearth: TestHearth;
let manager: Browser;
let resident: Browser;

async function upload(who: Browser, file?: { name: string; data: Buffer }, withToken = true): Promise<LightMyRequestResponse> {
  await who.get(PATH);
  const { body, type } = multipart(withToken ? formTokenOf(who.lastPage) : undefined, file);
  const res = await hearth.app.inject({
    method: 'POST',
    url: PATH,
    remoteAddress: who.ip,
    headers: { accept: 'text/html', cookie: who.jar.header(), 'content-type': type, 'sec-fetch-site': 'same-origin' },
    payload: body,
  });
  who.jar.take(res);
  return res;
}

const services = async () => (await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM service WHERE council_id = $1', [hearth.council.id])).rows[0].n;

before(async () => {
  hearth = await startTestHearth();
  const person = await ensurePerson(hearth.db, 'manager@testshire.example');
  await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
  manager = await signIn(hearth, 'manager@testshire.example');
  resident = await signIn(hearth, 'resident@example.org');
});
after(() => hearth?.stop());

describe('the directory manager\'s CSV import page', () => {
  it('is offered on /admin, with the templates, and not cached', async () => {
    const res = await manager.get(PATH);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /enctype="multipart\/form-data"/);
    assert.match(res.body, /href="\/open-data\/templates\/services-flat.csv"/);
    assert.match((await manager.get('/admin')).body, new RegExp(`href="${PATH}"`));
  });

  it('lists every problem by file, row and column in the error summary, offers them as CSV, and imports nothing', async () => {
    const rows = [1, 2, 3, 4, 5].map(row);
    rows.push({ ...row(6), postcode: 'NOPE' }); // row 7
    const res = await upload(manager, { name: 'lunches.csv', data: sheet(rows) });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /href="#problems">lunches.csv, row 7, column postcode: &quot;NOPE&quot; is not a UK postcode/);
    assert.match(res.body, /Nothing was imported/);
    const report = /href="data:text\/csv;charset=utf-8;base64,([^"]+)" download="import-problems.csv"/.exec(res.body);
    assert.ok(report, 'a CSV of the problems to download');
    assert.equal(Buffer.from(report[1], 'base64').toString('utf8'), '\uFEFFfile,row,column,problem\nlunches.csv,7,postcode,"""NOPE"" is not a UK postcode"\n');
    assert.equal(await services(), 0);
  });

  it('imports a good sheet all at once and says how many', async () => {
    const res = await upload(manager, { name: 'lunches.csv', data: sheet([1, 2, 3].map(row)) });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Services imported/);
    assert.match(res.body, /3 services from the spreadsheet: 3 new, 0 updated/);
    assert.equal(await services(), 3);
    assert.equal((await hearth.app.inject('/api/search?q=lunch')).json().total, 3);
    const audit = await hearth.db.query<{ actor_email: string; target: string; detail: Record<string, number> }>(
      "SELECT actor_email, target, detail FROM audit_log WHERE action = 'directory.csv.imported'",
    );
    assert.deepEqual(audit.rows, [{ actor_email: 'manager@testshire.example', target: 'lunches.csv', detail: { total: 3, created: 3, updated: 0 } }], 'one entry, for the import that happened');
  });

  it('asks for a file when none is chosen; refuses a file over the limit with a clear message; answers in Welsh', async () => {
    const none = await upload(manager);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#file">Choose a CSV or ZIP file to import/);
    const huge = await upload(manager, { name: 'huge.csv', data: Buffer.alloc(MAX_CSV_BYTES + 10, 0x41) });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /huge.csv: is larger than the 20 MB an import may be/);
    await manager.get(`${PATH}?lang=cy`);
    const welsh = await upload(manager);
    assert.match(welsh.body, /Dewiswch ffeil CSV neu ZIP i&#39;w mewnforio|Dewiswch ffeil CSV neu ZIP i'w mewnforio/);
    await manager.get(`${PATH}?lang=en`);
  });

  it('is for directory managers only, and needs the form\'s token', async () => {
    assert.equal((await resident.get(PATH)).statusCode, 403);
    assert.equal((await upload(resident, { name: 'x.csv', data: sheet([row(9)]) })).statusCode, 403);
    assert.equal((await upload(manager, { name: 'x.csv', data: sheet([row(9)]) }, false)).statusCode, 403);
    assert.equal(await services(), 3);
  });
});

describe('the import page in Chromium: axe (WCAG 2.2 AA), no sideways scrolling at 320 px', { skip: browserSkip() }, () => {
  let browser: Chromium;
  let base: string;
  before(async () => {
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(() => browser?.close());

  for (const lang of ['en', 'cy']) {
    it(`the form, its problems and its confirmation (${lang})`, async () => {
      const context = await browser.newContext();
      const cookies = manager.jar.header().split('; ').map((pair) => {
        const eq = pair.indexOf('=');
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: base };
      });
      await context.addCookies(cookies);
      const page = await context.newPage();
      const check = async (what: string) => {
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${what}: ${readable(violations)}`);
      };
      await page.goto(`${base}${PATH}?lang=${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await check('the form');
      // Without JavaScript's help: the browser posts the multipart form itself.
      await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: sheet([{ ...row(1), postcode: 'NOPE' }]) });
      await page.click('button.govuk-button');
      await page.waitForSelector('.govuk-error-summary');
      await check('the problems');
      await page.setInputFiles('#file', { name: 'good.csv', mimeType: 'text/csv', buffer: sheet([row(lang === 'en' ? 20 : 21)]) });
      await page.click('button.govuk-button');
      await page.waitForSelector('.govuk-panel');
      await check('the confirmation');
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${base}${PATH}?lang=${lang}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px at 320px`);
      await context.close();
    });
  }
});
