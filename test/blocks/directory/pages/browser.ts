import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { TestHearth } from '../../../support/app.js';
import { CHROMIUM_PATH, launchChromium } from '../../../support/chromium.js';
import { startPagesHearth } from './support.js';

/** Debian's Chromium: the page tests never download a browser of their own. */
export const CHROMIUM = CHROMIUM_PATH;

/** Where every browser test asks whether to run (test/support/chromium.ts). */
export { browserSkip } from '../../../support/chromium.js';

export interface BrowserHearth {
  hearth: TestHearth;
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

/** The page fixtures served on a loopback port, and Chromium to look at them. */
export async function startBrowserHearth(): Promise<BrowserHearth> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  const hearth = await startPagesHearth();
  await hearth.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = hearth.app.server.address() as AddressInfo;
  const browser = await launchChromium();
  return {
    hearth,
    browser,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await browser.close();
      await hearth.stop();
    },
  };
}
