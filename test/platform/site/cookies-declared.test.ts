import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { importOruk } from '../../../src/blocks/directory/index.js';
import { declaredCookieName, PLATFORM_COOKIES } from '../../../src/platform/http/cookie-list.js';
import { importPostcodes } from '../../../src/platform/geo/import-postcodes.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { fixtureServices, IDS } from '../../blocks/directory/pages/fixtures.js';
import { Browser, latestLink, pathOf } from '../../blocks/identity/support.js';

/** The names of the cookies a response sets. */
const setCookieNames = (res: LightMyRequestResponse) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((line) => line.slice(0, line.indexOf('=')).trim());

/**
 * A resident's walk through the main pages, signing in on the way: every cookie any response
 * sets, by name.
 */
async function walk(hearth: TestHearth): Promise<Set<string>> {
  const seen = new Set<string>();
  const browser = new Browser(hearth);
  const step = async (res: Promise<LightMyRequestResponse>, status?: number) => {
    const answer = await res;
    if (status !== undefined) assert.equal(answer.statusCode, status, answer.body.slice(0, 300));
    for (const name of setCookieNames(answer)) seen.add(name);
    return answer;
  };
  await step(browser.get('/?lang=cy'), 200);
  await step(browser.get('/?lang=en'), 200);
  await step(browser.get('/search?q=food&near=AS1%201AA'), 200);
  await step(browser.get(`/services/${IDS.foodBank}`), 200);
  await step(browser.post('/my-list/add', { service_id: IDS.foodBank, return_to: `/services/${IDS.foodBank}` }), 303);
  await step(browser.get('/my-list'), 200);
  await step(browser.get('/feedback?from=/my-list'), 200);
  await step(browser.get('/sign-in'), 200);
  await step(browser.post('/sign-in', { email: 'resident@example.org' }), 303);
  const link = await latestLink(hearth, 'resident@example.org');
  assert.ok(link, 'a sign-in link was sent');
  const landing = await step(browser.get(pathOf(link)), 200);
  assert.match(landing.body, /name="token"/);
  await step(browser.post('/sign-in/link', { token: /name="token" value="([^"]+)"/.exec(landing.body)![1] }), 303);
  await step(browser.get('/account'), 200);
  await step(browser.get('/my-list'), 200);
  return seen;
}

async function startWalkHearth(env: Record<string, string> = {}): Promise<TestHearth> {
  const hearth = await startTestHearth({ env });
  await importPostcodes(hearth.db, 'data/postcodes/demo.csv');
  await importOruk(hearth.db, hearth.council.id, fixtureServices());
  return hearth;
}

describe('every cookie Hearth sets is declared (and so listed on the cookies page)', () => {
  for (const [what, env] of [
    ['in development', {}],
    ['in production (__Host- names)', { NODE_ENV: 'production', HEARTH_PUBLIC_URL: 'https://help.testshire.example', HEARTH_NOTIFY_RECORD_ONLY: 'true', HEARTH_ENCRYPTION_KEYS: 'test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' }],
  ] as const) {
    it(`sets no undeclared cookie on a walk through home, search, a service, my list and signing in, ${what}`, async () => {
      const hearth = await startWalkHearth(env);
      try {
        const production = hearth.config.production;
        const declared = [...PLATFORM_COOKIES, ...hearth.blocks.flatMap((b) => b.cookies ?? [])].map((d) => declaredCookieName(d, hearth.council, production));
        const seen = await walk(hearth);
        const prefix = production ? '__Host-' : '';
        for (const expected of [`hearth_lang`, `${prefix}hearth_csrf`, 'hearth_list_testshire', `${prefix}hearth_session`]) {
          assert.ok(seen.has(expected), `the walk saw ${expected} set (it saw ${[...seen].join(', ')})`);
        }
        const undeclared = [...seen].filter((name) => !declared.includes(name));
        assert.deepEqual(undeclared, [], `cookies set but not declared: ${undeclared.join(', ')}`);
        const page = await hearth.app.inject({ url: '/cookies', headers: { accept: 'text/html' } });
        for (const name of seen) assert.match(page.body, new RegExp(`>\\s*${name}\\s*<`), `${name} is on the cookies page`);
      } finally {
        await hearth.stop();
      }
    });
  }
});
