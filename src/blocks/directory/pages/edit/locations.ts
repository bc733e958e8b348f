import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { findPostcode } from '../../../../platform/geo/postcodes-sql.js';
import { accessibilityValues, applyAccessibility, readAccessibility, type AccessibilityValues } from '../../editing/forms/accessibility.js';
import { field, newId, UUID, type FieldError } from '../../editing/forms/fields.js';
import { addressValues, applyAddLocation, checkAddress, locationWithAddress, readAddress, serviceLocation, withLocation, withoutLocation, type AddressValues } from '../../editing/forms/locations.js';
import type { Location, Service } from '../../oruk/schemas.js';
import { locationUsedByOthers, organisationPlaces, organisationServiceAt, usualCounty } from '../../sql/editor-listings.js';
import { getFullService } from '../../sql/oruk-read.js';
import { ACCESSIBILITY_FEATURES } from '../../vocabulary.js';
import { bodyOf, EDIT_ROUTE, loadService, locationIdOf, notFound, organisationPath, problemsOf, propose, readNote, renderForm, servicePath, type Working } from './common.js';
import { checkboxes, input, radios, textarea, type Control, type Errors } from './controls.js';

/** How many of an organisation's places the "add a location" choice offers (a very large organisation is offered the first ones and a new address). */
const MAX_SHARED = 200;

/** The organisation's places to choose from, as labels only, by name. */
async function sharedPlaceLabels(ctx: PlatformContext, request: FastifyRequest, organisationId: string): Promise<Array<{ id: string; text: string }>> {
  const places = await organisationPlaces(ctx.db, request.council.id, organisationId, MAX_SHARED);
  return places
    .map((p) => ({ id: p.id, text: [p.name, p.address_1, p.postal_code].filter(Boolean).join(', ') }))
    .sort((a, b) => a.text.localeCompare(b.text));
}

/** The chosen place whole, only if one of the organisation's services is offered there (else a forged id: undefined). */
async function sharedPlace(ctx: PlatformContext, request: FastifyRequest, organisationId: string, locationId: string): Promise<Location | undefined> {
  if (!UUID.test(locationId)) return undefined;
  const serviceId = await organisationServiceAt(ctx.db, request.council.id, organisationId, locationId);
  const service = serviceId ? await getFullService(ctx.db, request.council.id, serviceId) : undefined;
  return service?.service_at_locations?.find((p) => p.location?.id === locationId)?.location ?? undefined;
}

const label = (l: Location) => [l.name, l.addresses?.[0]?.address_1, l.addresses?.[0]?.postal_code].filter(Boolean).join(', ');

function addressControls(request: FastifyRequest, v: AddressValues, e: Errors): Control[] {
  const { t } = request;
  const w = (key: string) => t(`directory.edit.locations.${key}`);
  return [
    input(t, e, 'location-name', w('name'), v.name, { hint: w('name_hint') }),
    input(t, e, 'address-line-1', w('line_1'), v.line1, { autocomplete: 'off' }),
    input(t, e, 'address-line-2', w('line_2'), v.line2, { autocomplete: 'off' }),
    input(t, e, 'address-town', w('town'), v.town, { classes: 'govuk-!-width-two-thirds', autocomplete: 'off' }),
    input(t, e, 'address-postcode', w('postcode'), v.postcode, { classes: 'govuk-input--width-10', autocomplete: 'off', spellcheck: false }),
  ];
}

/** The postcode's position and the county new addresses are in. */
async function placeOf(ctx: PlatformContext, request: FastifyRequest, postcode: string | undefined) {
  const point = postcode ? await findPostcode(ctx.db, postcode) : undefined;
  const county = (await usualCounty(ctx.db, request.council.id)) ?? request.council.name;
  return { point: point ? { lat: point.lat, lng: point.lng } : undefined, county };
}

export function registerLocationPages(app: FastifyInstance, ctx: PlatformContext): void {
  const base = '/admin/listings/:organisationId/services/:serviceId/locations';

  function show(request: FastifyRequest, reply: FastifyReply, working: Working<Service>, o: { key: string; action: string; controls: Control[]; errors: FieldError[]; note: string; intro?: string[]; submit?: string; status?: number }) {
    const { t } = request;
    const problems = problemsOf(t, o.errors);
    const back = servicePath(request, working.organisationId, working.document.id);
    return renderForm(ctx, request, reply, working.organisationId, {
      title: t(`directory.edit.locations.${o.key}_title`),
      heading: t(`directory.edit.locations.${o.key}_title`),
      caption: working.document.name,
      intro: o.intro ?? [],
      backHref: back,
      formAction: `${back}/locations/${o.action}`,
      controls: o.controls,
      errors: problems.list,
      fieldErrors: problems.byField,
      noteField: true,
      note: o.note,
      submitText: o.submit ?? t('directory.edit.submit'),
    }, o.status ?? (o.errors.length ? 400 : 200));
  }

  // --- add a location: one of the organisation's places, or a new address ---------------------

  async function addForm(request: FastifyRequest, reply: FastifyReply, working: Working<Service>, choice: string, address: AddressValues, errors: FieldError[], note: string) {
    const { t } = request;
    const e = problemsOf(t, errors).byField;
    const offered = (await sharedPlaceLabels(ctx, request, working.organisationId)).filter((l) => !serviceLocation(working.document, l.id));
    const controls: Control[] = [
      radios(t, e, 'location', t('directory.edit.locations.choose_legend'), [
        ...offered.map((l) => ({ value: l.id, text: l.text })),
        { value: 'new', text: t('directory.edit.locations.new_address') },
      ], choice, { hint: t('directory.edit.locations.choose_hint') }),
      { type: 'group', legend: t('directory.edit.locations.new_legend'), controls: addressControls(request, address, e) },
    ];
    return show(request, reply, working, { key: 'add', action: 'add', controls, errors, note });
  }

  app.get(`${base}/add`, EDIT_ROUTE, async (request, reply) => {
    const working = await loadService(ctx, request);
    if (!working) return notFound(request, reply);
    return addForm(request, reply, working, '', addressValues(undefined), [], '');
  });

  app.post(`${base}/add`, EDIT_ROUTE, async (request, reply) => {
    const working = await loadService(ctx, request);
    if (!working) return notFound(request, reply);
    const body = bodyOf(request);
    const errors: FieldError[] = [];
    const note = readNote(body, errors);
    const choice = field(body, 'location').toLowerCase();
    const address = readAddress(body);
    // Only the chosen place is read whole; applyAddLocation refuses any other id.
    const chosen = choice && choice !== 'new' ? await sharedPlace(ctx, request, working.organisationId, choice) : undefined;
    const shared = chosen ? [chosen] : [];
    const { point, county } = await placeOf(ctx, request, checkAddress(address).postcode);
    // The same new address posted twice is one place, not two.
    const again = choice === 'new' && (working.document.service_at_locations ?? []).some((p) => {
      const a = p.location?.addresses?.[0];
      return a && a.address_1 === address.line1 && a.postal_code === checkAddress(address).postcode;
    });
    const result = again ? { document: working.document } : applyAddLocation(working.document, choice, shared, { values: address, county, point });
    if (result.errors || errors.length) return addForm(request, reply, working, choice, address, [...(result.errors ?? []), ...errors], note);
    const outcome = await propose(ctx, request, reply, { kind: 'service', id: working.document.id, organisationId: working.organisationId, isNew: false, document: result.document!, working, note });
    return Array.isArray(outcome) ? addForm(request, reply, working, choice, address, outcome, note) : outcome;
  });

  // --- one of the service's locations: its address, its accessibility, taking it off ----------

  /** The location in the address, only if this service (of this organisation) is offered there. */
  async function load(request: FastifyRequest) {
    const working = await loadService(ctx, request);
    const id = locationIdOf(request);
    const location = working && id ? serviceLocation(working.document, id) : undefined;
    return working && location ? { working, location } : undefined;
  }

  function addressForm(request: FastifyRequest, reply: FastifyReply, working: Working<Service>, location: Location, values: AddressValues, errors: FieldError[], note: string, shared: boolean) {
    const { t } = request;
    const e = problemsOf(t, errors).byField;
    return show(request, reply, working, {
      key: 'address', action: location.id, controls: addressControls(request, values, e), errors, note,
      intro: [t(shared ? 'directory.edit.locations.address_intro_shared' : 'directory.edit.locations.address_intro')],
    });
  }

  app.get(`${base}/:locationId`, EDIT_ROUTE, async (request, reply) => {
    const found = await load(request);
    if (!found) return notFound(request, reply);
    const shared = await locationUsedByOthers(ctx.db, request.council.id, found.location.id, found.working.organisationId);
    return addressForm(request, reply, found.working, found.location, addressValues(found.location), [], '', shared);
  });

  app.post(`${base}/:locationId`, EDIT_ROUTE, async (request, reply) => {
    const found = await load(request);
    if (!found) return notFound(request, reply);
    const { working, location } = found;
    const body = bodyOf(request);
    const errors: FieldError[] = [];
    const note = readNote(body, errors);
    const values = readAddress(body);
    const checked = checkAddress(values);
    // A place another organisation's services use is theirs too: this service gets its own copy instead.
    const shared = await locationUsedByOthers(ctx.db, request.council.id, location.id, working.organisationId);
    if (checked.errors.length || errors.length) return addressForm(request, reply, working, location, values, [...checked.errors, ...errors], note, shared);
    const { point, county } = await placeOf(ctx, request, checked.postcode);
    let document: Service;
    if (shared) {
      const copy = locationWithAddress({ ...location, id: newId(), addresses: [], accessibility: (location.accessibility ?? []).map((a) => ({ ...a, id: newId(), attributes: a.attributes?.map((x) => ({ ...x, id: newId() })) })) }, values, checked.postcode!, county, point);
      document = withLocation(withoutLocation(working.document, location.id), copy);
    } else {
      document = withLocation(working.document, locationWithAddress(location, values, checked.postcode!, county, point));
    }
    const outcome = await propose(ctx, request, reply, { kind: 'service', id: working.document.id, organisationId: working.organisationId, isNew: false, document, working, note });
    return Array.isArray(outcome) ? addressForm(request, reply, working, location, values, outcome, note, shared) : outcome;
  });

  function accessibilityForm(request: FastifyRequest, reply: FastifyReply, working: Working<Service>, location: Location, values: AccessibilityValues, errors: FieldError[], note: string) {
    const { t } = request;
    const e = problemsOf(t, errors).byField;
    const controls: Control[] = [
      checkboxes(t, e, 'features', t('directory.edit.locations.features_legend'), ACCESSIBILITY_FEATURES.map((f) => ({ value: f.code, text: t(`directory.edit.feature.${f.code}`) })), values.features, t('directory.edit.locations.features_hint')),
      textarea(t, e, 'other', t('directory.edit.locations.other'), values.other, { hint: t('directory.edit.locations.other_hint'), labelSize: 'm', rows: 3 }),
    ];
    return show(request, reply, working, { key: 'accessibility', action: `${location.id}/accessibility`, controls, errors, note, intro: [label(location)] });
  }

  app.get(`${base}/:locationId/accessibility`, EDIT_ROUTE, async (request, reply) => {
    const found = await load(request);
    if (!found) return notFound(request, reply);
    return accessibilityForm(request, reply, found.working, found.location, accessibilityValues(found.location), [], '');
  });

  app.post(`${base}/:locationId/accessibility`, EDIT_ROUTE, async (request, reply) => {
    const found = await load(request);
    if (!found) return notFound(request, reply);
    const { working, location } = found;
    const body = bodyOf(request);
    const errors: FieldError[] = [];
    const note = readNote(body, errors);
    const values = readAccessibility(body);
    const result = applyAccessibility(location, values);
    if (result.errors || errors.length) return accessibilityForm(request, reply, working, location, values, [...(result.errors ?? []), ...errors], note);
    const outcome = await propose(ctx, request, reply, { kind: 'service', id: working.document.id, organisationId: working.organisationId, isNew: false, document: withLocation(working.document, result.document), working, note });
    return Array.isArray(outcome) ? accessibilityForm(request, reply, working, location, values, outcome, note) : outcome;
  });

  function removeForm(request: FastifyRequest, reply: FastifyReply, working: Working<Service>, location: Location, errors: FieldError[], note: string) {
    const { t } = request;
    return show(request, reply, working, {
      key: 'remove', action: `${location.id}/remove`, controls: [], errors, note,
      intro: [t('directory.edit.locations.remove_intro', { place: label(location) })],
      submit: t('directory.edit.locations.remove_submit'),
    });
  }

  app.get(`${base}/:locationId/remove`, EDIT_ROUTE, async (request, reply) => {
    const found = await load(request);
    if (!found) return notFound(request, reply);
    return removeForm(request, reply, found.working, found.location, [], '');
  });

  app.post(`${base}/:locationId/remove`, EDIT_ROUTE, async (request, reply) => {
    const working = await loadService(ctx, request);
    if (!working) return notFound(request, reply);
    const id = locationIdOf(request);
    const location = id ? serviceLocation(working.document, id) : undefined;
    // Removed already (the form posted twice): the change that removed it is the answer.
    if (!location && id && working.pendingChangeId) return reply.redirect(`${organisationPath(request, working.organisationId)}/changes/${working.pendingChangeId}`, 303);
    if (!location) return notFound(request, reply);
    const errors: FieldError[] = [];
    const note = readNote(bodyOf(request), errors);
    if (errors.length) return removeForm(request, reply, working, location, errors, note);
    const outcome = await propose(ctx, request, reply, { kind: 'service', id: working.document.id, organisationId: working.organisationId, isNew: false, document: withoutLocation(working.document, location.id), working, note });
    return Array.isArray(outcome) ? removeForm(request, reply, working, location, outcome, note) : outcome;
  });
}
