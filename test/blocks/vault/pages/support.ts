import { ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { registerClient } from '../../../../src/blocks/identity/partners/service.js';
import { addTeam } from '../../../../src/blocks/vault/teams.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { formTokenOf, signIn, type Browser } from '../../identity/support.js';

/** A Hearth with the vault on, a housing team and a partner housing association residents can share with. */
export async function startVaultHearth(env: Record<string, string> = {}): Promise<TestHearth> {
  const hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity,vault', ...env } });
  const actor = { actorPersonId: null, actorEmail: 'setup@testshire.example' };
  await addTeam(hearth.db, hearth.council.id, actor, {
    code: 'Housing options',
    nameEn: 'Housing options',
    nameCy: 'Opsiynau tai',
    descriptionEn: 'Help to find a home',
    descriptionCy: 'Help i ddod o hyd i gartref',
    contactEmail: 'housing@testshire.example',
  });
  await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Testshire Homes', description: 'Housing association', authMethod: 'client_secret', scopes: ['vault.read'] });
  // A partner system without the vault's scopes could not use a grant: it is not offered.
  await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Bus timetable feed', authMethod: 'client_secret', scopes: ['partner.read'] });
  return hearth;
}

/** A resident signed in, and their person id. */
export async function resident(hearth: TestHearth, email: string): Promise<{ browser: Browser; id: string }> {
  const browser = await signIn(hearth, email);
  const person = await ensurePerson(hearth.db, email);
  return { browser, id: person.id };
}

/** A UK date `days` from today as the date input's three fields. */
export function dateFields(days: number): Record<string, string> {
  const date = new Date(Date.now() + days * 24 * 3600_000);
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date).split('-');
  return { 'until-day': String(Number(day)), 'until-month': String(Number(month)), 'until-year': year };
}

/** The hidden fields of the "Check your answers" form, as a browser would send them. */
export function hiddenFields(html: string): Array<[string, string]> {
  const form = /<form method="post" action="[^"]*\/confirm"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  return [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], decode(m[2])]);
}

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** A form POST with repeated fields (checkboxes), from the browser's last page (its CSRF token), as Browser.post does. */
export async function postPairs(hearth: TestHearth, browser: Browser, url: string, pairs: Array<[string, string]>, options: { csrf?: boolean } = {}) {
  const token = formTokenOf(browser.lastPage);
  const fields: Array<[string, string]> = options.csrf === false || !token || pairs.some(([n]) => n === '_csrf') ? pairs : [['_csrf', token], ...pairs];
  const res = await hearth.app.inject({
    method: 'POST',
    url,
    remoteAddress: browser.ip,
    headers: { accept: 'text/html', cookie: browser.jar.header(), 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: new URLSearchParams(fields).toString(),
  });
  browser.jar.take(res);
  if (res.statusCode < 300 || res.statusCode >= 400) browser.lastPage = res.body;
  return res;
}
