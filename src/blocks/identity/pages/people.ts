import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { NotificationFailed } from '../../../platform/notifications/notifications.js';
import { councilBaseUrl } from '../../../platform/http/public-origin.js';
import { csrfToken } from '../../../platform/web/csrf.js';
import { auditActor, recordAudit } from '../audit/service.js';
import { isRole, ROLES, SCOPED_ROLES } from '../policy.js';
import { checkGrant, giveRole, MAX_SCOPE } from '../roles/service.js';
import { grantsOf, peopleOfCouncil, personById, removeGrant, setDisabled } from '../sql/people.js';
import { endSessionsOfPerson } from '../sql/sessions.js';
import { knownToCouncil } from '../sql/staff-pages.js';
import { forgetCachedSessions } from '../sessions/service.js';
import { adminEntries } from './admin.js';
import { bodyOf, CSRF_FIELD, EMAIL, formatWhen, MAX_EMAIL, page, str, UUID } from './common.js';
import { CouncilOrganisations, roleText, type OrganisationPicker } from './organisations.js';
import type { OrganisationChoice } from '../../directory/index.js';

/** The role form as typed: the organisation by choice (`organisation`), by search (`organisationName`) or by id (`organisationId`). */
interface GrantForm {
  email: string;
  role: string;
  team: string;
  organisation: string;
  organisationName: string;
  organisationId: string;
}

const EMPTY: GrantForm = { email: '', role: '', team: '', organisation: '', organisationName: '', organisationId: '' };

/** What the page says after a change, each naming who and which role. */
const DONE_ABOUT_A_ROLE = ['granted', 'granted_not_sent', 'already', 'revoked', 'not_held'] as const;
const DONE_OTHER = ['disabled', 'enabled', 'self', 'unchanged'] as const;
type Done = (typeof DONE_ABOUT_A_ROLE)[number] | (typeof DONE_OTHER)[number];

/** Where a change about a role sends the admin back, saying what happened. */
function doneHref(request: FastifyRequest, view: 'people' | 'invitations', done: Done, about?: { personId: string; role: string; scope: string }): string {
  const query = new URLSearchParams({ done, ...(about ? { person: about.personId, role: about.role, scope: about.scope } : {}) });
  return `${request.basePath}/admin/${view}?${query.toString()}`;
}

/**
 * People and roles of a council, for its admins: who has which role, give a role (inviting
 * someone new by email), take one away after confirming; staff who have not signed in yet are
 * the pending invitations. Every change is written to the audit log in the same transaction,
 * and every form redirects after it is posted, so a reload never repeats it.
 */
export function registerPeople(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const ADMIN = page({ action: 'identity.admin' });
  const organisations = CouncilOrganisations.of(ctx);
  const orgNames = (councilId: string, ids: string[]) => organisations?.names(councilId, ids) ?? Promise.resolve(new Map<string, string>());

  /** "You gave sam@… the role Directory manager": only about someone this council knows. */
  async function doneMessage(request: FastifyRequest): Promise<{ text: string; success: boolean } | undefined> {
    const { t } = request;
    const query = request.query as Record<string, unknown>;
    const done = str(query.done);
    if ((DONE_OTHER as readonly string[]).includes(done)) return { text: t(`identity.people.done.${done}`), success: done !== 'self' };
    if (!(DONE_ABOUT_A_ROLE as readonly string[]).includes(done)) return undefined;
    const personId = str(query.person);
    const role = str(query.role);
    const scope = str(query.scope);
    const person = UUID.test(personId) && isRole(role) ? await personById(ctx.db, personId) : undefined;
    if (!person || !(await knownToCouncil(ctx.db, request.council.id, person))) return { text: t('identity.people.done.unchanged'), success: true };
    const names = await orgNames(request.council.id, [scope]);
    // The role was given but its invitation could not be sent: important, not a success.
    return { text: t(`identity.people.done.${done}_who`, { email: person.email, role: roleText(t, role, scope, names) }), success: done !== 'granted_not_sent' };
  }

  async function picker(request: FastifyRequest): Promise<OrganisationPicker> {
    return organisations ? organisations.picker(request.council.id) : { kind: 'id' };
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    view: 'people' | 'invitations',
    form: GrantForm,
    fieldErrors: Record<string, string>,
    matches: OrganisationChoice[] = [],
  ) {
    const { t } = request;
    const query = request.query as Record<string, unknown>;
    const search = str(query.q).trim().slice(0, 100);
    const people = (await peopleOfCouncil(ctx.db, request.council.id, search)).filter((p) => (view === 'invitations' ? !p.last_signed_in_at : true));
    const names = await orgNames(request.council.id, people.flatMap((p) => p.grants.filter((g) => g.role === 'organisation_editor').map((g) => g.scope)));
    const base = request.basePath;
    // The summary lists the fields in the order the form shows them.
    const order = ['people', 'email', 'role', 'organisation', 'organisation_name', 'organisation_id', 'team'];
    return reply.page(`identity-${view}.njk`, {
      title: t(`identity.${view}.title`),
      errors: order.filter((f) => fieldErrors[f]).map((f) => ({ text: fieldErrors[f], href: `#${f}` })),
      fieldErrors,
      form,
      search,
      done: await doneMessage(request),
      roles: ROLES.map((r) => ({ value: r, text: t(`identity.role.${r}`), scoped: Boolean(SCOPED_ROLES[r]) })),
      picker: await picker(request),
      matches,
      maxScope: MAX_SCOPE,
      people: people.map((p) => ({
        id: p.id,
        email: p.email,
        name: p.display_name,
        disabled: Boolean(p.disabled_at),
        lastSignedIn: p.last_signed_in_at ? formatWhen(request, p.last_signed_in_at) : t('identity.people.never'),
        grants: p.grants.map((g) => ({
          ...g,
          text: roleText(t, g.role, g.scope, names),
          removeHref: `${base}/admin/people/revoke?${new URLSearchParams({ person: p.id, role: g.role, scope: g.scope ?? '', from: view }).toString()}`,
        })),
      })),
      canDisable: request.may('platform.admin'),
      adminNav: adminEntries(request),
      base,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  app.get('/admin/people', ADMIN, (request, reply) => render(request, reply, 'people', EMPTY, {}));
  app.get('/admin/invitations', ADMIN, (request, reply) => render(request, reply, 'invitations', EMPTY, {}));

  /**
   * The scope of the role asked for, or the errors that stop it. An organisation is chosen from
   * the council's own (a list, or the matches of a search by name); without the directory it is
   * typed as an id.
   */
  async function scopeOf(request: FastifyRequest, form: GrantForm, errors: Record<string, string>): Promise<{ scope: string; matches: OrganisationChoice[] }> {
    const { t } = request;
    if (form.role === 'request_handler') {
      if (!form.team) errors.team = t('identity.people.error.scope_request_handler');
      else if (form.team.length > MAX_SCOPE) errors.team = t('identity.people.error.scope_long', { max: MAX_SCOPE });
      return { scope: form.team, matches: [] };
    }
    if (form.role !== 'organisation_editor') return { scope: '', matches: [] };
    const kind = (await picker(request)).kind;
    if (kind === 'id') {
      if (!form.organisationId) errors.organisation_id = t('identity.people.error.scope_organisation_editor');
      else if (!UUID.test(form.organisationId)) errors.organisation_id = t('identity.people.error.scope_organisation_id');
      return { scope: form.organisationId, matches: [] };
    }
    if (form.organisation) {
      // A value from our own list, unless the request was tampered with: it must be one of this council's.
      const known = UUID.test(form.organisation) && (await orgNames(request.council.id, [form.organisation])).has(form.organisation.toLowerCase());
      if (!known) errors.organisation = t('identity.people.error.organisation_unknown');
      return { scope: form.organisation, matches: [] };
    }
    if (kind === 'select') {
      errors.organisation = t('identity.people.error.organisation_choose');
      return { scope: '', matches: [] };
    }
    if (!form.organisationName) {
      errors.organisation_name = t('identity.people.error.organisation_name_missing');
      return { scope: '', matches: [] };
    }
    const matches = await organisations!.matching(request.council.id, form.organisationName.slice(0, 200));
    if (!matches.length) errors.organisation_name = t('identity.people.error.organisation_no_match', { name: form.organisationName });
    // The search's answer: choose one of the matches (the form comes back with them listed).
    else errors.organisation = t('identity.people.error.organisation_pick', { count: matches.length, name: form.organisationName });
    return { scope: '', matches };
  }

  app.post('/admin/people/grant', ADMIN, async (request, reply) => {
    const { t } = request;
    const body = bodyOf(request);
    const view = str(body.view) === 'invitations' ? 'invitations' : 'people';
    // `scope` is what the single field of earlier versions was called: still understood.
    const legacy = str(body.scope).trim();
    const form: GrantForm = {
      email: str(body.email).trim(),
      role: str(body.role),
      team: (str(body.team) || legacy).trim(),
      organisation: str(body.organisation).trim() || (UUID.test(legacy) ? legacy : ''),
      organisationName: str(body.organisation_name).trim(),
      organisationId: (str(body.organisation_id) || legacy).trim(),
    };
    const errors: Record<string, string> = {};
    if (!form.email) errors.email = t('identity.people.error.email_missing');
    else if (form.email.length > MAX_EMAIL || !EMAIL.test(form.email)) errors.email = t('identity.people.error.email_invalid');
    if (!isRole(form.role)) errors.role = t('identity.people.error.role');
    const { scope: typedScope, matches } = await scopeOf(request, form, errors);
    const grant = checkGrant(form.role, typedScope);
    if (Object.keys(errors).length || 'problem' in grant) return render(request, reply.code(400), view, form, errors, matches);
    const { role, scope } = grant;
    const { person, added } = await giveRole(ctx.db, { councilId: request.council.id, email: form.email, role, scope, actor: auditActor(request) });
    let invited = true;
    if (added && !person.last_signed_in_at) {
      try {
        await ctx.notifications.send({
          councilId: request.council.id,
          template: 'staff-invitation',
          to: { email: person.email },
          personalisation: { council: request.council.name, role: t(`identity.role.${role}`), link: `${councilBaseUrl(ctx.config, request)}/sign-in` },
          reference: 'invitation',
        });
      } catch (error) {
        // The role is given and audited (committed above); only the email failed (already
        // logged without its content). Say so, rather than a 500 that hides the role was given:
        // the person can still sign in at the council's address, and the admin can tell them.
        if (!(error instanceof NotificationFailed)) throw error;
        invited = false;
      }
    }
    const done = !added ? 'already' : invited ? 'granted' : 'granted_not_sent';
    return reply.redirect(doneHref(request, view, done, { personId: person.id, role, scope }), 303);
  });

  /** The role a take-away names, checked; or the page that says what is wrong with it. */
  async function roleToRemove(request: FastifyRequest, reply: FastifyReply, fields: Record<string, unknown>) {
    const personId = str(fields.person);
    const role = str(fields.role);
    const scope = str(fields.scope);
    const view = str(fields.from) === 'invitations' ? 'invitations' : 'people';
    // The links and buttons carry these: anything else is a broken or tampered request.
    if (!UUID.test(personId)) return { refused: await render(request, reply.code(400), 'people', EMPTY, { people: request.t('identity.people.error.person') }) };
    if (!isRole(role)) return { refused: await render(request, reply.code(400), 'people', EMPTY, { people: request.t('identity.people.error.revoke_role') }) };
    // An admin cannot take away their own admin role: a council must never lock itself out by accident.
    const self = request.principal?.kind === 'person' && request.principal.personId === personId;
    if (self && role === 'council_admin') return { refused: reply.redirect(doneHref(request, view, 'self'), 303) };
    return { personId: personId.toLowerCase(), role, scope, view } as const;
  }

  // Taking a role away asks first, on a page of its own.
  app.get('/admin/people/revoke', ADMIN, async (request, reply) => {
    const { t } = request;
    const asked = await roleToRemove(request, reply, request.query as Record<string, unknown>);
    if ('refused' in asked) return asked.refused;
    const person = await personById(ctx.db, asked.personId);
    const held = person && (await grantsOf(ctx.db, person.id)).some((g) => g.councilId === request.council.id && g.role === asked.role && (g.scope ?? '') === asked.scope);
    if (!person || !held) return reply.code(404).page('error.njk', { title: t('identity.people.confirm.gone_title'), body: t('identity.people.confirm.gone_body') });
    const names = await orgNames(request.council.id, [asked.scope]);
    const role = roleText(t, asked.role, asked.scope, names);
    const back = `${request.basePath}/admin/${asked.view}`;
    reply.header('cache-control', 'no-store');
    return reply.page('identity-revoke.njk', {
      title: t(asked.view === 'invitations' ? 'identity.people.confirm.withdraw_title' : 'identity.people.confirm.title', { role, email: person.email }),
      body: t(asked.view === 'invitations' ? 'identity.people.confirm.withdraw_body' : 'identity.people.confirm.body', { role }),
      submitText: t(asked.view === 'invitations' ? 'identity.people.confirm.withdraw_submit' : 'identity.people.confirm.submit'),
      fields: { person: asked.personId, role: asked.role, scope: asked.scope, from: asked.view },
      formAction: `${request.basePath}/admin/people/revoke`,
      backHref: back,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  });

  app.post('/admin/people/revoke', ADMIN, async (request, reply) => {
    const asked = await roleToRemove(request, reply, bodyOf(request));
    if ('refused' in asked) return asked.refused;
    const actor = auditActor(request);
    const removed = await ctx.db.transaction(async (tx) => {
      const removed = await removeGrant(tx, { councilId: request.council.id, personId: asked.personId, role: asked.role, scope: asked.scope });
      const person = await personById(tx, asked.personId);
      if (removed) await recordAudit(tx, { ...actor, action: 'role.revoked', target: person?.email ?? asked.personId, detail: { role: asked.role, scope: asked.scope || undefined } });
      return removed;
    });
    forgetCachedSessions();
    return reply.redirect(doneHref(request, asked.view, removed ? 'revoked' : 'not_held', { personId: asked.personId, role: asked.role, scope: asked.scope }), 303);
  });

  // A person is one across councils: only a platform admin may disable (or enable) them.
  app.post('/admin/people/disable', page({ action: 'platform.admin' }), async (request, reply) => {
    const body = bodyOf(request);
    const personId = str(body.person);
    const disable = str(body.disable) !== 'false';
    if (!UUID.test(personId)) return render(request, reply.code(400), 'people', EMPTY, { people: request.t('identity.people.error.person') });
    const actor = auditActor(request);
    const found = await ctx.db.transaction(async (tx) => {
      const person = await personById(tx, personId);
      if (!person) return false;
      await setDisabled(tx, personId, disable);
      if (disable) await endSessionsOfPerson(tx, personId);
      await recordAudit(tx, { ...actor, action: disable ? 'person.disabled' : 'person.enabled', target: person.email });
      return true;
    });
    if (!found) return render(request, reply.code(404), 'people', EMPTY, { people: request.t('identity.people.error.no_person') });
    forgetCachedSessions();
    return reply.redirect(doneHref(request, 'people', disable ? 'disabled' : 'enabled'), 303);
  });
}
