import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { latestLink } from '../blocks/identity/support.js';
import type { TestHearth } from './app.js';
import { axe, readable } from './axe.js';

/** Debian's Chromium, headless: the page tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

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
