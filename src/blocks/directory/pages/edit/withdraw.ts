import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { withdrawChange } from '../../editing/withdraw.js';
import { getChange, type QueuedChange } from '../../sql/changes.js';
import { EDIT_ROUTE, notFound, organisationIdOf, organisationPath, personOf, renderPage } from './common.js';
import { UUID } from '../../../../platform/uuid.js';

/**
 * An editor withdraws a change of their organisation's that is still waiting for the council:
 * a confirmation page (GET), then the withdrawal (POST, with the CSRF token every form carries)
 * and back to the change's own page, which says it was withdrawn (post, redirect, get). The
 * access rule is the organisation in the address; a change of another organisation is not found.
 */
export function registerWithdrawPages(app: FastifyInstance, ctx: PlatformContext): void {
  const path = '/admin/listings/:organisationId/changes/:changeId/withdraw';
  const changePath = (request: FastifyRequest, change: QueuedChange) => `${organisationPath(request, change.organization_id)}/changes/${change.id}`;

  /** The change in the address, only if it is the organisation's. */
  async function load(request: FastifyRequest): Promise<QueuedChange | undefined> {
    const organisationId = organisationIdOf(request);
    const changeId = String((request.params as { changeId?: string }).changeId ?? '').toLowerCase();
    if (!organisationId || !UUID.test(changeId)) return undefined;
    const change = await getChange(ctx.db, request.council.id, changeId);
    return change && change.organization_id === organisationId ? change : undefined;
  }

  function confirmation(request: FastifyRequest, reply: FastifyReply, change: QueuedChange, status = 200) {
    const { t } = request;
    const pending = change.status === 'pending';
    return renderPage(ctx, request, reply, 'directory-edit-withdraw.njk', {
      title: pending ? t('directory.edit.withdraw.title') : t('directory.edit.withdraw.too_late_title'),
      name: String(change.document.name ?? ''),
      pending,
      statusText: t(`directory.edit.done.status_${change.status}`),
      action: `${changePath(request, change)}/withdraw`,
      backHref: changePath(request, change),
    }, status);
  }

  app.get(path, EDIT_ROUTE, async (request, reply) => {
    const change = await load(request);
    if (!change) return notFound(request, reply);
    return confirmation(request, reply, change);
  });

  app.post(path, EDIT_ROUTE, async (request, reply) => {
    const change = await load(request);
    const person = personOf(request);
    if (!change || !person) return notFound(request, reply);
    const result = await withdrawChange(ctx, request.council.id, change.organization_id, change.id, {
      personId: person.personId, email: person.email, ip: request.ip, userAgent: request.headers['user-agent'] ?? null,
    });
    if (!result.done && result.why === 'not_found') return notFound(request, reply);
    // Decided (or replaced) since the editor opened the page: say so, rather than pretend.
    if (!result.done) return confirmation(request, reply, (await getChange(ctx.db, request.council.id, change.id)) ?? change, 409);
    return reply.redirect(changePath(request, change), 303);
  });
}
