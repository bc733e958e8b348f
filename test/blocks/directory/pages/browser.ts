import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { TestHearth } from '../../../support/app.js';
import { startPagesHearth } from './support.js';

/** Debian's Chromium: the page tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether to skip the browser tests: never in CI (there a missing browser is a failure, so the
 * checks cannot silently stop running), and elsewhere only with a message saying how to get it.
 */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return false;
  return `${CHROMIUM} is not installed: run \`apt-get update && apt-get install -y chromium\` to run the browser checks`;
}

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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
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
