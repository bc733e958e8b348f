import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { canonicalEmail } from '../../../identity/index.js';
import { answer, invitationOf, type InvitationState } from '../../advocates/appointments.js';
import { bodyOf, lastDay, PERSON_PAGE, personOf, render, scopeOfRow, scopeText, str } from './common.js';

/**
 * The invitation's link: whoever opens it signs in first (the link brings them back), and only
 * with the address it was sent to may they accept or decline. Opening it changes nothing
 * (mail scanners follow links); answering takes a POST, and uses the link up.
 */
export function registerInvitationPages(app: FastifyInstance, ctx: PlatformContext): void {
  const problem = (request: FastifyRequest, reply: FastifyReply, state: Exclude<InvitationState, 'ok'> | 'wrong_email', status = 400) => {
    request.log.info({ reason: `advocate invitation ${state}` }, 'advocate invitation refused');
    return render(ctx, request, reply, 'error.njk', {
      title: request.t(`vault.advocates.invitation.${state}.title`),
      body: request.t(`vault.advocates.invitation.${state}.body`),
    }, status);
  };

  app.get('/advocacy/invitation', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const token = str((request.query as Record<string, unknown>).token);
    const found = await invitationOf(ctx.db, request.council.id, token);
    if (found.state !== 'ok' || !found.appointment) return problem(request, reply, found.state as Exclude<InvitationState, 'ok'>);
    const a = found.appointment;
    if (canonicalEmail(personOf(request).email) !== a.advocate_email) return problem(request, reply, 'wrong_email', 403);
    const scope = await scopeText(ctx, request, scopeOfRow(a));
    return render(ctx, request, reply, 'vault-advocates-invitation.njk', {
      title: t('vault.advocates.invitation.title', { resident: a.resident_name }),
      intro: t('vault.advocates.invitation.intro', { resident: a.resident_name, relationship: a.relationship }),
      rows: [
        { key: { text: t('vault.advocates.row.categories') }, value: { text: scope.categories } },
        { key: { text: t('vault.advocates.row.access') }, value: { text: scope.access } },
        { key: { text: t('vault.advocates.row.grants') }, value: { text: scope.grants } },
        { key: { text: t('vault.advocates.row.until') }, value: { text: lastDay(request, a.ends_at) } },
      ],
      token,
      acceptAction: `${request.basePath}/advocacy/invitation/accept`,
      declineAction: `${request.basePath}/advocacy/invitation/decline`,
    });
  });

  for (const move of ['accept', 'decline'] as const) {
    app.post(`/advocacy/invitation/${move}`, PERSON_PAGE, async (request, reply) => {
      const result = await answer(ctx.db, request.council.id, str(bodyOf(request).token), personOf(request), move === 'accept');
      if (result === 'accepted') return reply.redirect(`${request.basePath}/acting-for?done=accepted`, 303);
      if (result === 'declined') return render(ctx, request, reply, 'error.njk', { title: request.t('vault.advocates.invitation.declined.title'), body: request.t('vault.advocates.invitation.declined.body') });
      return problem(request, reply, result, result === 'wrong_email' ? 403 : 400);
    });
  }
}
