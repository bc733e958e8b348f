import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestHearth } from '../../support/app.js';
import { assertAccessibleAtBothWidths, launchChromium, signInWithEmailLink } from '../../support/chromium.js';
import { browserSkip } from '../../blocks/directory/pages/browser.js';
import { startVaultHearth } from '../../blocks/vault/pages/support.js';

describe('platform: messages we sent you in Chromium, axe-clean (WCAG 2.2 AA) at 320 px, without JavaScript too', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;

  before(async () => {
    hearth = await startVaultHearth();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  for (const javaScript of [true, false]) {
    it(`goes from the single view to the messages page, in English and Welsh (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const email = `messages-${javaScript ? 'js' : 'nojs'}@example.org`;
      const context = await browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      try {
        await signInWithEmailLink(page, hearth, base, email);
        await hearth.ctx.notifications.send({
          councilId: hearth.council.id, template: 'message', to: { email },
          personalisation: { subject: 'Housing options asks to see some of your information / Mae Opsiynau tai yn gofyn am weld peth o’ch gwybodaeth', body: 'Hello' },
        });
        await page.goto(`${base}/my-hearth`);
        assert.ok(await page.locator('#messages').isVisible());
        await page.click('#messages a[href="/my-hearth/messages"]');
        await page.waitForURL(/\/my-hearth\/messages$/);
        assert.equal(await page.locator('main table tbody tr').count(), 2, 'the message and the sign-in link');
        assert.ok(await page.locator('main td', { hasText: 'A sign-in link' }).isVisible());
        if (javaScript) await assertAccessibleAtBothWidths(page, 'the messages page', 1024);
        await page.goto(`${base}/my-hearth/messages?lang=cy`);
        assert.ok(await page.locator('main td', { hasText: 'Dolen mewngofnodi' }).isVisible());
        if (javaScript) await assertAccessibleAtBothWidths(page, 'the messages page in Welsh', 1024);
      } finally {
        await context.close();
      }
    });
  }
});
