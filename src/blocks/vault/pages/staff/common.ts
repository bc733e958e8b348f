import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { notFound } from '../../../../platform/http/problem.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { auditActor } from '../../../identity/index.js';
import type { BasisActor } from '../../bases.js';
import type { VaultActor } from '../../gateway.js';
import { teamsOf } from '../../teams.js';
import { UUID } from '../../../../platform/uuid.js';

/**
 * What the staff pages share. A member of staff acts for a team, named in the address
 * (`/admin/vault/team/<team>/…`): the route lets in only a person whose role holds `vault.read`
 * for that team (a request handler of it), and every read of a resident goes through the access
 * gateway as that team.
 */

export const TEAM_PREFIX = '/admin/vault/team/:team';

const canonicalTeams = new WeakMap<FastifyRequest, string>();

/**
 * The team in the address: the council's team code when one matches it regardless of case (a
 * role's scope is matched so, and grants name the team's code exactly), else as typed there.
 */
export const teamOf = (request: FastifyRequest): string => canonicalTeams.get(request) ?? (request.params as { team: string }).team;

/** Route options of a team's page: HTML, for a person who may read the vault for the team in the address (as typed there). */
export const TEAM_PAGE = { config: { html: true, access: { action: 'vault.read', scope: (request: FastifyRequest) => ({ team: (request.params as { team: string }).team }) } as RouteAccess } };

/** The same, with the team resolved to the council's team code (`teamOf` answers it), for pages that read grants and bases. */
export const teamPage = (ctx: PlatformContext) => ({
  ...TEAM_PAGE,
  // After the access check: the team's code as grants and bases name it.
  preHandler: async (request: FastifyRequest) => {
    const typed = (request.params as { team: string }).team;
    const team = (await teamsOf(ctx.db, request.council.id)).find((t) => t.code.toLowerCase() === typed.toLowerCase());
    if (team) canonicalTeams.set(request, team.code);
  },
});
/** Pages that are not yet about one team (choosing one): any signed-in person; they show only that person's teams. */
export const STAFF_PAGE = { config: { html: true, access: { signedIn: true } as RouteAccess } };

export const teamPath = (request: FastifyRequest, rest = '') => `${request.basePath}/admin/vault/team/${encodeURIComponent(teamOf(request))}${rest}`;

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const bodyOf = (request: FastifyRequest): Record<string, unknown> => (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {});
/** The values of checkboxes (one, several or none arrive). */
export const many = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []).filter((x): x is string => typeof x === 'string' && x !== '');

export { UUID };

/** An id from the address, or a 404 for anything that is not one. */
export function idParam(request: FastifyRequest, name: string): string {
  const id = (request.params as Record<string, string | undefined>)[name];
  if (!id || !UUID.test(id)) throw notFound();
  return id.toLowerCase();
}

/** How staff name a resident whose name their team may not read: "Resident 3F2A9C1B" (the start of their id). */
export const shortRef = (residentId: string): string => residentId.slice(0, 8).toUpperCase();

/** The member of staff, acting for the team in the address, as the gateway knows them. */
export function staffActor(request: FastifyRequest): VaultActor & { kind: 'staff' } {
  const p = request.principal;
  if (p?.kind !== 'person') throw notFound();
  return { kind: 'staff', personId: p.personId, name: p.displayName ?? p.email, team: teamOf(request) };
}

/** The member of staff, for the audit log. */
export function auditOf(request: FastifyRequest): BasisActor {
  const { councilId: _council, ...actor } = auditActor(request);
  return { ...actor, actorPersonId: staffActor(request).personId };
}

/** A personal page: never kept by a cache, its forms carrying the anti-forgery token. */
export function render(request: FastifyRequest, reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) {
  reply.header('cache-control', 'no-store');
  return reply.code(status).page(view, { ...data, team: teamOf(request), csrfField: CSRF_FIELD, csrfToken: csrfToken(request, reply) });
}

/** The clear refusal: the team has no live grant or basis for this (never a 500, never the data). */
export function refused(request: FastifyRequest, reply: FastifyReply, ctx: PlatformContext, reason: 'no_authority' | 'read_only') {
  ctx.log.info({ team: teamOf(request), route: request.routeOptions.url, reason }, 'vault access refused');
  reply.header('cache-control', 'no-store');
  return reply.code(403).page('error.njk', {
    title: request.t('vault.staff.refused.title'),
    paragraphs: [request.t(`vault.staff.refused.${reason}`, { team: teamOf(request) }), request.t('vault.staff.refused.ask')],
  });
}

const formatter = (locale: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { timeZone: 'Europe/London', ...options });

/** "3 December 2026", in London. */
export const ukDate = (request: FastifyRequest, date: Date): string => formatter(request.locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
/** A date held as YYYY-MM-DD, as a UK date. */
export const ukDay = (request: FastifyRequest, iso: string): string => ukDate(request, new Date(`${iso}T12:00:00Z`));

/** The UK date (YYYY-MM-DD) of an instant. */
export const londonDate = (at: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** The instant a UK date ends (midnight in London at the start of the next day). */
export function endOfLondonDay(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  // London is UTC+0 or UTC+1: of the two, the one that is midnight there.
  for (const hours of [0, 1]) {
    const candidate = new Date(next.getTime() - hours * 3600_000);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(candidate);
    if (londonDate(candidate) === next.toISOString().slice(0, 10) && Number(hour) === 0) return candidate;
  }
  return next;
}

/** A GOV.UK date input (`<name>-day`, `-month`, `-year`) as a UK date, or what is wrong with it. */
export function readDateInput(body: Record<string, unknown>, name: string): { date: string } | { problem: 'missing' | 'invalid' } | { empty: true } {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => str(body[`${name}-${part}`]).trim());
  if (!day && !month && !year) return { empty: true };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { problem: day && month && year ? 'invalid' : 'missing' };
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return { problem: 'invalid' };
  return { date: date.toISOString().slice(0, 10) };
}

/** The fields of a date input, to show again what was typed. */
export const dateFields = (body: Record<string, unknown>, name: string) => ({ day: str(body[`${name}-day`]), month: str(body[`${name}-month`]), year: str(body[`${name}-year`]) });
