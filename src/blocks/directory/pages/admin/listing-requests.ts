import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../../platform/http/form-once.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { canonicalEmail, MAX_EMAIL } from '../../../identity/index.js';
import { MAX_REASON } from '../../editing/decisions.js';
import { acceptListingRequest, askToBeListed, declineListingRequest } from '../../editing/listing-requests.js';
import { getListingRequest, pendingListingRequests, type ListingRequestRow } from '../../sql/listing-requests.js';
import { notFoundPage } from '../common.js';
import { bodyOf, formatWhen, letterheadOf, managerOf, MANAGE, pageNumberOf, paginationOf, paramsOf, staffPage, staffRender, str, UUID } from './common.js';

/** The form's fields and their longest answers. */
const FIELDS = {
  organisation_name: 200,
  contact_name: 200,
  contact_email: MAX_EMAIL,
  contact_phone: 40,
  description: 2000,
  area: 500,
  website: 500,
} as const;
type Field = keyof typeof FIELDS;
const REQUIRED: Field[] = ['organisation_name', 'contact_name', 'contact_email', 'description', 'area'];
const PHONE = /^[0-9 +()-]{6,40}$/;
const PER_PAGE = 20;

/** The same form, at most a few times an hour from one address: it reaches staff and sends nothing. */
const ASK_LIMIT = { bucket: 'ask-to-be-listed', max: 10, windowSeconds: 60 * 60 };

/**
 * "Ask to be listed": a public form for an organisation not yet in the directory, with the
 * GOV.UK error summary; the request lands in the managers' list, who accept (the organisation
 * is created and its contact invited as first editor) or decline with a reason. The form carries
 * a one-time id (platform/http/form-once.ts) and its answer is a page of its own
 * (post/redirect/get): sent twice, or the confirmation reloaded, it asks once.
 */
export function registerListingRequests(app: FastifyInstance, ctx: PlatformContext): void {
  const render = (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const { t } = request;
    return reply.code(status).page('directory-admin-ask.njk', {
      title: Object.keys(errors).length ? t('changes.error_title', { title: t('changes.ask.title') }) : t('changes.ask.title'),
      values,
      errors: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      fieldErrors: errors,
      limits: FIELDS,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure: ctx.config.production }),
      onceField: ONCE_FIELD,
      formId: newFormId(),
    });
  };

  app.get('/ask-to-be-listed', { config: { html: true, access: 'public' } }, async (request, reply) => render(request, reply, {}, {}));

  app.post('/ask-to-be-listed', { config: { html: true, access: 'public', rateLimit: ASK_LIMIT } }, async (request, reply) => {
    const { t } = request;
    const body = bodyOf(request);
    const values = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, str(body[f]).trim()])) as Record<Field, string>;
    const errors: Record<string, string> = {};
    for (const field of Object.keys(FIELDS) as Field[]) {
      if (!values[field] && REQUIRED.includes(field)) errors[field] = t(`changes.ask.error.${field}.missing`);
      else if (values[field].length > FIELDS[field]) errors[field] = t('changes.ask.error.long', { max: FIELDS[field] });
    }
    // Kept in the one form identity keeps addresses in, so what Hearth sends this person later is
    // theirs in "Messages we sent you" once they sign in (an exact match on the address).
    const contactEmail = canonicalEmail(values.contact_email);
    if (!errors.contact_email && !contactEmail) errors.contact_email = t('changes.ask.error.contact_email.invalid');
    if (!errors.contact_phone && values.contact_phone && !PHONE.test(values.contact_phone)) errors.contact_phone = t('changes.ask.error.contact_phone.invalid');
    if (!errors.website && values.website && !isWebAddress(values.website)) errors.website = t('changes.ask.error.website.invalid');
    if (Object.keys(errors).length) return render(request, reply, values, errors, 400);
    // Sent twice (a double click) it would put the same request in the managers' list twice.
    const done = await submitOnce(ctx.db, request, body, { answers: values, fallback: `${request.basePath}/ask-to-be-listed/sent` }, async () => {
      const id = await askToBeListed(ctx, request.council.id, {
        organisationName: values.organisation_name,
        contactName: values.contact_name,
        contactEmail: contactEmail!,
        contactPhone: values.contact_phone || null,
        description: values.description,
        area: values.area,
        website: values.website ? new URL(values.website).href : null,
        language: request.locale === 'cy' ? 'cy' : 'en',
      });
      return { answer: `${request.basePath}/ask-to-be-listed/sent?request=${id}` };
    });
    return reply.redirect(done.answer, 303);
  });

  // The confirmation, naming the organisation when the address names its request (an unguessable id).
  app.get('/ask-to-be-listed/sent', { config: { html: true, access: 'public' } }, async (request, reply) => {
    const id = str((request.query as Record<string, unknown>).request);
    const asked = UUID.test(id) ? await getListingRequest(ctx.db, request.council.id, id.toLowerCase()) : undefined;
    return reply.page('directory-admin-ask-sent.njk', { title: request.t('changes.ask.sent.title'), name: asked?.organisation_name });
  });

  // --- the managers' side ---------------------------------------------------------------------

  const view = (request: FastifyRequest, r: ListingRequestRow) => ({
    id: r.id,
    name: r.organisation_name,
    href: `${request.basePath}/admin/directory/requests/${r.id}`,
    rows: [
      { key: { text: request.t('changes.ask.contact_name') }, value: { text: r.contact_name } },
      { key: { text: request.t('changes.ask.contact_email') }, value: { text: r.contact_email } },
      ...(r.contact_phone ? [{ key: { text: request.t('changes.ask.contact_phone') }, value: { text: r.contact_phone } }] : []),
      { key: { text: request.t('changes.ask.description') }, value: { text: r.description } },
      { key: { text: request.t('changes.ask.area') }, value: { text: r.area } },
      ...(r.website ? [{ key: { text: request.t('changes.ask.website') }, value: { text: r.website } }] : []),
      { key: { text: request.t('changes.requests.asked') }, value: { text: formatWhen(request, r.requested_at) } },
    ],
    status: r.status,
    statusText: request.t(`changes.requests.status.${r.status}`),
    reason: r.reason,
    organisationHref: r.organization_id ? `${request.basePath}/admin/directory/organisations/${r.organization_id}` : undefined,
  });

  app.get('/admin/directory/requests', staffPage(MANAGE), async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const page = pageNumberOf(q.page);
    const { requests, total } = await pendingListingRequests(ctx.db, request.council.id, (page - 1) * PER_PAGE, PER_PAGE);
    const base = `${request.basePath}/admin/directory/requests`;
    const doneId = [str(q.accepted), str(q.declined)].find((v) => UUID.test(v));
    const done = doneId ? await getListingRequest(ctx.db, request.council.id, doneId) : undefined;
    const { t } = request;
    return staffRender(request, reply, ctx, 'directory-admin-requests.njk', {
      title: t('changes.requests.title'),
      requests: requests.map((r) => view(request, r)),
      countText: t('changes.requests.count', { count: total }),
      pagination: paginationOf(request, page, total, PER_PAGE, (n) => (n > 1 ? `${base}?page=${n}` : base)),
      formBase: base,
      done: done && done.status !== 'pending' ? t(`changes.requests.done.${done.status}`, { name: done.organisation_name }) : undefined,
      doneHref: done?.organization_id ? `${request.basePath}/admin/directory/organisations/${done.organization_id}` : undefined,
      notTold: str(q.told) === 'no',
      backHref: `${request.basePath}/admin/directory`,
    });
  });

  async function showRequest(request: FastifyRequest, reply: FastifyReply, form: { reason?: string; error?: string }, status = 200) {
    const id = paramsOf(request).id;
    const r = UUID.test(id) ? await getListingRequest(ctx.db, request.council.id, id) : undefined;
    if (!r) return notFoundPage(request, reply);
    const { t } = request;
    reply.code(status);
    return staffRender(request, reply, ctx, 'directory-admin-request.njk', {
      title: form.error ? t('changes.error_title', { title: r.organisation_name }) : r.organisation_name,
      item: view(request, r),
      formBase: `${request.basePath}/admin/directory/requests`,
      reason: form.reason ?? '',
      maxReason: MAX_REASON,
      errors: form.error ? [{ text: form.error, href: '#reason' }] : [],
      fieldErrors: form.error ? { reason: form.error } : {},
      backHref: `${request.basePath}/admin/directory/requests`,
    });
  }

  app.get('/admin/directory/requests/:id', staffPage(MANAGE), async (request, reply) => showRequest(request, reply, {}));

  app.post('/admin/directory/requests/:id/accept', staffPage(MANAGE), async (request, reply) => {
    const id = paramsOf(request).id;
    if (!UUID.test(id)) return notFoundPage(request, reply);
    const result = await acceptListingRequest(ctx, request.council.id, id.toLowerCase(), managerOf(request), letterheadOf(request, ctx), request.t('identity.role.organisation_editor'));
    if (!result.done) return result.why === 'not_found' ? notFoundPage(request, reply) : reply.redirect(`${request.basePath}/admin/directory/requests/${id}`, 303);
    return reply.redirect(`${request.basePath}/admin/directory/requests?accepted=${id}${result.told ? '' : '&told=no'}`, 303);
  });

  app.post('/admin/directory/requests/:id/decline', staffPage(MANAGE), async (request, reply) => {
    const id = paramsOf(request).id;
    if (!UUID.test(id)) return notFoundPage(request, reply);
    const reason = str(bodyOf(request).reason).trim();
    const { t } = request;
    if (!reason) return showRequest(request, reply, { reason, error: t('changes.requests.decline.error.missing') }, 400);
    if (reason.length > MAX_REASON) return showRequest(request, reply, { reason, error: t('changes.reject.error.long', { max: MAX_REASON }) }, 400);
    const result = await declineListingRequest(ctx, request.council.id, id.toLowerCase(), reason, managerOf(request), letterheadOf(request, ctx));
    if (!result.done) return result.why === 'not_found' ? notFoundPage(request, reply) : reply.redirect(`${request.basePath}/admin/directory/requests/${id}`, 303);
    return reply.redirect(`${request.basePath}/admin/directory/requests?declined=${id}${result.told ? '' : '&told=no'}`, 303);
  });
}

/** An http(s) address with a host: what ORUK's `website` (a URI) and a resident's browser both accept. */
function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}
