import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { assertAccessible, launchChromium } from '../../../support/chromium.js';
import { browserSkip } from '../pages/browser.js';

/** The needs pages with their table of mapped external terms: axe-clean and no wider than 320 px. */
describe('a need\'s page with the terms of other vocabularies, in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  before(async () => {
    hearth = await startTestHearth();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  it('has no axe violations and fits 320 px, with the longest labels, in English and Welsh', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    try {
      for (const path of ['/needs/school-travel', '/needs/bus-passes-blue-badge', '/needs/befriending']) {
        for (const lang of ['en', 'cy']) {
          await page.goto(`${base}${path}?lang=${lang}`);
          await assertAccessible(page, `${path} (${lang})`, { maxWidth: 320 });
        }
      }
    } finally {
      await context.close();
    }
  });
});
