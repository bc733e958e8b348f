import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { EMAIL, MAX_EMAIL } from '../../../identity/index.js';
import { setTrusted } from '../../editing/decisions.js';
import { inviteEditor } from '../../editing/invitations.js';
import { organisationTrust } from '../../sql/listings.js';
import { organisationsByName } from '../../sql/organisations.js';
import { notFoundPage } from '../common.js';
import { bodyOf, letterheadOf, managerOf, MANAGE, paramsOf, staffPage, staffRender, str, UUID } from './common.js';

const FOUND = 50;

/**
 * A manager's view of the council's organisations: find one by name; on its page, trust it
 * (its editors' changes are published at once) and invite its first editor.
 */
export function registerOrganisationPages(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/admin/directory/organisations', staffPage(MANAGE), async (request, reply) => {
    const search = str((request.query as Record<string, unknown>).q).trim().slice(0, 200);
    const found = await organisationsByName(ctx.db, request.council.id, { search: search || undefined, limit: FOUND });
    const { t } = request;
    return staffRender(request, reply, ctx, 'directory-admin-organisations.njk', {
      title: t('changes.organisations.title'),
      search,
      organisations: found.map((o) => ({ name: o.name, href: `${request.basePath}/admin/directory/organisations/${o.id}` })),
      limited: found.length === FOUND,
      backHref: `${request.basePath}/admin/directory`,
    });
  });

  async function organisationOf(request: FastifyRequest) {
    const id = paramsOf(request).id;
    if (!UUID.test(id)) return undefined;
    const org = await organisationTrust(ctx.db, request.council.id, id.toLowerCase());
    return org && { id: id.toLowerCase(), ...org };
  }

  async function render(request: FastifyRequest, reply: FastifyReply, org: { id: string; name: string; trusted: boolean }, form: { email?: string; error?: string }, status = 200) {
    const { t } = request;
    const q = request.query as Record<string, unknown>;
    const done = ['trusted', 'untrusted', 'invited', 'invited_not_sent', 'already'].find((d) => d === str(q.done));
    reply.code(status);
    return staffRender(request, reply, ctx, 'directory-admin-organisation.njk', {
      title: form.error ? t('changes.error_title', { title: org.name }) : org.name,
      org,
      base: `${request.basePath}/admin/directory/organisations/${org.id}`,
      historyHref: `${request.basePath}/admin/directory/organisations/${org.id}/history`,
      changesHref: `${request.basePath}/admin/directory/changes?organisation=${org.id}`,
      email: form.email ?? '',
      errors: form.error ? [{ text: form.error, href: '#email' }] : [],
      fieldErrors: form.error ? { email: form.error } : {},
      done: done && t(`changes.organisation.done.${done}`),
      backHref: `${request.basePath}/admin/directory/organisations`,
    });
  }

  app.get('/admin/directory/organisations/:id', staffPage(MANAGE), async (request, reply) => {
    const org = await organisationOf(request);
    if (!org) return notFoundPage(request, reply);
    return render(request, reply, org, {});
  });

  app.post('/admin/directory/organisations/:id/trust', staffPage(MANAGE), async (request, reply) => {
    const org = await organisationOf(request);
    if (!org) return notFoundPage(request, reply);
    const trusted = str(bodyOf(request).trusted) === 'yes';
    await setTrusted(ctx, request.council.id, org.id, trusted, managerOf(request));
    return reply.redirect(`${request.basePath}/admin/directory/organisations/${org.id}?done=${trusted ? 'trusted' : 'untrusted'}`, 303);
  });

  app.post('/admin/directory/organisations/:id/editors', staffPage(MANAGE), async (request, reply) => {
    const org = await organisationOf(request);
    if (!org) return notFoundPage(request, reply);
    const { t } = request;
    const email = str(bodyOf(request).email).trim();
    if (!email) return render(request, reply, org, { email, error: t('changes.organisation.invite.error.missing') }, 400);
    if (email.length > MAX_EMAIL || !EMAIL.test(email)) return render(request, reply, org, { email, error: t('changes.organisation.invite.error.invalid') }, 400);
    const result = await inviteEditor(ctx, {
      councilId: request.council.id, organisationId: org.id, organisationName: org.name, email,
      manager: managerOf(request), letterhead: letterheadOf(request, ctx), roleText: t('identity.role.organisation_editor'),
    });
    const done = !result.added ? 'already' : result.sent ? 'invited' : 'invited_not_sent';
    return reply.redirect(`${request.basePath}/admin/directory/organisations/${org.id}?done=${done}`, 303);
  });
}
