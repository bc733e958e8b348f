import { importOruk } from '../../../../src/blocks/directory/index.js';
import { importPostcodes } from '../../../../src/platform/geo/import-postcodes.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { fixtureServices } from './fixtures.js';

/** A test Hearth with the page fixtures loaded (through the ORUK importer) and the demo postcodes known. */
export async function startPagesHearth(): Promise<TestHearth> {
  const hearth = await startTestHearth();
  await importPostcodes(hearth.db, 'data/postcodes/demo.csv');
  await importOruk(hearth.db, hearth.council.id, fixtureServices());
  return hearth;
}

/** The cookies a response sets, as a Cookie header for the next request (merged with `previous`). */
export function cookiesFrom(setCookie: string | string[] | undefined, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(';').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    jar.set(part.slice(0, eq), part.slice(eq + 1));
  }
  for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (/Max-Age=0/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The anti-forgery token in a page's forms. */
export function formToken(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1];
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
/** A form post as a browser sends it from one of the site's own pages. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
