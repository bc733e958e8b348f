import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium } from 'playwright-core';
import { platformBaseUrl } from '../../../../src/platform/http/public-origin.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { axe, readable } from '../../../support/axe.js';
import { orukValidator } from '../../../support/oruk-fixtures.js';
import { browserSkip, CHROMIUM } from '../pages/browser.js';

/** `/needs/{code}`: a need term's stable address, a page for people and ORUK JSON for programs. */
describe('directory: a need term at its own address', () => {
  let hearth: TestHearth;
  let origin: string;

  before(async () => {
    // Without HEARTH_PUBLIC_URL (its host check would refuse the browser's 127.0.0.1): the
    // platform's configured address stands in for it.
    hearth = await startTestHearth();
    origin = platformBaseUrl(hearth.config);
  });
  after(() => hearth.stop());

  it('is a page in English and Welsh with its broader and narrower needs and a search for it', async () => {
    const res = await hearth.app.inject({ url: '/needs/homelessness', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers.vary, 'Accept');
    assert.match(res.body, /<h1 class="govuk-heading-l">Homelessness<\/h1>/);
    assert.match(res.body, /lang="cy">Digartrefedd</);
    assert.match(res.body, /href="\/needs\/housing">Housing and homelessness</);
    assert.match(res.body, /href="\/search\?taxonomy_term=5b0e6c40-9a1f-4e2d-b3c4-000000000301"/);
    // The address comes from configuration.
    assert.ok(res.body.includes(`${origin}/needs/homelessness`), origin);
    const parent = await hearth.app.inject({ url: '/needs/housing?lang=cy', headers: { accept: 'text/html' } });
    assert.match(parent.body, /<h1 class="govuk-heading-l">Tai a digartrefedd<\/h1>/);
    assert.match(parent.body, /href="\/needs\/homelessness">Digartrefedd</);
  });

  it('answers a program asking for JSON with the ORUK 3.0 taxonomy term, its term_uri the same address', async () => {
    const res = await hearth.app.inject({ url: '/needs/food-banks', headers: { accept: 'application/json' } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    const term = res.json();
    assert.equal(term.name, 'Food banks');
    assert.equal(term.term_uri, `${origin}/needs/food-banks`);
    assert.equal(term.parent_id, '5b0e6c40-9a1f-4e2d-b3c4-000000000100');
    const validate = orukValidator('taxonomy_term.json');
    if (validate) assert.ok(validate(term), JSON.stringify(validate.errors));
  });

  it('is a 404 for a code that is not a need', async () => {
    assert.equal((await hearth.app.inject({ url: '/needs/no-such-need', headers: { accept: 'text/html' } })).statusCode, 404);
  });

  describe('in Chromium (axe, WCAG 2.2 AA)', { skip: browserSkip() }, () => {
    let browser: Chromium;
    let base: string;
    before(async () => {
      await hearth.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    });
    after(async () => {
      await browser?.close();
    });

    it('has no violations and no sideways scrolling at 320 px, in English and Welsh', async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      try {
        for (const lang of ['en', 'cy']) {
          await page.goto(`${base}/needs/housing?lang=${lang}`);
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${lang}: ${readable(violations)}`);
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(wide <= 320, `${lang}: ${wide} px wide`);
        }
      } finally {
        await context.close();
      }
    });
  });
});
