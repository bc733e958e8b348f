import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Council, CouncilDirectory } from '../councils.js';
import { HttpProblem, sendProblem } from '../http/problem.js';
import { invalidParamsFromAjv } from '../http/validation.js';
import type { Translate } from '../web/i18n.js';
import { prefersHtml, prefersJson } from './accept.js';
import { contactDetails } from './contact.js';

/**
 * Errors as people and programs need them: a browser gets a GOV.UK error page in its language
 * with the council's contact details; an API client (anything under /api or /oruk, or asking
 * for JSON) gets an RFC 9457 problem. Unexpected errors are logged with the request id and
 * answered 500 with nothing about their cause.
 */

/** The APIs' paths, at the root or under a council: never an HTML error. */
const API_PATH = /^(?:\/c\/[^/]+)?\/(?:api|oruk)(?:[/?]|$)/;

/** Whether this request should get an error page rather than a problem document. */
export function wantsErrorPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (prefersJson(accept)) return false;
  // A page's own route (config.html) answers HTML whatever else it is asked with.
  if (request.routeOptions?.config?.html === true) return true;
  if (API_PATH.test(request.url)) return false;
  return prefersHtml(accept);
}

type ThrownError = Error & Partial<Pick<FastifyError, 'statusCode' | 'code' | 'validation'>>;

/** The problem an error means. */
export function problemOf(error: ThrownError, request: FastifyRequest): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error.validation) {
    const invalid = invalidParamsFromAjv(error.validation as Parameters<typeof invalidParamsFromAjv>[0]);
    return new HttpProblem(400, 'Your request has a problem', invalid.map((p) => `${p.name}: ${p.reason}`).join('; '), invalid);
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const title = error.statusCode === 413 ? 'Request too large' : error.statusCode === 429 ? 'Too many requests' : error.statusCode === 403 ? 'Forbidden' : 'Bad request';
    return new HttpProblem(error.statusCode, title, error.message);
  }
  request.log.error({ err: error }, 'request failed');
  return new HttpProblem(500, 'Internal server error', 'Something went wrong on our side. It has been logged.');
}

interface ErrorView {
  title: string;
  paragraphs: string[];
  showContact: boolean;
}

/** What the page says for this problem, in the reader's language. */
export function errorView(problem: HttpProblem, error: ThrownError, t: Translate, council: Council): ErrorView {
  const vars = { council: council.name };
  const status = problem.status;
  // "Contact the council using the details below", when it has some.
  const contact = (key: string) => (contactDetails(council) ? [t(key, vars)] : []);
  if (status === 404) return { title: t('error.not_found_title'), paragraphs: [t('error.not_found_body'), ...contact('site.error.not_found_contact')], showContact: true };
  if (status >= 500) return { title: t('error.server_title'), paragraphs: [t('error.server_body'), ...contact('site.error.server_contact')], showContact: true };
  // A form refused for its anti-forgery token: the platform's own words, or the CSRF plugin's refusal.
  if (status === 403 && (problem.title === t('error.csrf_title') || /^FST_CSRF/.test(error.code ?? ''))) {
    return { title: t('error.csrf_title'), paragraphs: [t('error.csrf_body')], showContact: false };
  }
  if (status === 403) return { title: t('error.forbidden_title'), paragraphs: [t('site.error.forbidden_body'), t('site.error.forbidden_help', vars)], showContact: false };
  if (status === 401) return { title: t('error.sign_in_title'), paragraphs: [t('site.error.sign_in_body')], showContact: false };
  if (status === 429) {
    const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    const body = typeof seconds === 'number' ? t('site.error.too_many_wait', { seconds }) : t('site.error.too_many_body');
    return { title: t('error.too_many_title'), paragraphs: [body], showContact: false };
  }
  if (status === 413) return { title: t('error.bad_request_title'), paragraphs: [t('site.error.too_large_body')], showContact: false };
  return { title: t('error.bad_request_title'), paragraphs: [t('site.error.bad_request_body')], showContact: false };
}

/** The council whose pages an error page is dressed as: the request's, the one in its path, or its host's. */
async function councilOfPage(request: FastifyRequest, councils: CouncilDirectory): Promise<{ council: Council; basePath: string } | undefined> {
  if (request.council) return { council: request.council, basePath: request.basePath };
  const slug = /^\/c\/([a-z0-9-]{1,63})(?:[/?]|$)/.exec(request.url)?.[1];
  const bySlug = slug ? await councils.bySlug(slug) : undefined;
  if (bySlug) return { council: bySlug, basePath: `/c/${bySlug.slug}` };
  const byHost = await councils.forHost(request.hostname);
  return byHost ? { council: byHost, basePath: '' } : undefined;
}

/** Answer a problem: the error page for a browser (when there is a council to show it as), else problem+json. */
export async function answerProblem(problem: HttpProblem, error: ThrownError, request: FastifyRequest, reply: FastifyReply, councils: CouncilDirectory): Promise<FastifyReply> {
  const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  // A host no council claims (421) is never dressed as a council, not even the default one.
  if (request.t && problem.status !== 421 && wantsErrorPage(request)) {
    try {
      const found = await councilOfPage(request, councils);
      if (found) {
        request.council = found.council;
        request.basePath = found.basePath;
        const view = errorView(problem, error, request.t, found.council);
        return reply.code(problem.status).page('error.njk', { ...view, contact: view.showContact ? contactDetails(found.council) : undefined });
      }
    } catch (failed) {
      // The page could not be made (the database is down, say): the problem document still can.
      request.log.error({ err: failed }, 'error page failed');
    }
  }
  return sendProblem(reply, problem.toProblem(request.url.split('?')[0]));
}

/** The server's error handler. */
export function handleError(councils: CouncilDirectory) {
  return async (error: ThrownError, request: FastifyRequest, reply: FastifyReply) => answerProblem(problemOf(error, request), error, request, reply, councils);
}

/** The server's not-found handler: also for paths outside every council's routes (`/nope`). */
export function handleNotFound(councils: CouncilDirectory) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const problem = new HttpProblem(404, 'Not found', `There is nothing at ${request.url.split('?')[0]}.`);
    return answerProblem(problem, problem, request, reply, councils);
  };
}
