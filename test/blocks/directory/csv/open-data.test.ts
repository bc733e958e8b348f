import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { LIVE_EXPORT_LIMIT } from '../../../../src/blocks/directory/api/downloads.js';
import { FLAT_COLUMNS } from '../../../../src/blocks/directory/csv/flat.js';
import { importCsv } from '../../../../src/blocks/directory/csv/import.js';
import { csvFilesOf, csvRows } from '../../../../src/blocks/directory/csv/read.js';
import { ORUK_TABLES } from '../../../../src/blocks/directory/csv/tables.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { nightlySnapshot, SNAPSHOT_FILES, writeSnapshot } from '../../../../src/blocks/directory/open-data/snapshot.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { axe, readable } from '../../../support/axe.js';
import { richServices } from '../../../support/oruk-fixtures.js';
import { browserSkip, CHROMIUM } from '../pages/browser.js';

let hearth: TestHearth;
let exportRoot: string;
let otherton: Council;

const get = (url: string, headers: Record<string, string> = {}) => hearth.app.inject({ method: 'GET', url, headers });

before(async () => {
  exportRoot = await mkdtemp(join(tmpdir(), 'hearth-open-data-'));
  hearth = await startTestHearth({ env: { HEARTH_EXPORT_DIR: exportRoot, HEARTH_SNAPSHOTS_KEPT: '2' } });
  otherton = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Borough Council' });
  await hearth.councils.reload();
  await importOruk(hearth.db, hearth.council.id, richServices());
});

after(async () => {
  await hearth?.stop();
  await rm(exportRoot, { recursive: true, force: true });
});

describe('free downloads of the whole directory', () => {
  it('ORUK JSON: every service in full, as a file named for the council', async () => {
    const res = await get('/open-data/directory.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="testshire-directory-oruk.json"');
    const services = res.json();
    assert.deepEqual(services.map((s: { id: string }) => s.id), richServices().map((s) => s.id).sort());
    assert.deepEqual(services[0], (await get(`/oruk/services/${services[0].id}`)).json());
  });

  it('the ORUK tables as a ZIP of CSV files, every table', async () => {
    const res = await get('/open-data/directory-oruk-tables.zip');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="testshire-directory-oruk-tables.zip"');
    const files = await csvFilesOf({ name: 'x.zip', data: res.rawPayload });
    assert.deepEqual(files.map((f) => f.name).sort(), ORUK_TABLES.map((t) => t.file).sort());
    const services = csvRows(files.find((f) => f.name === 'services.csv')!);
    assert.ok(!Array.isArray(services));
    assert.equal(services.rows.length, richServices().length);
  });

  it('the flat services sheet as CSV', async () => {
    const res = await get('/open-data/directory-services.csv');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="testshire-directory-services.csv"');
    assert.ok(res.body.startsWith(`\uFEFF${FLAT_COLUMNS.join(',')}\n`));
    assert.match(res.body, /Kingsmere Food Bank/);
  });

  it("each council's downloads hold only its own services", async () => {
    const res = await get('/c/otherton/open-data/directory.json');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="otherton-directory-oruk.json"');
    assert.deepEqual(res.json(), []);
    const flat = await get('/c/otherton/open-data/directory-services.csv');
    assert.equal(flat.body, `\uFEFF${FLAT_COLUMNS.join(',')}\n`);
  });
});

describe('the CSV templates', () => {
  it('the flat template: its header is the sheet, and its example row imports', async () => {
    const res = await get('/open-data/templates/services-flat.csv');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="services-flat.csv"');
    const rows = csvRows({ name: 'services-flat.csv', data: res.rawPayload });
    assert.ok(!Array.isArray(rows));
    assert.deepEqual(rows.columns, [...FLAT_COLUMNS]);
    assert.equal(rows.rows.length, 1);
    const council = await addCouncil(hearth.db, { slug: 'flat-template', name: 'Flat Template Council' });
    assert.equal((await importCsv(hearth.db, council.id, [{ name: 'services-flat.csv', data: res.rawPayload }])).total, 1);
  });

  it('the tables template: every table with its header and an example, importing whole', async () => {
    const res = await get('/open-data/templates/oruk-tables.zip');
    assert.equal(res.headers['content-type'], 'application/zip');
    const files = await csvFilesOf({ name: 'oruk-tables.zip', data: res.rawPayload });
    for (const table of ORUK_TABLES) {
      const rows = csvRows(files.find((f) => f.name === table.file)!);
      assert.ok(!Array.isArray(rows), table.file);
      assert.deepEqual(rows.columns, [...table.columns], table.file);
      assert.ok(rows.rows.length >= 1, `${table.file} has an example row`);
    }
    const council = await addCouncil(hearth.db, { slug: 'tables-template', name: 'Tables Template Council' });
    assert.equal((await importCsv(hearth.db, council.id, files)).total, 1);
  });
});

describe('the nightly snapshot', () => {
  it('is a 404 problem before the first night', async () => {
    const res = await get('/c/otherton/open-data/snapshot/directory-oruk.json', { accept: 'application/json' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  });

  it('the scheduled job writes every council its files, served with ETag and Last-Modified', async () => {
    const job = nightlySnapshot(hearth.ctx);
    assert.equal(job.name, 'directory.snapshot');
    await job.run();
    for (const slug of ['testshire', 'otherton']) {
      const folders = (await readdir(join(exportRoot, slug))).filter((f) => !f.startsWith('.'));
      assert.equal(folders.length, 1, slug);
      for (const file of SNAPSHOT_FILES) assert.ok(existsSync(join(exportRoot, slug, folders[0], file)), `${slug}/${file}`);
    }
    const res = await get('/open-data/snapshot/directory-oruk.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="testshire-directory-oruk.json"');
    assert.deepEqual(res.json(), (await get('/open-data/directory.json')).json());
    const etag = String(res.headers.etag);
    const lastModified = String(res.headers['last-modified']);
    assert.ok(etag && lastModified !== 'undefined');
    assert.equal((await get('/open-data/snapshot/directory-oruk.json', { 'if-none-match': etag })).statusCode, 304);
    assert.equal((await get('/open-data/snapshot/directory-oruk.json', { 'if-modified-since': lastModified })).statusCode, 304);
    const zip = await get('/open-data/snapshot/directory-oruk-tables.zip');
    assert.equal(zip.headers['content-type'], 'application/zip');
    const csv = await get('/open-data/snapshot/directory-services.csv');
    assert.match(csv.body, /Kingsmere Food Bank/);
  });

  it('keeps the last HEARTH_SNAPSHOTS_KEPT, serves the newest, and never a partial one', async () => {
    const dir = join(exportRoot, 'testshire');
    const before = await get('/open-data/snapshot/directory-oruk.json');
    // Two more nights, a day apart.
    await writeSnapshot(hearth.db, exportRoot, hearth.council, 2, new Date(Date.now() + 86_400_000));
    const newest = await writeSnapshot(hearth.db, exportRoot, hearth.council, 2, new Date(Date.now() + 2 * 86_400_000));
    const folders = (await readdir(dir)).filter((f) => !f.startsWith('.')).sort();
    assert.equal(folders.length, 2);
    assert.equal(join(dir, folders[1]), newest);
    await utimes(join(newest, 'directory-oruk.json'), new Date(Date.now() + 2 * 86_400_000), new Date(Date.now() + 2 * 86_400_000));
    const after = await get('/open-data/snapshot/directory-oruk.json', { 'if-none-match': String(before.headers.etag) });
    assert.equal(after.statusCode, 200, 'a new night is a new ETag');
    // A folder still being written (a dot name) is never served or counted.
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(dir, '.partial-29990101T000000000Z-1'));
    await writeFile(join(dir, '.partial-29990101T000000000Z-1', 'directory-oruk.json'), '[');
    assert.deepEqual((await get('/open-data/snapshot/directory-oruk.json')).json(), before.json());
  });

  it('a snapshot that fails part way leaves nothing behind', async () => {
    const broken = { ...hearth.db, engine: 'pglite', query: async () => Promise.reject(new Error('the database went away')) } as unknown as typeof hearth.db;
    const dir = join(exportRoot, 'otherton');
    const before = (await readdir(dir)).sort();
    await assert.rejects(writeSnapshot(broken, exportRoot, otherton, 2), /went away/);
    assert.deepEqual((await readdir(dir)).sort(), before);
  });
});

describe('live exports are limited per client address', () => {
  it('answers 429 with Retry-After past the limit; the snapshot and the page are not limited', async () => {
    const from = { remoteAddress: '10.9.8.7' };
    let refused;
    for (let i = 0; i <= LIVE_EXPORT_LIMIT.max && !refused; i++) {
      const res = await hearth.app.inject({ url: '/c/otherton/open-data/directory.json', ...from });
      if (res.statusCode === 429) refused = res;
      else assert.equal(res.statusCode, 200);
    }
    assert.ok(refused, `refused within ${LIVE_EXPORT_LIMIT.max + 1} requests`);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await hearth.app.inject({ url: '/open-data/snapshot/directory-services.csv', ...from })).statusCode, 200);
    assert.equal((await hearth.app.inject({ url: '/open-data', ...from })).statusCode, 200);
  });
});

describe('the open data page', () => {
  it('lists each download, the nightly copies, the API, the licence and the templates; the footer leads to it', async () => {
    const res = await get('/open-data');
    assert.equal(res.statusCode, 200);
    for (const href of [
      '/open-data/directory.json',
      '/open-data/directory-oruk-tables.zip',
      '/open-data/directory-services.csv',
      '/open-data/snapshot/directory-oruk.json',
      '/open-data/templates/services-flat.csv',
      '/open-data/templates/oruk-tables.zip',
      '/open-data/templates',
      '/oruk/',
      'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    ]) {
      assert.ok(res.body.includes(`href="${href}"`), `links to ${href}`);
    }
    assert.match(res.body, /<a class="govuk-footer__link" href="\/open-data">/);
    const other = await get('/c/otherton/open-data');
    assert.ok(other.body.includes('href="/c/otherton/open-data/directory.json"'));
  });

  it('in Welsh, with the column guide in Welsh', async () => {
    const page = await get('/open-data?lang=cy');
    assert.match(page.body, /<h1 class="govuk-heading-l">Data agored<\/h1>/);
    const guide = await get('/open-data/templates?lang=cy');
    assert.match(guide.body, /Templedi taenlen: ystyr pob colofn/);
    for (const column of FLAT_COLUMNS) assert.ok(guide.body.includes(`<code class="hearth-wrap">${column}</code>`), column);
  });
});

describe('open data pages in Chromium: axe (WCAG 2.2 AA), no sideways scrolling at 320 px', { skip: browserSkip() }, () => {
  let browser: Browser;
  let base: string;
  before(async () => {
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(() => browser?.close());

  for (const lang of ['en', 'cy']) {
    for (const path of ['/open-data', '/open-data/templates']) {
      it(`${path} (${lang})`, async () => {
        for (const width of [1024, 320]) {
          const context = await browser.newContext({ viewport: { width, height: 800 } });
          const page = await context.newPage();
          await page.goto(`${base}${path}?lang=${lang}`);
          assert.equal(await page.getAttribute('html', 'lang'), lang);
          // axe at a desktop width, as the other page tests (at 320 px the layout's own language link is below 24 px).
          if (width === 1024) {
            const violations = await axe(page);
            assert.equal(violations.length, 0, readable(violations));
          }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at ${width}px`);
          await context.close();
        }
      });
    }
  }
});
