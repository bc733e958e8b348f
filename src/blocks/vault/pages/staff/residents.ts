import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { categoriesOf, categoryName, type Category } from '../../categories.js';
import { AccessRefused, readWithAccess, withResidentAccess } from '../../gateway.js';
import type { RecordItem } from '../../record.js';
import { sameValues } from '../../same-values.js';
import { authorityOfTeam, residentsOfTeam, type TeamAuthorityRow } from '../../sql/staff.js';
import { controlsFor } from '../record/controls.js';
import { valueLines } from '../record/display.js';
import { readValue, type FieldError, type Inputs, inputsOf } from '../record/values.js';
import { bodyOf, idParam, refused, render, shortRef, staffActor, STAFF_PAGE, teamPage, TEAM_PREFIX, teamOf, teamPath, ukDate } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * `/admin/vault`: a member of staff picks the team they act for (if they act for several), sees
 * the residents who gave that team a live grant (or for whom it holds a recorded legal basis),
 * and opens one: what the team may see, read through the access gateway — every view an entry
 * in the resident's access log — and, under a read-and-update grant, changed through it with
 * the same form and checks as the resident's own pages.
 */

const PAGE_SIZE = 25;

/** The teams this person acts for here: the scopes of their roles that allow vault.read. */
export function teamsOfPerson(request: FastifyRequest): string[] {
  const p = request.principal;
  if (p?.kind !== 'person') return [];
  const scopes = p.grants.filter((g) => g.councilId === request.council.id && g.scope).map((g) => g.scope as string);
  return [...new Set(scopes)].filter((team) => request.may('vault.read', { team })).sort((a, b) => a.localeCompare(b, 'en-GB'));
}

/** A resident's name, read through the gateway when one of the team's grants covers it (a logged read); else undefined. */
async function nameOf(ctx: PlatformContext, request: FastifyRequest, residentId: string, authorities: TeamAuthorityRow[]): Promise<string | undefined> {
  if (!authorities.some((a) => a.categories.includes('name'))) return undefined;
  try {
    const [item] = await readWithAccess(ctx.db, { councilId: request.council.id, actor: staffActor(request), residentId, categories: ['name'], action: 'read' });
    const fullName = (item?.value as { fullName?: unknown } | undefined)?.fullName;
    return typeof fullName === 'string' && fullName ? fullName : undefined;
  } catch (error) {
    // The grant ended between the list and this read: shown by reference, as any other.
    if (error instanceof AccessRefused) return undefined;
    throw error;
  }
}

export function registerStaffResidents(app: FastifyInstance, ctx: PlatformContext): void {
  const chooser = (path: string, view: string) =>
    app.get(path, STAFF_PAGE, async (request, reply) => {
      const teams = teamsOfPerson(request);
      if (!teams.length) {
        reply.header('cache-control', 'no-store');
        return reply.code(403).page('error.njk', { title: request.t('vault.staff.no_team.title'), body: request.t('vault.staff.no_team.body') });
      }
      const rest = view === 'bases' ? '/bases' : '';
      const hrefOf = (team: string) => `${request.basePath}/admin/vault/team/${encodeURIComponent(team)}${rest}`;
      if (teams.length === 1) return reply.redirect(hrefOf(teams[0]), 303);
      reply.header('cache-control', 'no-store');
      return reply.page('vault-staff-teams.njk', {
        title: request.t(`vault.staff.choose.${view}`),
        teams: teams.map((team) => ({ text: team, href: hrefOf(team) })),
        adminHref: `${request.basePath}/admin`,
      });
    });
  chooser('/admin/vault', 'residents');
  chooser('/admin/vault/bases', 'bases');

  app.get(TEAM_PREFIX, teamPage(ctx), async (request, reply) => {
    const { t } = request;
    const query = request.query as Record<string, unknown>;
    const page = /^[1-9]\d{0,5}$/.test(String(query.page ?? '')) ? Number(query.page) : 1;
    const now = new Date();
    const { rows, total } = await inCouncil(ctx.db, request.council.id, (tx) => residentsOfTeam(tx, request.council.id, teamOf(request), now, PAGE_SIZE, (page - 1) * PAGE_SIZE));
    const categories = await categoriesOf(ctx.db, request.council.id);
    const order = (code: string) => categories.findIndex((k) => k.code === code);
    // In the record's order (name before address), as the resident sees their categories.
    const namesOf = (codes: string[]) => [...codes].sort((a, b) => order(a) - order(b)).map((code) => {
      const c = categories.find((k) => k.code === code);
      return c ? categoryName(c, request.locale) : code;
    }).join(', ');
    const byResident = new Map<string, TeamAuthorityRow[]>();
    for (const row of rows) byResident.set(row.resident_id, [...(byResident.get(row.resident_id) ?? []), row]);
    const residents = [];
    for (const [residentId, authorities] of byResident) {
      const name = await nameOf(ctx, request, residentId, authorities);
      residents.push({
        name: name ?? t('vault.staff.resident_ref', { ref: shortRef(residentId) }),
        href: teamPath(request, `/residents/${residentId}`),
        authorities: authorities.map((a) => ({
          kind: t(`vault.staff.kind.${a.kind}`),
          categories: namesOf(a.categories),
          access: t(`vault.staff.access.${a.access}`),
          purpose: a.purpose,
          until: ukDate(request, a.expires_at),
        })),
      });
    }
    const done = String(query.done ?? '');
    return render(request, reply, 'vault-staff-residents.njk', {
      title: t('vault.staff.residents.title', { team: teamOf(request) }),
      done: ['requested', 'recorded', 'awaiting'].includes(done) ? t(`vault.staff.done.${done}`) : undefined,
      residents,
      total,
      countText: t('vault.staff.residents.count', { total, count: total }),
      previousHref: page > 1 ? teamPath(request, `?page=${page - 1}`) : undefined,
      nextHref: page * PAGE_SIZE < total ? teamPath(request, `?page=${page + 1}`) : undefined,
      requestHref: teamPath(request, '/request'),
      basisHref: teamPath(request, '/bases/new'),
      basesHref: teamPath(request, '/bases'),
      chooseHref: `${request.basePath}/admin/vault`,
    });
  });

  /** The resident in the address and the team's live grants and bases for them; none: the refusal page. */
  async function authorityFor(request: FastifyRequest) {
    const residentId = idParam(request, 'resident');
    const authorities = await inCouncil(ctx.db, request.council.id, (tx) => authorityOfTeam(tx, request.council.id, teamOf(request), residentId, new Date()));
    return { residentId, authorities };
  }

  app.get(`${TEAM_PREFIX}/residents/:resident`, teamPage(ctx), async (request, reply) => {
    const { t, locale } = request;
    const { residentId, authorities } = await authorityFor(request);
    if (!authorities.length) return refused(request, reply, ctx, 'no_authority');
    const categories = await categoriesOf(ctx.db, request.council.id);
    // One logged read per grant or basis, for what no earlier one covered.
    const items: RecordItem[] = [];
    const read = new Set<string>();
    for (const authority of authorities) {
      const todo = authority.categories.filter((c) => !read.has(c));
      if (!todo.length) continue;
      try {
        items.push(...(await readWithAccess(ctx.db, { councilId: request.council.id, actor: staffActor(request), residentId, categories: todo, action: 'read' })));
        todo.forEach((c) => read.add(c));
      } catch (error) {
        if (!(error instanceof AccessRefused)) throw error;
      }
    }
    if (!read.size) return refused(request, reply, ctx, 'no_authority');
    const updatable = new Set(authorities.filter((a) => a.kind === 'grant' && a.access === 'read_update').flatMap((a) => a.categories));
    const name = items.find((i) => i.category === 'name')?.value as { fullName?: string } | undefined;
    const sections = categories
      .filter((c) => read.has(c.code))
      .map((category) => {
        const held = items.filter((i) => i.category === category.code);
        return {
          name: categoryName(category, locale),
          values: held.map((i) => ({ lines: valueLines(t, category.kind, i.value, locale), source: t('vault.staff.resident.source', { source: t(`vault.staff.source.${i.source.kind}`, { name: i.source.name }), date: ukDate(request, i.recordedAt) }) })),
          changeHref: updatable.has(category.code) && !category.retired && category.kind !== 'household' ? teamPath(request, `/residents/${residentId}/change/${category.code}`) : undefined,
        };
      });
    const query = request.query as Record<string, unknown>;
    const saved = typeof query.saved === 'string' ? categories.find((c) => c.code === query.saved) : undefined;
    return render(request, reply, 'vault-staff-resident.njk', {
      title: name?.fullName ?? t('vault.staff.resident_ref', { ref: shortRef(residentId) }),
      saved: saved ? t('vault.staff.resident.saved', { category: categoryName(saved, locale) }) : undefined,
      sections,
      authorities: authorities.map((a) => ({
        kind: t(`vault.staff.kind.${a.kind}`),
        access: t(`vault.staff.access.${a.access}`),
        purpose: a.purpose,
        until: ukDate(request, a.expires_at),
      })),
      logged: t('vault.staff.resident.logged'),
      moreHref: teamPath(request, `/request?resident=${residentId}`),
      listHref: teamPath(request),
    });
  });

  /** The category in the address, if the team may change it for this resident now (a read-and-update grant covers it). */
  async function changeable(request: FastifyRequest): Promise<{ residentId: string; category?: Category; allowed: boolean }> {
    const { residentId, authorities } = await authorityFor(request);
    const code = (request.params as { category: string }).category;
    const category = (await categoriesOf(ctx.db, request.council.id)).find((c) => c.code === code && !c.retired && c.kind !== 'household');
    const allowed = authorities.some((a) => a.kind === 'grant' && a.access === 'read_update' && a.categories.includes(code));
    return { residentId, category, allowed: allowed && category !== undefined };
  }

  function form(request: FastifyRequest, reply: FastifyReply, residentId: string, category: Category, inputs: Inputs, errors: FieldError[]) {
    const { t, locale } = request;
    const list = errors.map((e) => ({ text: t(`vault.record.error.${e.field}.${e.reason}`), href: `#${e.field === 'dateOfBirth' ? 'dateOfBirth-day' : e.field}` }));
    const byField: Record<string, string> = {};
    errors.forEach((e, i) => (byField[e.field] ??= list[i].text));
    const name = categoryName(category, locale);
    return render(request, reply, 'vault-staff-change.njk', {
      title: t('vault.staff.change.title', { category: name }),
      heading: t('vault.staff.change.title', { category: name }),
      controls: controlsFor(t, category.kind, inputs, byField, name),
      errors: list,
      formAction: teamPath(request, `/residents/${residentId}/change/${category.code}`),
      backHref: teamPath(request, `/residents/${residentId}`),
    }, errors.length ? 400 : 200);
  }

  app.get(`${TEAM_PREFIX}/residents/:resident/change/:category`, teamPage(ctx), async (request, reply) => {
    const { residentId, category, allowed } = await changeable(request);
    if (!category || !allowed) return refused(request, reply, ctx, 'read_only');
    try {
      // Showing the values held is a read: logged like any other.
      const [current] = await readWithAccess(ctx.db, { councilId: request.council.id, actor: staffActor(request), residentId, categories: [category.code], action: 'read' });
      return form(request, reply, residentId, category, current ? inputsOf(category.kind, current.value) : {}, []);
    } catch (error) {
      if (error instanceof AccessRefused) return refused(request, reply, ctx, 'read_only');
      throw error;
    }
  });

  app.post(`${TEAM_PREFIX}/residents/:resident/change/:category`, teamPage(ctx), async (request, reply) => {
    const { residentId, category, allowed } = await changeable(request);
    if (!category || !allowed || category.kind === 'household') return refused(request, reply, ctx, 'read_only');
    const read = readValue(category.kind, bodyOf(request));
    // A form with problems reads and changes nothing: no access, nothing logged.
    if (read.errors.length) return form(request, reply, residentId, category, read.inputs, read.errors);
    try {
      await withResidentAccess(ctx.db, { councilId: request.council.id, actor: staffActor(request), residentId, categories: [category.code], action: 'update' }, async (access) => {
        const current = await access.read();
        const values = category.kind === 'contact' && Object.keys(read.value as object).length === 0 ? [] : [read.value];
        // Sent again unchanged (a double click, a retry): nothing is written.
        if (!sameValues(current.map((i) => i.value), values)) await access.write(category.code, values);
      });
    } catch (error) {
      if (error instanceof AccessRefused) return refused(request, reply, ctx, 'read_only');
      throw error;
    }
    return reply.redirect(teamPath(request, `/residents/${residentId}?saved=${category.code}`), 303);
  });
}
