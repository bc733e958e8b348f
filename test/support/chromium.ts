import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { latestLink } from '../blocks/identity/support.js';
import type { TestHearth } from './app.js';
import { axe, readable } from './axe.js';

/** Debian's Chromium, headless: the page tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Whether to skip the browser tests: never in CI (there a missing browser is a failure, so the
 * checks cannot silently stop running), and elsewhere only with a message saying how to get it.
 * `HEARTH_TEST_BROWSER=off` skips them on purpose: CI's PostgreSQL pass sets it (.ci/run),
 * because what Chromium checks (axe, layout, pages without JavaScript) does not depend on the
 * database engine, and the PGlite pass runs every one of them.
 */
export function browserSkip(): string | false {
  if (process.env.HEARTH_TEST_BROWSER === 'off') return 'HEARTH_TEST_BROWSER=off: the browser checks run in the other pass';
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return false;
  return `${CHROMIUM_PATH} is not installed: run \`apt-get update && apt-get install -y chromium\` to run the browser checks`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Sign in in the browser as a person does: the form, then the emailed link (read from the recorded messages). */
export async function signInWithEmailLink(page: Page, hearth: TestHearth, base: string, email: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.fill('#email', email);
  await page.click('main form button');
  await page.waitForURL(/\/sign-in\/check-email$/);
  const link = await latestLink(hearth, email);
  assert.ok(link, `a sign-in link was sent to ${email}`);
  await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
  await page.click('main form button');
  await page.waitForURL(/\/account$/);
}

/** No axe violations (WCAG 2.2 AA) on the page as it is; with `maxWidth`, no sideways scrolling beyond it either. */
export async function assertAccessible(page: Page, what: string, options: { maxWidth?: number } = {}): Promise<void> {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
  if (options.maxWidth) {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= options.maxWidth, `${what}: ${wide} px wide at ${options.maxWidth} px`);
  }
}

/** Accessible at a desktop width and on a 320 px phone (no sideways scrolling), then back to the desktop width. */
export async function assertAccessibleAtBothWidths(page: Page, what: string, desktopWidth = 1280): Promise<void> {
  await assertAccessible(page, what);
  await page.setViewportSize({ width: 320, height: 800 });
  await assertAccessible(page, `${what} at 320 px`, { maxWidth: 320 });
  await page.setViewportSize({ width: desktopWidth, height: 800 });
}
