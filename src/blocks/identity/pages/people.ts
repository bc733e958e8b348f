import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { publicOrigin } from '../../../platform/http/openapi.js';
import { csrfToken } from '../../../platform/web/csrf.js';
import { auditActor, recordAudit } from '../audit/service.js';
import { isRole, ROLES, SCOPED_ROLES } from '../policy.js';
import { checkGrant, giveRole, MAX_SCOPE } from '../roles/service.js';
import { peopleOfCouncil, personById, removeGrant, setDisabled } from '../sql/people.js';
import { endSessionsOfPerson } from '../sql/sessions.js';
import { forgetCachedSessions } from '../sessions/service.js';
import { bodyOf, CSRF_FIELD, EMAIL, formatWhen, MAX_EMAIL, page, str, UUID } from './common.js';


interface GrantForm {
  email: string;
  role: string;
  scope: string;
}

/**
 * People and roles of a council, for its admins: who has which role, give a role (inviting
 * someone new by email), take one away; staff who have not signed in yet are the pending
 * invitations. Every change is written to the audit log in the same transaction.
 */
export function registerPeople(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const ADMIN = page({ action: 'identity.admin' });

  async function render(request: FastifyRequest, reply: FastifyReply, view: 'people' | 'invitations', form: GrantForm, fieldErrors: Record<string, string>) {
    const { t } = request;
    const query = request.query as Record<string, unknown>;
    const search = str(query.q).trim().slice(0, 100);
    const people = (await peopleOfCouncil(ctx.db, request.council.id, search)).filter((p) => (view === 'invitations' ? !p.last_signed_in_at : true));
    return reply.page(`identity-${view}.njk`, {
      title: t(`identity.${view}.title`),
      errors: Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` })),
      fieldErrors,
      form,
      search,
      done: str(query.done),
      roles: ROLES.map((r) => ({ value: r, text: t(`identity.role.${r}`), scoped: Boolean(SCOPED_ROLES[r]) })),
      people: people.map((p) => ({
        id: p.id,
        email: p.email,
        name: p.display_name,
        disabled: Boolean(p.disabled_at),
        lastSignedIn: p.last_signed_in_at ? formatWhen(request, p.last_signed_in_at) : t('identity.people.never'),
        grants: p.grants.map((g) => ({ ...g, text: g.scope ? t('identity.role_scoped', { role: t(`identity.role.${g.role}`), scope: g.scope }) : t(`identity.role.${g.role}`) })),
      })),
      canDisable: request.may('platform.admin'),
      base: request.basePath,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  const empty: GrantForm = { email: '', role: '', scope: '' };
  app.get('/admin/people', ADMIN, (request, reply) => render(request, reply, 'people', empty, {}));
  app.get('/admin/invitations', ADMIN, (request, reply) => render(request, reply, 'invitations', empty, {}));

  app.post('/admin/people/grant', ADMIN, async (request, reply) => {
    const { t } = request;
    const body = bodyOf(request);
    const form: GrantForm = { email: str(body.email).trim(), role: str(body.role), scope: str(body.scope).trim() };
    const errors: Record<string, string> = {};
    if (!form.email) errors.email = t('identity.people.error.email_missing');
    else if (form.email.length > MAX_EMAIL || !EMAIL.test(form.email)) errors.email = t('identity.people.error.email_invalid');
    const grant = checkGrant(form.role, form.scope);
    if ('problem' in grant) {
      if (grant.problem === 'role') errors.role = t('identity.people.error.role');
      else if (grant.problem === 'scope_missing') errors.scope = t(`identity.people.error.scope_${form.role}`);
      else errors.scope = t(`identity.people.error.${grant.problem}`, { max: MAX_SCOPE });
    }
    if (Object.keys(errors).length || 'problem' in grant) return render(request, reply.code(400), str(body.view) === 'invitations' ? 'invitations' : 'people', form, errors);
    const { role, scope } = grant;
    const { person, added } = await giveRole(ctx.db, { councilId: request.council.id, email: form.email, role, scope, actor: auditActor(request) });
    if (added && !person.last_signed_in_at) {
      await ctx.notifications.send({
        councilId: request.council.id,
        template: 'staff-invitation',
        to: { email: person.email },
        personalisation: { council: request.council.name, role: t(`identity.role.${role}`), link: `${publicOrigin(request, ctx.config.publicUrl)}${request.basePath}/sign-in` },
        reference: 'invitation',
      });
    }
    return reply.redirect(`${request.basePath}/admin/people?done=${added ? 'granted' : 'unchanged'}`, 303);
  });

  app.post('/admin/people/revoke', ADMIN, async (request, reply) => {
    const body = bodyOf(request);
    const personId = str(body.person);
    const role = str(body.role);
    const scope = str(body.scope);
    const self = request.principal?.kind === 'person' && request.principal.personId === personId;
    // The buttons carry these in hidden fields: anything else is a broken or tampered request.
    if (!UUID.test(personId)) return render(request, reply.code(400), 'people', empty, { people: request.t('identity.people.error.person') });
    if (!isRole(role)) return render(request, reply.code(400), 'people', empty, { people: request.t('identity.people.error.revoke_role') });
    // An admin cannot take away their own admin role: a council must never lock itself out by accident.
    if (self && role === 'council_admin') return reply.redirect(`${request.basePath}/admin/people?done=self`, 303);
    const actor = auditActor(request);
    const removed = await ctx.db.transaction(async (tx) => {
      const removed = await removeGrant(tx, { councilId: request.council.id, personId, role, scope });
      const person = await personById(tx, personId);
      if (removed) await recordAudit(tx, { ...actor, action: 'role.revoked', target: person?.email ?? personId, detail: { role, scope: scope || undefined } });
      return removed;
    });
    forgetCachedSessions();
    return reply.redirect(`${request.basePath}/admin/people?done=${removed ? 'revoked' : 'unchanged'}`, 303);
  });

  // A person is one across councils: only a platform admin may disable (or enable) them.
  app.post('/admin/people/disable', page({ action: 'platform.admin' }), async (request, reply) => {
    const body = bodyOf(request);
    const personId = str(body.person);
    const disable = str(body.disable) !== 'false';
    if (!UUID.test(personId)) return render(request, reply.code(400), 'people', empty, { people: request.t('identity.people.error.person') });
    const actor = auditActor(request);
    const found = await ctx.db.transaction(async (tx) => {
      const person = await personById(tx, personId);
      if (!person) return false;
      await setDisabled(tx, personId, disable);
      if (disable) await endSessionsOfPerson(tx, personId);
      await recordAudit(tx, { ...actor, action: disable ? 'person.disabled' : 'person.enabled', target: person.email });
      return true;
    });
    if (!found) return render(request, reply.code(404), 'people', empty, { people: request.t('identity.people.error.no_person') });
    forgetCachedSessions();
    return reply.redirect(`${request.basePath}/admin/people?done=${disable ? 'disabled' : 'enabled'}`, 303);
  });
}
