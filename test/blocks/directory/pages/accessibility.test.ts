import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axe, readable } from '../../../support/axe.js';
import type { BrowserContext, Page } from 'playwright-core';
import { IDS } from './fixtures.js';
import { browserSkip, startBrowserHearth, type BrowserHearth } from './browser.js';

describe('directory pages: accessibility (axe, WCAG 2.2 AA) in Chromium', { skip: browserSkip() }, () => {
  let env: BrowserHearth;
  before(async () => {
    env = await startBrowserHearth();
  });
  after(() => env?.close());

  async function check(page: Page, what: string) {
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
  }

  for (const lang of ['en', 'cy']) {
    describe(lang === 'en' ? 'in English' : 'in Welsh', () => {
      // One browser tab per language: the language choice is kept in its cookie.
      let context: BrowserContext;
      let page: Page;
      before(async () => {
        context = await env.browser.newContext();
        page = await context.newPage();
      });
      after(() => context?.close());

      const plain: Array<[string, string]> = [
        ['home', '/'],
        ['results', '/search?q=food&near=AS1+1AA'],
        ['results with filters and several pages', '/search?taxonomy_term=5b0e6c40-9a1f-4e2d-b3c4-000000000100&delivery=in_person'],
        ['no results', '/search?q=lunch&age=20'],
        ['results with errors', '/search?q=food&radius=5&time=25:99&age=old'],
        ['results with an unknown postcode', '/search?q=food&near=ZZ9+9ZZ'],
        ['results with crisis help first', '/search?q=suicidal'],
        ['results about domestic abuse, with Exit this page', '/search?q=domestic+abuse'],
        ['service', `/services/${IDS.foodBank}`],
        ['service reached from results', `/services/${IDS.foodBank}?from=%2Fsearch%3Fq%3Dfood`],
        ['service for domestic abuse, with Exit this page', `/services/${IDS.abuseSupport}`],
        ['service last checked over a year ago', `/services/${IDS.oldListing}`],
        ['service (not running)', `/services/${IDS.housing}`],
        ['out-of-date form', `/services/${IDS.foodBank}/out-of-date`],
        ['out-of-date confirmation', `/services/${IDS.foodBank}/out-of-date/sent`],
        ['shared list', `/my-list?ids=${IDS.foodBank},${IDS.youthClub}`],
        ['page not found', `/services/${IDS.unknown}`],
      ];
      for (const [what, url] of plain) {
        it(`has no violations: ${what}`, async () => {
          const res = await page.goto(`${env.base}${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.ok(res, 'a response');
          assert.equal(await page.getAttribute('html', 'lang'), lang);
          await check(page, `${what} (${lang})`);
        });
      }

      it('has no violations: a service saved to my list, and my list', async () => {
        await page.goto(`${env.base}/services/${IDS.foodBank}`);
        await page.locator('form[action="/my-list/add"] button').click();
        await page.waitForURL(`**/services/${IDS.foodBank}`);
        await check(page, `service saved to the list (${lang})`);
        await page.goto(`${env.base}/my-list`);
        assert.equal(await page.locator('h2 a', { hasText: 'Ashdown Food Bank' }).count(), 1);
        await check(page, `my list (${lang})`);
      });

      it('has no violations: the out-of-date form with errors', async () => {
        await page.goto(`${env.base}/services/${IDS.foodBank}/out-of-date`);
        await page.locator('#email').fill('not an email');
        await page.locator('form button').click();
        await page.waitForLoadState('load');
        assert.equal(await page.locator('.govuk-error-summary').count(), 1);
        await check(page, `out-of-date form with errors (${lang})`);
      });
    });
  }

  it('works without JavaScript: search, filter, open a service, save it', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/`);
    await page.locator('#q').fill('food');
    await page.locator('#near').fill('AS1 1AA');
    await page.locator('form[action="/search"] button').click();
    await page.waitForURL('**/search?**');
    assert.match(page.url(), /q=food/);
    assert.match(page.url(), /near=AS1\+1AA/);
    assert.match((await page.locator('#results').textContent()) ?? '', /\d+ results?/);

    // Without JavaScript the filters stay behind "Filter" on every screen.
    await page.locator('details.hearth-filters summary').click();
    await page.locator('label', { hasText: 'Free services' }).click();
    await page.locator('button', { hasText: 'Apply filters' }).click();
    await page.waitForURL('**free=true**');
    assert.match((await page.locator('#results').textContent()) ?? '', /\d+ results?/);

    await page.locator('.hearth-result h3 a').first().click();
    await page.waitForURL('**/services/**');
    await page.locator('button', { hasText: 'Save to my list' }).click();
    await page.waitForLoadState('load');
    await page.goto(`${env.base}/my-list`);
    assert.equal(await page.locator('.hearth-result').count(), 1);
    await context.close();
  });
});
