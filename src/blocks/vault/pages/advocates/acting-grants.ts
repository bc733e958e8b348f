import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { notFound } from '../../../../platform/http/problem.js';
import { moveResidentGrant, movesFrom, type GrantMove } from '../../grants.js';
import { appointmentOfAdvocate, type AppointmentRow } from '../../sql/advocates.js';
import { grantOfResident, grantsOfResident, type GrantRow } from '../../sql/grants.js';
import { categoriesOf, categoryName } from '../../categories.js';
import { granteeNames } from '../grants/common.js';
import { actingPath, bannerOf, isLive } from './acting.js';
import { idParam, lastDay, PERSON_PAGE, personOf, refused, render } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * An advocate whose appointment lets them manage the resident's grants pauses, resumes or
 * withdraws them, as the resident would (grants.ts `moveResidentGrant`), each move in the
 * grant's history as this advocate's, by name, for this resident. They cannot give new grants or accept a team's request:
 * consenting to new sharing stays the resident's.
 */

const MOVES: GrantMove[] = ['pause', 'resume', 'withdraw'];
const DONE: Record<string, string> = { pause: 'paused', resume: 'resumed', withdraw: 'withdrawn' };

export function registerActingGrantPages(app: FastifyInstance, ctx: PlatformContext): void {
  /** The appointment in the address, if it is this person's, live, and lets them manage grants. */
  async function managing(request: FastifyRequest): Promise<AppointmentRow | undefined> {
    const appointment = await inCouncil(ctx.db, request.council.id, (tx) => appointmentOfAdvocate(tx, request.council.id, personOf(request).personId, idParam(request)));
    if (!appointment) throw notFound();
    return isLive(appointment, new Date()) && appointment.manage_grants ? appointment : undefined;
  }

  app.get('/acting-for/:id/sharing', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const a = await managing(request);
    if (!a) return refused(ctx, request, reply, 'no_grants');
    const now = new Date();
    const name = await granteeNames(ctx.db, request.council.id, request.locale);
    const categories = new Map((await categoriesOf(ctx.db, request.council.id)).map((c) => [c.code, categoryName(c, request.locale)]));
    const live = (g: GrantRow) => (g.status === 'active' || g.status === 'paused') && g.expires_at > now;
    const grants = (await inCouncil(ctx.db, request.council.id, (tx) => grantsOfResident(tx, request.council.id, a.resident_id))).filter(live);
    const done = String((request.query as Record<string, unknown>).done ?? '');
    return render(ctx, request, reply, 'vault-advocates-acting-grants.njk', {
      title: t('vault.advocates.grants_page.title', { resident: a.resident_name }),
      banner: bannerOf(request, a),
      done: Object.values(DONE).includes(done) ? t(`vault.sharing.done.${done}`) : undefined,
      grants: grants.map((g) => ({
        title: name(g.grantee_kind, g.grantee),
        rows: [
          { key: { text: t('vault.sharing.grant.categories') }, value: { text: g.categories.map((c) => categories.get(c) ?? c).join(', ') } },
          { key: { text: t('vault.sharing.grant.access') }, value: { text: t(`vault.sharing.access.${g.access}`) } },
          { key: { text: t('vault.sharing.grant.purpose') }, value: { text: g.purpose } },
          { key: { text: t('vault.advocates.row.status') }, value: { text: t(`vault.sharing.status.${g.status}`) } },
          { key: { text: t('vault.sharing.grant.until') }, value: { text: lastDay(request, g.expires_at) } },
        ],
        moves: movesFrom(g.status)
          .filter((m) => MOVES.includes(m))
          // Withdrawing is final: it goes by a page that says so and asks.
          .map((m) => ({ [m === 'withdraw' ? 'href' : 'action']: actingPath(request, a.id, `/sharing/${g.id}/${m}`), text: t(`vault.advocates.grants_page.${m}`, { grantee: name(g.grantee_kind, g.grantee) }), warning: m === 'withdraw' })),
      })),
      backHref: actingPath(request, a.id),
    });
  });

  app.get('/acting-for/:id/sharing/:grant/withdraw', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const a = await managing(request);
    if (!a) return refused(ctx, request, reply, 'no_grants');
    const grant = await inCouncil(ctx.db, request.council.id, (tx) => grantOfResident(tx, request.council.id, a.resident_id, idParam(request, 'grant')));
    if (!grant) throw notFound();
    const back = actingPath(request, a.id, '/sharing');
    if (!movesFrom(grant.status).includes('withdraw')) return reply.redirect(back, 303);
    const grantee = (await granteeNames(ctx.db, request.council.id, request.locale))(grant.grantee_kind, grant.grantee);
    return render(ctx, request, reply, 'vault-advocates-end.njk', {
      title: t('vault.advocates.grants_page.withdraw_title', { grantee, resident: a.resident_name }),
      body: t('vault.advocates.grants_page.withdraw_body', { grantee, resident: a.resident_name }),
      action: actingPath(request, a.id, `/sharing/${grant.id}/withdraw`),
      button: t('vault.advocates.grants_page.withdraw', { grantee }),
      backHref: back,
      banner: bannerOf(request, a),
    });
  });

  for (const move of MOVES) {
    app.post(`/acting-for/:id/sharing/:grant/${move}`, PERSON_PAGE, async (request, reply) => {
      const a = await managing(request);
      if (!a) return refused(ctx, request, reply, 'no_grants');
      // Only a grant of this resident moves (moveResidentGrant checks whose it is); sent twice, the second moves nothing.
      const advocate = { kind: 'advocate' as const, id: personOf(request).personId, name: a.advocate_name, onBehalfOf: a.resident_id };
      await moveResidentGrant(ctx.db, request.council.id, a.resident_id, idParam(request, 'grant'), move, advocate);
      return reply.redirect(actingPath(request, a.id, `/sharing?done=${DONE[move]}`), 303);
    });
  }
}
