import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { notFound } from '../../../../platform/http/problem.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import type { AppointmentField, AppointmentInput, AppointmentProblems, CheckedAppointment } from '../../advocates/appointments.js';
import { categoriesOf, categoryName, liveCategoriesOf } from '../../categories.js';
import type { AppointmentRow } from '../../sql/advocates.js';
import { londonMidnight } from '../grants/dates.js';
import { UUID } from '../../../../platform/uuid.js';

/** What the advocates' pages share: route options, rendering, the appointment form's fields, words for a scope. */

export const PERSON_PAGE = { config: { html: true, access: { signedIn: true } as RouteAccess } };

export { UUID };
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const bodyOf = (request: FastifyRequest): Record<string, unknown> => (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {});
/** The values of checkboxes (one, several or none arrive). */
export const many = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []).filter((x): x is string => typeof x === 'string' && x !== '');

/** The signed-in person (the route already required one). */
export function personOf(request: FastifyRequest): { personId: string; email: string; displayName: string | null } {
  const p = request.principal;
  if (p?.kind !== 'person') throw notFound();
  return { personId: p.personId, email: p.email, displayName: p.displayName };
}

/** An id from the address, or a 404 for anything that is not one. */
export function idParam(request: FastifyRequest, name = 'id'): string {
  const id = (request.params as Record<string, string | undefined>)[name];
  if (!id || !UUID.test(id)) throw notFound();
  return id.toLowerCase();
}

/** A personal page: never kept by a cache, its forms carrying the anti-forgery token. */
export function render(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) {
  reply.header('cache-control', 'no-store');
  return reply.code(status).page(view, { ...data, csrfField: CSRF_FIELD, csrfToken: csrfToken(request, reply, { secure: ctx.config.production }) });
}

/** The clear refusal: no live appointment lets this person do this (nothing was read). */
export function refused(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, reason: 'no_appointment' | 'out_of_scope' | 'read_only' | 'no_grants') {
  ctx.log.info({ route: request.routeOptions.url, reason }, 'advocate refused');
  reply.header('cache-control', 'no-store');
  return reply.code(403).page('error.njk', {
    title: request.t('vault.advocates.refused.title'),
    paragraphs: [request.t(`vault.advocates.refused.${reason}`), request.t('vault.advocates.refused.ask')],
  });
}

const formatter = (locale: string) => new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
/** "3 December 2026", in London. */
export const ukDate = (request: FastifyRequest, date: Date): string => formatter(request.locale).format(date);
/** The last day an appointment runs (it ends at the start of the next). */
export const lastDay = (request: FastifyRequest, endsAt: Date): string => ukDate(request, new Date(endsAt.getTime() - 1));
/** A UK date (YYYY-MM-DD) as words. */
export const dayText = (request: FastifyRequest, date: string): string => ukDate(request, londonMidnight(date));

/** The form's fields, as sent (what is shown again, and carried through "Check your answers"). */
export interface FormValues {
  advocate_name: string;
  email: string;
  relationship: string;
  categories: string[];
  access: string;
  manage_grants: string;
  'until-day': string;
  'until-month': string;
  'until-year': string;
  /** A legal appointment's. */
  resident_email: string;
  resident_name: string;
  evidence_ref: string;
}

export function formValuesOf(source: Record<string, unknown>): FormValues {
  return {
    advocate_name: str(source.advocate_name),
    email: str(source.email),
    relationship: str(source.relationship),
    categories: many(source.categories),
    access: str(source.access),
    manage_grants: str(source.manage_grants),
    'until-day': str(source['until-day']),
    'until-month': str(source['until-month']),
    'until-year': str(source['until-year']),
    resident_email: str(source.resident_email),
    resident_name: str(source.resident_name),
    evidence_ref: str(source.evidence_ref),
  };
}

export const inputOf = (v: FormValues): AppointmentInput => ({
  advocateName: v.advocate_name,
  email: v.email,
  relationship: v.relationship,
  categories: v.categories,
  access: v.access,
  manageGrants: v.manage_grants,
  until: { day: v['until-day'], month: v['until-month'], year: v['until-year'] },
});

/** The fields as name/value pairs (a hidden field each; categories repeated), for "Check your answers". */
export function formPairs(v: FormValues, legal = false): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    ['advocate_name', v.advocate_name],
    ['email', v.email],
    ['relationship', v.relationship],
    ...v.categories.map((c): [string, string] => ['categories', c]),
    ['access', v.access],
    ['manage_grants', v.manage_grants],
    ['until-day', v['until-day']],
    ['until-month', v['until-month']],
    ['until-year', v['until-year']],
  ];
  if (legal) pairs.push(['resident_email', v.resident_email], ['resident_name', v.resident_name], ['evidence_ref', v.evidence_ref]);
  return pairs;
}

/** The order of the fields on the form, and where the error summary's link for each goes. */
const ORDER: Array<AppointmentField | 'resident_email'> = ['resident_email', 'resident_name', 'evidence_ref', 'advocate_name', 'email', 'relationship', 'categories', 'access', 'manage_grants', 'until'];
const ANCHOR: Partial<Record<string, string>> = { categories: 'categories', access: 'access', manage_grants: 'manage_grants', until: 'until-day' };

/** The appointment form's view data: fields, their problems in words, the council's categories. */
export async function formView(ctx: PlatformContext, request: FastifyRequest, values: FormValues, problems: AppointmentProblems & { resident_email?: string }, maxDays: number) {
  const { t } = request;
  const fieldErrors: Record<string, string> = {};
  for (const [field, code] of Object.entries(problems)) if (code) fieldErrors[field] = t(`vault.advocates.error.${field}.${code}`, { days: maxDays });
  const untilProblem = problems.until;
  const categories = await liveCategoriesOf(ctx.db, request.council.id);
  return {
    values,
    fieldErrors,
    errors: ORDER.filter((f) => fieldErrors[f]).map((f) => ({ text: fieldErrors[f], href: `#${ANCHOR[f] ?? f}` })),
    // Which parts of the date to mark: the missing one, else all three.
    dateErrorParts: untilProblem?.startsWith('missing_') ? [untilProblem.slice('missing_'.length)] : untilProblem ? ['day', 'month', 'year'] : [],
    categoryItems: categories.map((c) => ({ value: c.code, text: categoryName(c, request.locale), checked: values.categories.includes(c.code) })),
    maxDays,
  };
}

/** A scope in words: the categories' names (in the record's order), read or change, grants. */
export async function scopeText(ctx: PlatformContext, request: FastifyRequest, scope: { categories: string[]; access: string; manageGrants: boolean }) {
  const all = await categoriesOf(ctx.db, request.council.id);
  const names = all.filter((c) => scope.categories.includes(c.code)).map((c) => categoryName(c, request.locale));
  return {
    categories: names.join(', '),
    access: request.t(`vault.advocates.access.${scope.access}`),
    grants: request.t(scope.manageGrants ? 'vault.advocates.grants.yes' : 'vault.advocates.grants.no'),
  };
}

export const scopeOfRow = (a: AppointmentRow) => ({ categories: a.categories, access: a.access, manageGrants: a.manage_grants });
export const scopeOfChecked = (a: CheckedAppointment) => ({ categories: a.categories, access: a.access, manageGrants: a.manageGrants });

/** How an appointment stands now: its status, or `expired` for an active one past its end or an invitation no longer answerable. */
export type Standing = AppointmentRow['status'] | 'expired';
export function standingOf(a: AppointmentRow, now: Date): Standing {
  if (a.status === 'active' && a.ends_at <= now) return 'expired';
  if (a.status === 'invited' && (!a.invitation_expires || a.invitation_expires <= now || a.ends_at <= now)) return 'expired';
  return a.status;
}
export const TAG_CLASS: Record<Standing, string> = {
  invited: 'govuk-tag--blue',
  awaiting_approval: 'govuk-tag--blue',
  active: 'govuk-tag--green',
  declined: 'govuk-tag--grey',
  ended: 'govuk-tag--grey',
  expired: 'govuk-tag--grey',
};
