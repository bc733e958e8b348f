import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IDS } from './fixtures.js';
import { browserSkip, startBrowserHearth, type BrowserHearth } from './browser.js';

describe('directory pages on a phone, and Exit this page, in Chromium', { skip: browserSkip() }, () => {
  let env: BrowserHearth;
  before(async () => {
    env = await startBrowserHearth();
  });
  after(() => env?.close());

  const RESULTS = '/search?q=food&near=AS1+1AA';

  const [width, height] = [375, 667];
  for (const lang of ['en', 'cy']) {
    for (const javaScriptEnabled of [true, false]) {
      it(`shows the first result without scrolling at ${width}×${height} (${lang}${javaScriptEnabled ? '' : ', without JavaScript'})`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height }, javaScriptEnabled });
        try {
          const page = await context.newPage();
          await page.goto(`${env.base}${RESULTS}&lang=${lang}`);
          const box = await page.locator('.hearth-result').first().boundingBox();
          assert.ok(box, 'a first result');
          assert.ok(box.y >= 0 && box.y < height, `its top (${box.y}px) is within the ${height}px viewport`);
          // Its name at least, not only its top edge.
          const name = await page.locator('.hearth-result h3').first().boundingBox();
          assert.ok(name && name.y + name.height <= height, `its name (${name?.y}px + ${name?.height}px) is in view`);
          assert.equal(await page.locator('details.hearth-filters').getAttribute('open'), null, 'filters collapsed');
          assert.equal(await page.locator('#age').isVisible(), false, 'filters out of the way');
        } finally {
          await context.close();
        }
      });
    }
  }

  it('filters from the "Filter" control without JavaScript', async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 667 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${env.base}${RESULTS}`);
      await page.locator('details.hearth-filters summary').click();
      await page.locator('label', { hasText: 'Free services' }).click();
      await page.locator('button', { hasText: 'Apply filters' }).click();
      await page.waitForURL('**free=true**');
      assert.match(page.url(), /q=food/);
      assert.match((await page.locator('details.hearth-filters summary').textContent()) ?? '', /Filter \(1 applied\)/);
      assert.match((await page.locator('#results').textContent()) ?? '', /\d+ results?/);
    } finally {
      await context.close();
    }
  });

  it('opens the filters on a wide screen when JavaScript runs', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${env.base}${RESULTS}`);
      await page.locator('#age').waitFor({ state: 'visible' });
    } finally {
      await context.close();
    }
  });

  it('opens the filters when one needs correcting', async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 667 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${env.base}/search?q=food&age=old`);
      assert.equal(await page.locator('#age').isVisible(), true);
    } finally {
      await context.close();
    }
  });

  it('starts Exit this page with JavaScript, and leaves it a plain link to a neutral site without', async () => {
    const withJs = await env.browser.newContext();
    const withoutJs = await env.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await withJs.newPage();
      await page.goto(`${env.base}/services/${IDS.abuseSupport}`);
      await page.locator('.govuk-exit-this-page[data-govuk-exit-this-page-init]').waitFor({ state: 'attached' });
      const plain = await withoutJs.newPage();
      await plain.goto(`${env.base}/search?q=domestic+abuse`);
      const link = plain.locator('.govuk-exit-this-page__button');
      assert.equal(await link.getAttribute('href'), 'https://www.bbc.co.uk/weather');
      assert.equal(await link.isVisible(), true);
    } finally {
      await withJs.close();
      await withoutJs.close();
    }
  });
});
