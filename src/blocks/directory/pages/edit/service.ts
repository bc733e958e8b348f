import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { closedOn } from '../../closures/planned-status.js';
import type { FieldError } from '../../editing/forms/fields.js';
import type { Location, Service } from '../../oruk/schemas.js';
import { isServicePublished } from '../../sql/editor-listings.js';
import { ACCESSIBILITY_FEATURES } from '../../vocabulary.js';
import { escapeHtml } from '../common.js';
import { formatAges, formatMoney, ukDate } from '../format.js';
import { languageName } from '../languages.js';
import { describeOpeningTimes } from '../opening-times.js';
import { bodyOf, EDIT_ROUTE, loadService, notFound, organisationPath, problemsOf, propose, readNote, renderForm, renderPage, servicePath, type Working } from './common.js';
import { SERVICE_PARTS, type ServicePart } from './service-parts.js';

const lines = (items: Array<string | undefined>) => {
  const shown = items.filter((x): x is string => Boolean(x && x.trim()));
  return shown.length ? shown.map(escapeHtml).join('<br>') : undefined;
};

function addressLine(location: Location | undefined): string {
  const a = location?.addresses?.[0];
  return [location?.name, a?.address_1, a?.address_2, a?.city, a?.postal_code].filter(Boolean).join(', ');
}

/** The summary list rows of a service, one per part, each with its change link. */
function summaryRows(request: FastifyRequest, service: Service, base: string) {
  const { t, locale } = request;
  const w = (key: string, params?: Record<string, string | number>) => t(`directory.edit.${key}`, params);
  const none = escapeHtml(w('summary.none'));
  const row = (part: string, key: string, html: string | undefined) => ({
    key: { text: w(`summary.${key}`) },
    value: { html: html ?? none },
    actions: { items: [{ href: `${base}/${part}`, text: w('summary.change'), visuallyHiddenText: w(`summary.${key}`).toLowerCase() }] },
  });
  const contact = service.contacts?.[0];
  const costs = service.cost_options ?? [];
  const charged = costs.filter((c) => c.amount !== 0);
  // By the closure's dates, as residents see it, even before the scheduled job has changed the status.
  const closedToday = closedOn(service, ukDate(new Date())!);
  const statusText = service.status === 'inactive' || service.status === 'defunct' ? w('status.ended') : closedToday ? w('status.closed') : w('status.active');
  return [
    row('details', 'name', lines([service.name])),
    row('details', 'description', lines([service.description])),
    row('contacts', 'contacts', lines([
      service.email, service.url,
      contact ? [contact.name, contact.title, contact.email].filter(Boolean).join(', ') : undefined,
      ...(service.phones ?? []).map((p) => [p.number, p.description].filter(Boolean).join(' – ')),
    ])),
    row('eligibility', 'eligibility', lines([service.eligibility_description, formatAges(t, service.minimum_age, service.maximum_age)])),
    row('costs', 'costs', costs.length === 0 ? undefined : charged.length === 0 ? escapeHtml(w('costs.free_yes')) : lines(charged.map((c) => `${formatMoney(c.amount ?? 0, c.currency)}${c.option ? ` – ${c.option}` : ''}`))),
    row('languages', 'languages', lines([(service.languages ?? []).map((l) => languageName(t, locale, l.code, l.name)).join(', ')])),
    row('opening-times', 'opening_times', lines(describeOpeningTimes(t, service.schedules))),
    row('status', 'status', lines([statusText, service.alert])),
  ];
}

function locationCards(request: FastifyRequest, service: Service, base: string) {
  const { t } = request;
  const w = (key: string, params?: Record<string, string | number>) => t(`directory.edit.${key}`, params);
  return (service.service_at_locations ?? [])
    .map((p) => p.location)
    .filter((l): l is Location => Boolean(l))
    .map((location) => {
      const features = ACCESSIBILITY_FEATURES.filter((f) => location.accessibility?.some((a) => a.attributes?.some((x) => (x.taxonomy_term?.id ?? x.taxonomy_term_id) === f.id)));
      const other = location.accessibility?.filter((a) => !a.attributes?.length).map((a) => a.description).filter(Boolean) ?? [];
      const name = location.name ?? location.addresses?.[0]?.address_1 ?? w('locations.unnamed');
      const href = `${base}/locations/${location.id}`;
      return {
        title: name,
        rows: [
          { key: { text: w('locations.address') }, value: { text: addressLine(location) || w('summary.none') }, actions: { items: [{ href, text: w('summary.change'), visuallyHiddenText: w('locations.address_of', { name }) }] } },
          {
            key: { text: w('locations.accessibility') },
            value: { html: lines([...features.map((f) => t(`directory.edit.feature.${f.code}`)), ...(other as string[])]) ?? escapeHtml(w('summary.none')) },
            actions: { items: [{ href: `${href}/accessibility`, text: w('summary.change'), visuallyHiddenText: w('locations.accessibility_of', { name }) }] },
          },
        ],
        removeHref: `${href}/remove`,
        removeText: w('locations.remove'),
        name,
      };
    });
}

/** A service's "check answers" page and each part's own form. */
export function registerServicePages(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/admin/listings/:organisationId/services/:serviceId', EDIT_ROUTE, async (request, reply) => {
    const working = await loadService(ctx, request);
    if (!working) return notFound(request, reply);
    const { organisationId } = working;
    const service = working.document;
    const base = servicePath(request, organisationId, service.id);
    return renderPage(ctx, request, reply, 'directory-edit-service.njk', {
      title: service.name,
      organisationName: service.organization?.name,
      backHref: organisationPath(request, organisationId),
      pending: Boolean(working.pendingChangeId),
      rows: summaryRows(request, service, base),
      locations: locationCards(request, service, base),
      addLocationHref: `${base}/locations/add`,
      publicHref: working.pendingChangeId && !(await isServicePublished(ctx.db, request.council.id, service.id)) ? undefined : `${request.basePath}/services/${service.id}`,
    });
  });

  for (const part of SERVICE_PARTS) registerPart(app, ctx, part);
}


function registerPart<V>(app: FastifyInstance, ctx: PlatformContext, part: ServicePart<V>): void {
  const path = `/admin/listings/:organisationId/services/:serviceId/${part.key}`;

  function show(request: FastifyRequest, reply: FastifyReply, working: Working<Service>, values: V, errors: FieldError[], note: string, status = 200) {
    const { t } = request;
    const service = working.document;
    const problems = problemsOf(t, errors);
    const base = servicePath(request, working.organisationId, service.id);
    return renderForm(ctx, request, reply, working.organisationId, {
      title: t(`directory.edit.${part.key}.title`),
      heading: t(`directory.edit.${part.key}.title`),
      caption: service.name,
      intro: [t(`directory.edit.${part.key}.intro`)],
      backHref: base,
      formAction: `${base}/${part.key}`,
      controls: part.controls(request, values, problems.byField, service),
      rowButtons: part.rows,
      errors: problems.list,
      fieldErrors: problems.byField,
      noteField: true,
      note,
      submitText: t('directory.edit.submit'),
    }, status);
  }

  app.get(path, EDIT_ROUTE, async (request, reply) => {
    const working = await loadService(ctx, request);
    if (!working) return notFound(request, reply);
    return show(request, reply, working, part.values(working.document), [], '');
  });

  app.post(path, EDIT_ROUTE, async (request, reply) => {
    const working = await loadService(ctx, request);
    if (!working) return notFound(request, reply);
    const body = bodyOf(request);
    const { values, rowsChanged } = part.read(body);
    const errors: FieldError[] = [];
    const note = readNote(body, errors);
    if (rowsChanged) return show(request, reply, working, values, [], note);
    const result = part.apply(request, working.document, values);
    if (result.errors || errors.length) return show(request, reply, working, values, [...(result.errors ?? []), ...errors], note, 400);
    const outcome = await propose(ctx, request, reply, {
      kind: 'service', id: working.document.id, organisationId: working.organisationId, isNew: false, document: result.document, working, note,
    });
    if (Array.isArray(outcome)) return show(request, reply, working, values, outcome, note, 400);
    return outcome;
  });
}

