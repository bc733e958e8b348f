import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { importOruk } from '../../../src/blocks/directory/index.js';
import { declaredCookieName, PLATFORM_COOKIES } from '../../../src/platform/http/cookie-list.js';
import { importPostcodes } from '../../../src/platform/geo/import-postcodes.js';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { AVAILABLE_BLOCKS } from '../../../src/main.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { scanCookieNames } from '../../support/cookie-scan.js';
import { fixtureServices, IDS } from '../../blocks/directory/pages/fixtures.js';
import { Browser, latestLink, pathOf } from '../../blocks/identity/support.js';

/** The names of the cookies a response sets. */
const setCookieNames = (res: LightMyRequestResponse) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((line) => line.slice(0, line.indexOf('=')).trim());

/** The cookie names the cookies page lists (its table's first column). */
async function listedOnCookiesPage(hearth: TestHearth): Promise<string[]> {
  const page = await hearth.app.inject({ url: '/cookies', headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  return [...page.body.matchAll(/<th scope="row" class="govuk-table__header">\s*([^<]+?)\s*<\/th>/g)].map((m) => m[1]);
}

/** A form's one-time id, when it has one. */
const onceOf = (html: string) => /name="_once" value="([^"]+)"/.exec(html)?.[1];

/**
 * A council admin's walk through the staff pages that set cookies of their own: the webhook and
 * partner pages that carry a new secret to the page that shows it once (added, then a new one).
 */
async function adminWalk(hearth: TestHearth, seen: Set<string>): Promise<void> {
  const person = await ensurePerson(hearth.db, 'admin@testshire.example');
  await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
  const step = stepper(seen);
  // Signing in by email link, as the resident's walk does (the session cookie's name depends on the mode).
  const admin = new Browser(hearth);
  await step(admin.get('/sign-in'), 200);
  await step(admin.post('/sign-in', { email: 'admin@testshire.example' }), 303);
  const landing = await step(admin.get(pathOf((await latestLink(hearth, 'admin@testshire.example'))!)), 200);
  await step(admin.post('/sign-in/link', { token: /name="token" value="([^"]+)"/.exec(landing.body)![1] }), 303);
  await step(admin.get('/admin'), 200);
  await step(admin.get('/admin/site'), 200);
  await step(admin.get('/admin/feedback'), 200);

  let form = await step(admin.get('/admin/webhooks/new'), 200);
  const added = await step(admin.post('/admin/webhooks', { url: 'https://partner.example/hook', eventTypes: '*', _once: onceOf(form.body) ?? '' }), 303);
  assert.match(String(added.headers.location), /\/added$/);
  await step(admin.get(String(added.headers.location)), 200);
  const endpoint = /\/admin\/webhooks\/([0-9a-f-]{36})/.exec(String(added.headers.location))![1];
  form = await step(admin.get(`/admin/webhooks/${endpoint}`), 200);
  const rotated = await step(admin.post(`/admin/webhooks/${endpoint}/rotate`, { _once: onceOf(form.body) ?? '' }), 303);
  await step(admin.get(String(rotated.headers.location)), 200);

  form = await step(admin.get('/admin/partners/new'), 200);
  const registered = await step(
    admin.post('/admin/partners/new', { name: 'Ashdown NHS Trust', auth_method: 'client_secret', scopes: 'partner.read', _once: onceOf(form.body) ?? '' }),
    303,
  );
  await step(admin.get(String(registered.headers.location)), 200);
  const client = /\/admin\/partners\/([0-9a-f-]{36})/.exec(String(registered.headers.location))![1];
  await step(admin.get(`/admin/partners/${client}/rotate-secret`), 200);
  const newSecret = await step(admin.post(`/admin/partners/${client}/rotate-secret`, {}), 303);
  await step(admin.get(String(newSecret.headers.location)), 200);
  await step(admin.post('/sign-out', {}), 303);
}

/** Each response's cookies into `seen`, its status checked. */
function stepper(seen: Set<string>) {
  return async (res: Promise<LightMyRequestResponse>, status?: number) => {
    const answer = await res;
    if (status !== undefined) assert.equal(answer.statusCode, status, answer.body.slice(0, 300));
    for (const name of setCookieNames(answer)) seen.add(name);
    return answer;
  };
}

/**
 * A resident's walk through the main pages, signing in on the way: every cookie any response
 * sets, by name.
 */
async function walk(hearth: TestHearth): Promise<Set<string>> {
  const seen = new Set<string>();
  const browser = new Browser(hearth);
  const step = stepper(seen);
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
    it(`sets no undeclared cookie on a walk through home, search, a service, my list, signing in and the staff pages that show a secret once, ${what}`, async () => {
      const hearth = await startWalkHearth(env);
      try {
        const production = hearth.config.production;
        const declared = [...PLATFORM_COOKIES, ...hearth.blocks.flatMap((b) => b.cookies ?? [])].map((d) => declaredCookieName(d, hearth.council, production));
        const seen = await walk(hearth);
        await adminWalk(hearth, seen);
        const prefix = production ? '__Host-' : '';
        for (const expected of [`hearth_lang`, `${prefix}hearth_csrf`, 'hearth_list_testshire', `${prefix}hearth_session`, 'hearth_webhook_secret', 'hearth_partner_secret']) {
          assert.ok(seen.has(expected), `the walk saw ${expected} set (it saw ${[...seen].join(', ')})`);
        }
        // What the cookies page lists: the platform's, the enabled blocks' and the platform's block-shaped pages' (webhooks).
        const listed = await listedOnCookiesPage(hearth);
        for (const name of declared) assert.ok(listed.includes(name), `${name} is on the cookies page`);
        const unlisted = [...seen].filter((name) => !listed.includes(name));
        assert.deepEqual(unlisted, [], `cookies set but not on the cookies page: ${unlisted.join(', ')}`);
      } finally {
        await hearth.stop();
      }
    });
  }
});

describe('every cookie name in the source is on the cookies page, walked or not', () => {
  it('finds each place that sets a cookie, follows its name, and finds it listed (in development or production naming)', async () => {
    const scan = scanCookieNames(process.cwd());
    assert.deepEqual(scan.unknown, [], 'every place that sets a cookie names it in a way the scan can follow');
    // The scan's own check: it finds the cookies known to be set (a scan that found nothing would pass).
    const names = new Set(scan.found.map((f) => f.name));
    for (const known of ['hearth_lang', 'hearth_csrf', '__Host-hearth_csrf', 'hearth_session', 'hearth_list_*', 'hearth_partner_secret', 'hearth_webhook_secret']) {
      assert.ok(names.has(known), `the scan finds ${known} (it found ${[...names].join(', ')})`);
    }
    const blocks = Object.keys(AVAILABLE_BLOCKS).join(',');
    const listed = new Set<string>();
    const modes: Array<Record<string, string>> = [
      { HEARTH_BLOCKS: blocks },
      { HEARTH_BLOCKS: blocks, NODE_ENV: 'production', HEARTH_PUBLIC_URL: 'https://help.testshire.example', HEARTH_NOTIFY_RECORD_ONLY: 'true', HEARTH_ENCRYPTION_KEYS: 'test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
    ];
    for (const env of modes) {
      const hearth = await startTestHearth({ env });
      try {
        for (const name of await listedOnCookiesPage(hearth)) listed.add(name.replace('testshire', '*'));
      } finally {
        await hearth.stop();
      }
    }
    const unlisted = scan.found.filter((f) => !listed.has(f.name)).map((f) => `${f.name} (${f.where})`);
    assert.deepEqual(unlisted, [], `set in the source but not on the cookies page: ${unlisted.join(', ')}`);
  });
});
