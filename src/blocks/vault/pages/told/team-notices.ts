import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { acknowledgeNotice, noticesOfRecipient } from '../../sql/notices.js';
import { categoryName, ukDateTimeText } from '../grants/common.js';
import { idParam, render, shortRef, STAFF_PAGE, TEAM_PAGE, TEAM_PREFIX, teamOf, teamPath } from '../staff/common.js';
import { teamsOfPerson } from '../staff/residents.js';
import { STATUS_TAG } from './told.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * A team's tell-us-once queue: each change to a resident's record that the team's grant covers,
 * newest first — the resident by reference and the category, never the value (a member of staff
 * opens the resident, a logged read through the gateway, to see it) — with "acknowledge", which
 * the resident then sees. For the team's request handlers only (`vault.read` for the team).
 */

const PAGE_SIZE = 50;

export function registerTeamNotices(app: FastifyInstance, ctx: PlatformContext): void {
  // Which team's notices: straight there for a member of one team, a choice for a member of several.
  app.get('/admin/vault/notices', STAFF_PAGE, async (request, reply) => {
    const teams = teamsOfPerson(request);
    reply.header('cache-control', 'no-store');
    if (!teams.length) return reply.code(403).page('error.njk', { title: request.t('vault.staff.no_team.title'), body: request.t('vault.staff.no_team.body') });
    const hrefOf = (team: string) => `${request.basePath}/admin/vault/team/${encodeURIComponent(team)}/notices`;
    if (teams.length === 1) return reply.redirect(hrefOf(teams[0]), 303);
    return reply.page('vault-staff-teams.njk', {
      title: request.t('vault.told.team.choose'),
      teams: teams.map((team) => ({ text: team, href: hrefOf(team) })),
      adminHref: `${request.basePath}/admin`,
    });
  });

  app.get(`${TEAM_PREFIX}/notices`, TEAM_PAGE, async (request, reply) => {
    const { t } = request;
    const raw = (request.query as Record<string, unknown>).page;
    const page = typeof raw === 'string' && /^[1-9]\d{0,4}$/.test(raw) ? Number(raw) : 1;
    const rows = await inCouncil(ctx.db, request.council.id, (tx) => noticesOfRecipient(tx, request.council.id, 'team', teamOf(request), PAGE_SIZE + 1, (page - 1) * PAGE_SIZE));
    const acknowledged = (request.query as Record<string, unknown>).acknowledged === '1';
    return render(request, reply, 'vault-told-team.njk', {
      title: t('vault.told.team.title', { team: teamOf(request) }),
      done: acknowledged ? t('vault.told.team.acknowledged') : undefined,
      notices: rows.slice(0, PAGE_SIZE).map((n) => ({
        resident: t('vault.told.team.resident', { ref: shortRef(n.resident_id) }),
        residentHref: teamPath(request, `/residents/${n.resident_id}`),
        // An erasure says so, and what to do: delete the copies.
        category: n.kind === 'erased' ? t('vault.told.team.erased', { categories: n.categories.map((c) => categoryName(request, c)).join(', ') }) : categoryName(request, n.category),
        when: ukDateTimeText(request, n.changed_at),
        status: t(`vault.told.status.${n.status}`),
        tag: STATUS_TAG[n.status],
        acknowledgeAction: n.status === 'acknowledged' ? undefined : teamPath(request, `/notices/${n.id}/acknowledge`),
        acknowledgeLabel:
          n.kind === 'erased'
            ? t('vault.told.team.acknowledge_erased_for', { ref: shortRef(n.resident_id), categories: n.categories.map((c) => categoryName(request, c)).join(', ') })
            : t('vault.told.team.acknowledge_for', { ref: shortRef(n.resident_id), category: categoryName(request, n.category) }),
      })),
      previousHref: page > 1 ? teamPath(request, `/notices?page=${page - 1}`) : undefined,
      nextHref: rows.length > PAGE_SIZE ? teamPath(request, `/notices?page=${page + 1}`) : undefined,
      chooseHref: `${request.basePath}/admin/vault/notices`,
    });
  });

  app.post(`${TEAM_PREFIX}/notices/:id/acknowledge`, TEAM_PAGE, async (request, reply) => {
    const p = request.principal;
    const by = p?.kind === 'person' ? p.personId : 'unknown';
    const notice = await inCouncil(ctx.db, request.council.id, (tx) => acknowledgeNotice(tx, request.council.id, 'team', teamOf(request), idParam(request, 'id'), by));
    if (!notice) {
      reply.header('cache-control', 'no-store');
      return reply.code(404).page('error.njk', { title: request.t('error.not_found_title'), body: request.t('error.not_found_body') });
    }
    return reply.redirect(teamPath(request, '/notices?acknowledged=1'), 303);
  });
}
