import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../platform/http/form-once.js';
import { CSRF_FIELD, csrfToken } from '../../../platform/web/csrf.js';
import { canonicalEmail } from '../../identity/index.js';
import { recordServiceFeedback, serviceForReport } from '../sql/feedback.js';
import { exitRedirectUrl, namesSensitiveNeed } from './exit-this-page.js';
import { HTML, notFoundPage } from './common.js';
import { isUuid } from './my-list-cookie.js';

export const MAX_DETAILS = 2000;

interface Values {
  details: string;
  email: string;
}

/** Check the form; messages say what to do, in the reader's language (GOV.UK error style). */
export function checkReport(t: FastifyRequest['t'], values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  // Characters as people count them: an emoji is one, not two UTF-16 units.
  const length = [...values.details].length;
  if (!values.details.trim()) errors.details = t('directory.out_of_date.error.details_missing');
  else if (length > MAX_DETAILS) errors.details = t('directory.out_of_date.error.details_long', { max: MAX_DETAILS });
  if (values.email && !canonicalEmail(values.email)) errors.email = t('directory.out_of_date.error.email');
  return errors;
}

interface Service {
  id: string;
  name: string;
  termIds: string[];
}

/** A service's pages show Exit this page when the service is for such a need (pages/exit-this-page.ts). */
const exitFor = (service: Service) => (namesSensitiveNeed(service.termIds) ? { redirectUrl: exitRedirectUrl() } : undefined);

/**
 * "Tell us this is out of date": a resident reports a wrong or stale listing. The form carries a
 * one-time id (platform/http/form-once.ts): sent twice with the same words (a double click), it
 * is stored once, with one event, and the second lands on the same confirmation.
 */
export function registerOutOfDate(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;

  async function render(request: FastifyRequest, reply: FastifyReply, service: Service, values: Values, fieldErrors: Record<string, string>) {
    const { id, name } = service;
    const { t, basePath } = request;
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
    const plural = (key: string) => {
      const one = t(`directory.count.${key}_one`);
      const other = t(`directory.count.${key}_other`);
      // Welsh has six plural forms; GOV.UK Frontend asks for the one the count needs.
      return { zero: other, one, two: other, few: other, many: other, other };
    };
    return reply.page('directory-out-of-date.njk', {
      title: t('directory.out_of_date.heading'),
      errors,
      fieldErrors,
      values,
      serviceName: name,
      serviceHref: `${basePath}/services/${id}`,
      formAction: `${basePath}/services/${id}/out-of-date`,
      maxDetails: MAX_DETAILS,
      countTexts: { under: plural('under'), over: plural('over') },
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
      onceField: ONCE_FIELD,
      formId: newFormId(),
      exitThisPage: exitFor(service),
    });
  }

  async function serviceFor(request: FastifyRequest): Promise<Service | undefined> {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) return undefined;
    const found = await serviceForReport(ctx.db, request.council.id, id.toLowerCase());
    return found && { id: id.toLowerCase(), ...found };
  }

  app.get('/services/:id/out-of-date', HTML, async (request, reply) => {
    const service = await serviceFor(request);
    if (!service) return notFoundPage(request, reply);
    return render(request, reply, service, { details: '', email: '' }, {});
  });

  app.post('/services/:id/out-of-date', HTML, async (request, reply) => {
    const service = await serviceFor(request);
    if (!service) return notFoundPage(request, reply);
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const values: Values = {
      details: typeof body.details === 'string' ? body.details.replace(/\r\n/g, '\n') : '',
      email: typeof body.email === 'string' ? body.email.trim() : '',
    };
    const fieldErrors = checkReport(request.t, values);
    if (Object.keys(fieldErrors).length) return render(request, reply.code(400), service, values, fieldErrors);
    const answer = `${request.basePath}/services/${service.id}/out-of-date/sent${values.email ? '?reply=1' : ''}`;
    // Sent twice (a double click) it would be stored, and told to the council's subscribers, twice.
    const done = await submitOnce<'gone'>(ctx.db, request, body, { answers: [service.id, values.details.trim(), values.email], fallback: answer }, async () => {
      const saved = await recordServiceFeedback(ctx.db, {
        councilId: request.council.id,
        serviceId: service.id,
        message: values.details.trim(),
        // The one form identity keeps addresses in: the outcome Hearth sends is then theirs in
        // "Messages we sent you" when they sign in (an exact match on the address).
        reporterEmail: (values.email && canonicalEmail(values.email)) || undefined,
      });
      return saved ? { answer } : { failed: 'gone' };
    });
    if ('failed' in done) return notFoundPage(request, reply);
    return reply.redirect(done.answer, 303);
  });

  app.get('/services/:id/out-of-date/sent', HTML, async (request, reply) => {
    const service = await serviceFor(request);
    if (!service) return notFoundPage(request, reply);
    const { t, basePath } = request;
    return reply.page('directory-out-of-date-done.njk', {
      title: t('directory.out_of_date.done_heading'),
      serviceName: service.name,
      serviceHref: `${basePath}/services/${service.id}`,
      gaveEmail: (request.query as Record<string, unknown>).reply === '1',
      exitThisPage: exitFor(service),
    });
  });
}
