import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { applyDetails, applyOrganisation, organisationValues, readDetails, readOrganisation, type DetailsValues, type OrganisationValues } from '../../editing/forms/details.js';
import { field, newId, UUID, type FieldError } from '../../editing/forms/fields.js';
import type { Organization, Service } from '../../oruk/schemas.js';
import { getChange } from '../../sql/changes.js';
import { editorOrganisations, editorServices, type EditorService } from '../../sql/editor-listings.js';
import { organisationsByName } from '../../sql/organisations.js';
import { formatDate } from '../format.js';
import { workingCopy } from '../../editing/changes.js';
import {
  bodyOf, EDIT_ROUTE, listingsPath, loadOrganisation, notFound, organisationIdOf, organisationPath, personOf, problemsOf, propose, readNote, renderForm, renderPage, servicePath, type Working,
} from './common.js';
import { input, textarea, type Control } from './controls.js';

/** The organisations this person edits here, from their organisation editor roles in this council. */
export function editedOrganisationIds(request: FastifyRequest): string[] {
  const person = personOf(request);
  return [...new Set((person?.grants ?? []).filter((g) => g.councilId === request.council.id && g.role === 'organisation_editor' && g.scope && UUID.test(g.scope)).map((g) => g.scope!.toLowerCase()))];
}

/** Whether `/admin` offers "Your listings": to organisation editors and to those who manage the directory. */
export const offersListings = (request: FastifyRequest) => editedOrganisationIds(request).length > 0 || request.may('directory.manage');

function serviceRows(request: FastifyRequest, services: EditorService[]) {
  const { t } = request;
  return services.map((s) => ({
    name: s.name,
    href: servicePath(request, s.organisationId, s.id),
    status: s.isNew
      ? { text: t('directory.edit.listings.new'), classes: 'govuk-tag--blue' }
      : s.pending
        ? { text: t('directory.edit.listings.pending'), classes: 'govuk-tag--yellow' }
        : s.status === 'active'
          ? { text: t('directory.edit.listings.published'), classes: 'govuk-tag--green' }
          : { text: s.status === 'temporarily closed' ? t('directory.edit.status.closed') : t('directory.edit.status.ended'), classes: 'govuk-tag--grey' },
    lastChecked: s.lastChecked ? formatDate(t, s.lastChecked) : t('directory.edit.listings.never'),
  }));
}

export function registerOrganisationPages(app: FastifyInstance, ctx: PlatformContext): void {
  // --- "Your listings": an editor's organisations; a manager finds one by name ---------------
  app.get('/admin/listings', { config: { html: true, access: { signedIn: true } } }, async (request, reply) => {
    const { t } = request;
    const ids = editedOrganisationIds(request);
    const manager = request.may('directory.manage');
    if (!ids.length && !manager) {
      reply.header('cache-control', 'no-store');
      return reply.code(403).page('error.njk', { title: t('directory.edit.listings.none_title'), body: t('directory.edit.listings.none_body', { council: request.council.name }) });
    }
    const organisations = await editorOrganisations(ctx.db, request.council.id, ids);
    const services = await editorServices(ctx.db, request.council.id, organisations.map((o) => o.id));
    const q = manager ? field(request.query as Record<string, unknown>, 'q').slice(0, 100) : '';
    const found = manager && q ? await organisationsByName(ctx.db, request.council.id, { search: q, limit: 50 }) : [];
    return renderPage(ctx, request, reply, 'directory-edit-listings.njk', {
      title: t('directory.edit.listings.title'),
      organisations: organisations.map((o) => ({
        name: o.name,
        href: organisationPath(request, o.id),
        pending: o.pending,
        trusted: o.trusted,
        services: serviceRows(request, services.filter((s) => s.organisationId === o.id)),
        addHref: `${organisationPath(request, o.id)}/services/new`,
      })),
      manager,
      q,
      searched: Boolean(q),
      found: found.map((o) => ({ name: o.name, href: organisationPath(request, o.id) })),
      searchAction: listingsPath(request),
    });
  });

  // --- one organisation: its details and its services ----------------------------------------
  app.get('/admin/listings/:organisationId', EDIT_ROUTE, async (request, reply) => {
    const { t } = request;
    const working = await loadOrganisation(ctx, request);
    if (!working) return notFound(request, reply);
    const org = working.document;
    const services = await editorServices(ctx.db, request.council.id, [org.id]);
    const base = organisationPath(request, org.id);
    const row = (key: string, value: string | undefined) => ({
      key: { text: t(`directory.edit.organisation.${key}`) },
      value: { text: value || t('directory.edit.summary.none') },
      actions: { items: [{ href: `${base}/details`, text: t('directory.edit.summary.change'), visuallyHiddenText: t(`directory.edit.organisation.${key}`).toLowerCase() }] },
    });
    return renderPage(ctx, request, reply, 'directory-edit-organisation.njk', {
      title: org.name,
      backHref: listingsPath(request),
      pending: Boolean(working.pendingChangeId),
      rows: [row('name', org.name), row('description', org.description), row('email', org.email), row('website', org.website)],
      services: serviceRows(request, services),
      addHref: `${base}/services/new`,
    });
  });

  // --- the organisation's own details --------------------------------------------------------
  function detailsForm(request: FastifyRequest, reply: FastifyReply, working: Working<Organization>, v: OrganisationValues, errors: FieldError[], note: string) {
    const { t } = request;
    const problems = problemsOf(t, errors);
    const e = problems.byField;
    const w = (key: string) => t(`directory.edit.organisation.${key}`);
    const controls: Control[] = [
      input(t, e, 'name', w('name'), v.name, { labelSize: 'm' }),
      textarea(t, e, 'description', w('description'), v.description, { labelSize: 'm', hint: w('description_hint'), rows: 6 }),
      input(t, e, 'email', w('email'), v.email, { type: 'email', spellcheck: false, autocomplete: 'off', labelSize: 'm' }),
      input(t, e, 'website', w('website'), v.website, { spellcheck: false, labelSize: 'm', hint: t('directory.edit.contacts.website_hint') }),
    ];
    const base = organisationPath(request, working.document.id);
    return renderForm(ctx, request, reply, working.document.id, {
      title: w('title'), heading: w('title'), caption: working.document.name, intro: [w('intro')],
      backHref: base, formAction: `${base}/details`, controls,
      errors: problems.list, fieldErrors: e, noteField: true, note, submitText: t('directory.edit.submit'),
    }, errors.length ? 400 : 200);
  }

  app.get('/admin/listings/:organisationId/details', EDIT_ROUTE, async (request, reply) => {
    const working = await loadOrganisation(ctx, request);
    if (!working) return notFound(request, reply);
    return detailsForm(request, reply, working, organisationValues(working.document), [], '');
  });

  app.post('/admin/listings/:organisationId/details', EDIT_ROUTE, async (request, reply) => {
    const working = await loadOrganisation(ctx, request);
    if (!working) return notFound(request, reply);
    const body = bodyOf(request);
    const errors: FieldError[] = [];
    const note = readNote(body, errors);
    const values = readOrganisation(body);
    const result = applyOrganisation(working.document, values);
    if (result.errors || errors.length) return detailsForm(request, reply, working, values, [...(result.errors ?? []), ...errors], note);
    const outcome = await propose(ctx, request, reply, { kind: 'organization', id: working.document.id, organisationId: working.document.id, isNew: false, document: result.document, working, note });
    return Array.isArray(outcome) ? detailsForm(request, reply, working, values, outcome, note) : outcome;
  });

  // --- add a service ---------------------------------------------------------------------------
  function newServiceForm(request: FastifyRequest, reply: FastifyReply, org: Organization, id: string, v: DetailsValues, errors: FieldError[], note: string) {
    const { t } = request;
    const problems = problemsOf(t, errors);
    const e = problems.byField;
    const base = organisationPath(request, org.id);
    return renderForm(ctx, request, reply, org.id, {
      title: t('directory.edit.new_service.title'), heading: t('directory.edit.new_service.title'), caption: org.name,
      intro: [t('directory.edit.new_service.intro')],
      backHref: base, formAction: `${base}/services/new`,
      // The new service's id is chosen once, when the form is shown: posting it twice proposes one service.
      hidden: { id },
      controls: [
        input(t, e, 'name', t('directory.edit.details.name'), v.name, { labelSize: 'm', hint: t('directory.edit.details.name_hint') }),
        textarea(t, e, 'description', t('directory.edit.details.description'), v.description, { labelSize: 'm', hint: t('directory.edit.details.description_hint'), rows: 6 }),
      ],
      errors: problems.list, fieldErrors: e, noteField: true, note, submitText: t('directory.edit.submit'),
    }, errors.length ? 400 : 200);
  }

  app.get('/admin/listings/:organisationId/services/new', EDIT_ROUTE, async (request, reply) => {
    const working = await loadOrganisation(ctx, request);
    if (!working) return notFound(request, reply);
    return newServiceForm(request, reply, working.document, newId(), { name: '', description: '' }, [], '');
  });

  app.post('/admin/listings/:organisationId/services/new', EDIT_ROUTE, async (request, reply) => {
    const working = await loadOrganisation(ctx, request);
    if (!working) return notFound(request, reply);
    const org = working.document;
    const body = bodyOf(request);
    const posted = field(body, 'id').toLowerCase();
    const id = UUID.test(posted) ? posted : newId();
    const errors: FieldError[] = [];
    const note = readNote(body, errors);
    const values = readDetails(body);
    const skeleton: Service = { id, name: values.name, status: 'active', organization: { id: org.id, name: org.name, description: org.description } };
    const result = applyDetails(skeleton, values);
    if (result.errors || errors.length) return newServiceForm(request, reply, org, id, values, [...(result.errors ?? []), ...errors], note);
    // Posted again: the service it proposed is already there (as this organisation's), so the same confirmation.
    const existing = await workingCopy(ctx.db, request.council.id, 'service', id);
    if (existing && existing.organisationId.toLowerCase() !== org.id) return newServiceForm(request, reply, org, newId(), values, [{ field: 'name', key: 'directory.edit.error.taken' }], note);
    const outcome = await propose(ctx, request, reply, {
      kind: 'service', id, organisationId: org.id, isNew: !existing, document: existing ? { ...existing.document, ...result.document } as Service : result.document,
      working: existing as Working<Service> | undefined, note,
    });
    return Array.isArray(outcome) ? newServiceForm(request, reply, org, id, values, outcome, note) : outcome;
  });

  // --- what happened to a change: waiting for approval, or live ------------------------------
  app.get('/admin/listings/:organisationId/changes/:changeId', EDIT_ROUTE, async (request, reply) => {
    const { t } = request;
    const organisationId = organisationIdOf(request);
    const changeId = (request.params as { changeId: string }).changeId;
    const change = organisationId && UUID.test(changeId) ? await getChange(ctx.db, request.council.id, changeId.toLowerCase()) : undefined;
    if (!change || change.organization_id !== organisationId) return notFound(request, reply);
    const name = String(change.document.name ?? '');
    const live = change.status === 'approved';
    const listingHref = change.kind === 'service' ? servicePath(request, organisationId, change.listing_id) : organisationPath(request, organisationId);
    return renderPage(ctx, request, reply, 'directory-edit-done.njk', {
      title: t(live ? 'directory.edit.done.live_title' : change.status === 'withdrawn' ? 'directory.edit.withdraw.done_title' : 'directory.edit.done.pending_title'),
      live,
      withdrawHref: change.status === 'pending' ? `${organisationPath(request, organisationId)}/changes/${change.id}/withdraw` : undefined,
      status: change.status,
      name,
      listingHref,
      publicHref: live && change.kind === 'service' ? `${request.basePath}/services/${change.listing_id}` : undefined,
      listingsHref: listingsPath(request),
    });
  });
}
