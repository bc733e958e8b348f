import type { FastifyRequest } from 'fastify';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { notFound } from '../../../../platform/http/problem.js';
import type { Db } from '../../../../platform/db/db.js';
import { partnerSystemsOf } from '../../../identity/index.js';
import { BUILTIN_CATEGORIES, categoriesOf, categoryName as nameOf } from '../../categories.js';
import { teamsOf } from '../../teams.js';
import { UUID } from '../../../../platform/uuid.js';

/** Shared by the resident's sharing and access pages: route options, form reading, names of things, UK dates. */

/** Route options of a page: HTML, with who may use it. */
export const page = (access: RouteAccess) => ({ config: { html: true, access } });
export const RESIDENT = page({ signedIn: true });

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const bodyOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
/** A form field that may be sent many times (checkboxes), as a list of strings. */
export const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : typeof v === 'string' ? [v] : []).filter(Boolean);

export { UUID };

/** The signed-in resident (the route's access rule already required a person). */
export function residentOf(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.kind !== 'person') throw notFound();
  return p.personId;
}

/** A grant id from the address, or a 404 for anything that is not one. */
export function grantIdOf(request: FastifyRequest): string {
  const { id } = request.params as { id?: string };
  if (!id || !UUID.test(id)) throw notFound();
  return id.toLowerCase();
}

/** What a grant can be given to: the council's current teams and its partner systems that can read the vault. */
export interface Grantee {
  /** `team:<code>` or `partner:<client id>`: the form's value. */
  value: string;
  kind: 'team' | 'partner';
  id: string;
  name: string;
  description: string;
}

/** The partner scopes that make a grant to a partner system usable (gateway.ts PARTNER_SCOPES). */
const VAULT_SCOPES = ['vault.read', 'vault.write'];

export async function granteesOf(db: Db, councilId: string, locale: string): Promise<Grantee[]> {
  const teams = (await teamsOf(db, councilId)).filter((t) => !t.retired);
  const partners = (await partnerSystemsOf(db, councilId)).filter((p) => p.scopes.some((s) => VAULT_SCOPES.includes(s)));
  const cy = locale === 'cy';
  return [
    ...teams.map((t) => ({ value: `team:${t.code}`, kind: 'team' as const, id: t.code, name: cy ? t.name.cy : t.name.en, description: cy ? t.description.cy : t.description.en })),
    ...partners.map((p) => ({ value: `partner:${p.clientId}`, kind: 'partner' as const, id: p.clientId, name: p.name, description: p.description ?? '' })),
  ];
}

/**
 * Names of every team and partner system the council has had (retired and disabled ones too),
 * for grants and log entries that name them: `team:<code>` / `partner:<client id>` → name.
 */
export async function granteeNames(db: Db, councilId: string, locale: string): Promise<(kind: 'team' | 'partner', id: string) => string> {
  const names = new Map<string, string>();
  for (const t of await teamsOf(db, councilId)) names.set(`team:${t.code}`, locale === 'cy' ? t.name.cy : t.name.en);
  for (const p of await partnerSystemsOf(db, councilId)) names.set(`partner:${p.clientId}`, p.name);
  return (kind, id) => names.get(`${kind}:${id}`) ?? id;
}

/**
 * The council's categories in the reader's language: those a resident can share now (not
 * retired), in the record's order, and a name for any code a grant or log entry holds (retired
 * ones too; a code the council no longer has, as written).
 */
export async function categoriesFor(db: Db, councilId: string, locale: string): Promise<{ live: Array<{ code: string; name: string }>; name: (code: string) => string }> {
  const all = await categoriesOf(db, councilId);
  const names = new Map(all.map((c) => [c.code, nameOf(c, locale)]));
  return { live: all.filter((c) => !c.retired).map((c) => ({ code: c.code, name: nameOf(c, locale) })), name: (code) => names.get(code) ?? code };
}

/** A category's name in the reader's language without asking the database: a built-in one's, else its code. */
export function categoryName(request: FastifyRequest, code: string): string {
  const builtIn = BUILTIN_CATEGORIES.find((c) => c.code === code);
  return builtIn ? nameOf(builtIn, request.locale) : code;
}

const formatter = (locale: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { timeZone: 'Europe/London', ...options });

/** "3 December 2026", as GOV.UK writes dates, in London. */
export function ukDateText(request: FastifyRequest, date: Date): string {
  return formatter(request.locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** "3 December 2026 at 10:04", in London. */
export function ukDateTimeText(request: FastifyRequest, date: Date): string {
  const time = formatter(request.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return request.t('vault.sharing.date_time', { date: ukDateText(request, date), time });
}
