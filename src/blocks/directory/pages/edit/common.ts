import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import type { PersonPrincipal, RouteAccess } from '../../../../platform/http/access.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import type { Translate } from '../../../../platform/web/i18n.js';
import { proposeChange, workingCopy, type ListingKind } from '../../editing/changes.js';
import { sameDocument } from '../../editing/documents.js';
import { field, length, LIMITS, UUID, type FieldError, type FormBody } from '../../editing/forms/fields.js';
import type { Organization, Service } from '../../oruk/schemas.js';
import { organisationTrust } from '../../sql/listings.js';
import { formatDate } from '../format.js';

/**
 * What every page of an organisation's listings shares: who may open it (the organisation from
 * the address is the access rule's scope), loading what the address names and checking it is
 * that organisation's, problems in the reader's language, and handing a proposed document to
 * the approval workflow (`editing/changes.ts`).
 */

const uuidParam = (request: FastifyRequest, name: string) => {
  const value = (request.params as Record<string, string | undefined>)[name] ?? '';
  return UUID.test(value) ? value.toLowerCase() : '';
};

export const organisationIdOf = (request: FastifyRequest) => uuidParam(request, 'organisationId');
export const serviceIdOf = (request: FastifyRequest) => uuidParam(request, 'serviceId');
export const locationIdOf = (request: FastifyRequest) => uuidParam(request, 'locationId');

/** An organisation's pages: its editors (the role is scoped to it), directory managers and council admins. */
export const EDIT_ACCESS: RouteAccess = { action: 'directory.edit_organisation', scope: (request) => ({ organisationId: organisationIdOf(request) }) };
export const EDIT_ROUTE = { config: { html: true, access: EDIT_ACCESS } } as const;

export const listingsPath = (request: FastifyRequest) => `${request.basePath}/admin/listings`;
export const organisationPath = (request: FastifyRequest, organisationId: string) => `${listingsPath(request)}/${organisationId}`;
export const servicePath = (request: FastifyRequest, organisationId: string, serviceId: string) => `${organisationPath(request, organisationId)}/services/${serviceId}`;

export const personOf = (request: FastifyRequest): PersonPrincipal | undefined => (request.principal?.kind === 'person' ? request.principal : undefined);

export const bodyOf = (request: FastifyRequest): FormBody => (request.body && typeof request.body === 'object' ? (request.body as FormBody) : {});

export interface Working<T> {
  document: T;
  pendingChangeId?: string;
  organisationId: string;
}

/** The organisation in the address, as its editors work on it (with any change still waiting); undefined: 404. */
export async function loadOrganisation(ctx: PlatformContext, request: FastifyRequest): Promise<Working<Organization> | undefined> {
  const id = organisationIdOf(request);
  if (!id) return undefined;
  return (await workingCopy(ctx.db, request.council.id, 'organization', id)) as Working<Organization> | undefined;
}

/**
 * The service in the address, only if it is the organisation's (as published, or as proposed
 * new by it): a service of another organisation is not found, whoever asks.
 */
export async function loadService(ctx: PlatformContext, request: FastifyRequest): Promise<Working<Service> | undefined> {
  const organisationId = organisationIdOf(request);
  const id = serviceIdOf(request);
  if (!organisationId || !id) return undefined;
  const working = await workingCopy(ctx.db, request.council.id, 'service', id);
  if (!working || working.organisationId.toLowerCase() !== organisationId) return undefined;
  return working as Working<Service>;
}

export function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(404).page('error.njk', { title: request.t('error.not_found_title'), body: request.t('error.not_found_body') });
}

/** A problem in the reader's language: `what` and `day` parameters are message keys of their own. */
export function problemText(t: Translate, error: FieldError): string {
  const params: Record<string, string | number> = { ...(error.params ?? {}) };
  if (typeof params.what === 'string') params.what = t(`directory.edit.what.${params.what}`);
  if (typeof params.day === 'string') params.day = t(`directory.day.start.${params.day}`);
  const text = t(error.key, params);
  // A sentence may begin with what the field is ("The service name must be ..."): capitalised there.
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

export interface Problems {
  /** For the error summary: each links to its field. */
  list: Array<{ text: string; href: string }>;
  /** Each field's message, shown above it. */
  byField: Record<string, string>;
}

export function problemsOf(t: Translate, errors: FieldError[]): Problems {
  const list = errors.map((e) => ({ text: problemText(t, e), href: `#${e.field}` }));
  const byField: Record<string, string> = {};
  errors.forEach((e, i) => {
    byField[e.field] ??= list[i].text;
  });
  return { list, byField };
}

/** Render a staff page: never cached, with the form's anti-forgery token. */
export function renderPage(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) {
  reply.header('cache-control', 'no-store');
  return reply.code(status).page(view, {
    ...data,
    csrfField: CSRF_FIELD,
    csrfToken: csrfToken(request, reply, { secure: ctx.config.production }),
  });
}

/**
 * Render one of the edit forms (`directory-edit-form.njk`). For an organisation whose changes go
 * live at once (trusted by the council), the button and the note's hint say so.
 */
export async function renderForm(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, organisationId: string, data: Record<string, unknown>, status = 200) {
  const { t } = request;
  const trusted = Boolean((await organisationTrust(ctx.db, request.council.id, organisationId))?.trusted);
  const submitText = !trusted
    ? data.submitText
    : data.submitText === t('directory.edit.submit')
      ? t('directory.edit.submit_trusted')
      : data.submitText === t('directory.edit.locations.remove_submit') ? t('directory.edit.locations.remove_submit_trusted') : data.submitText;
  return renderPage(ctx, request, reply, 'directory-edit-form.njk', { ...data, trusted, submitText }, status);
}

/** The editor's optional note to the manager, checked. */
export function readNote(body: FormBody, errors: FieldError[]): string {
  const note = field(body, 'note');
  if (length(note) > LIMITS.note) errors.push({ field: 'note', key: 'directory.edit.error.too_long', params: { what: 'note', max: LIMITS.note } });
  return note;
}

/** How a date reads in the editor's language, for the words a closure shows residents. */
export const dateWords = (t: Translate, date: string) => formatDate(t, date) ?? date;

export interface Proposal {
  kind: ListingKind;
  id: string;
  organisationId: string;
  isNew: boolean;
  document: Service | Organization;
  /** What the editor started from; undefined for a new service. */
  working?: Working<Service | Organization>;
  note: string;
}

/**
 * Hand the whole proposed document to the approval workflow and go to the confirmation. A form
 * posted twice proposes nothing new: the second finds its document already waiting and goes to
 * the same confirmation. Returns problems to show when nothing was proposed.
 */
export async function propose(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, p: Proposal): Promise<FieldError[] | FastifyReply> {
  const person = personOf(request);
  if (!person) return [{ field: 'note', key: 'directory.edit.error.signed_out' }];
  const done = (changeId: string) => reply.redirect(`${organisationPath(request, p.organisationId)}/changes/${changeId}`, 303);
  if (p.working && sameDocument(p.document, p.working.document)) {
    if (p.working.pendingChangeId) return done(p.working.pendingChangeId);
    return [{ field: 'note', key: 'directory.edit.error.unchanged' }];
  }
  const result = await proposeChange(ctx, {
    councilId: request.council.id,
    organisationId: p.organisationId,
    kind: p.kind,
    id: p.id,
    isNew: p.isNew,
    document: p.document,
    note: p.note || undefined,
    editor: { personId: person.personId, email: person.email, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, language: request.locale === 'cy' ? 'cy' : 'en' },
  });
  if ('problems' in result) {
    // What the forms check comes first; what is left is the standard's or the workflow's verdict, named by its path.
    return result.problems.map((problem) => ({ field: 'note', key: 'directory.edit.error.problem', params: { path: problem.path, reason: problem.reason } }));
  }
  return done(result.changeId);
}
