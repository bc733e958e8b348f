import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { isLocale, LOCALES, type Locale } from '../../../../platform/web/i18n.js';
import { auditActor, recordAudit } from '../../../identity/index.js';
import { crisisHelp, setCrisisHelp } from '../../crisis-help.js';
import { crisisHelpChanges } from '../../sql/crisis-help.js';
import { notFoundPage } from '../common.js';
import { checkInputs, emptyContact, helpOf, inputsOf, MAX_CONTACTS, readInputs, type CrisisHelpInputs } from './form.js';

/**
 * `/admin/directory/crisis-help`: a directory manager words the crisis help that a search
 * showing a risk to life puts first, and chooses its numbers, per language — or puts back the
 * default. Adding or taking away a contact works without JavaScript: "Add another contact"
 * posts the form and comes back with an empty one; a contact emptied is dropped on saving.
 */

export const CRISIS_HELP_ADMIN: RouteAccess = { action: 'directory.manage' };
const PAGE = { config: { html: true, access: CRISIS_HELP_ADMIN } };
export const CRISIS_HELP_ADMIN_PATH = '/admin/directory/crisis-help';
/** Words of data/taxonomy/risk-to-life.json in each language, so "see it as residents do" shows the help. */
const PREVIEW_WORDS: Record<Locale, string> = { en: 'want to die', cy: 'eisiau marw' };

const when = (date: Date, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(date);

export function registerCrisisHelpAdmin(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;

  app.get(CRISIS_HELP_ADMIN_PATH, PAGE, async (request, reply) => {
    const { t, basePath, locale } = request;
    const changes = await crisisHelpChanges(ctx.db, request.council.id);
    const query = request.query as Record<string, unknown>;
    const done = typeof query.saved === 'string' && isLocale(query.saved) ? 'saved' : typeof query.reset === 'string' && isLocale(query.reset) ? 'reset' : undefined;
    const doneLanguage = done ? t(`directory.crisis_admin.language.${String(query[done])}`) : '';
    reply.header('cache-control', 'no-store');
    return reply.page('directory-crisis-help-admin.njk', {
      title: t('directory.crisis_admin.title'),
      banner: done ? t(`directory.crisis_admin.done.${done}`, { language: doneLanguage }) : undefined,
      rows: LOCALES.map((lang) => {
        const changed = changes.get(lang);
        return {
          language: t(`directory.crisis_admin.language.${lang}`),
          status: changed ? t('directory.crisis_admin.status.own', { when: when(changed, locale) }) : t('directory.crisis_admin.status.default'),
          editHref: `${basePath}${CRISIS_HELP_ADMIN_PATH}/${lang}`,
          // What a resident sees: a search the risk check recognises, in that language.
          previewHref: `${basePath}/search?q=${encodeURIComponent(PREVIEW_WORDS[lang])}&lang=${lang}`,
        };
      }),
      backHref: `${basePath}/admin`,
    });
  });

  async function renderForm(request: FastifyRequest, reply: FastifyReply, lang: Locale, inputs: CrisisHelpInputs, errors: Record<string, string> = {}, isOwn = false) {
    const { t, basePath } = request;
    const base = `${basePath}${CRISIS_HELP_ADMIN_PATH}/${lang}`;
    reply.header('cache-control', 'no-store');
    return reply.page('directory-crisis-help-edit.njk', {
      title: t('directory.crisis_admin.edit_title', { language: t(`directory.crisis_admin.language.${lang}`) }),
      caption: t(`directory.crisis_admin.language.${lang}`),
      contentLang: lang,
      errors: Object.entries(errors).map(([id, text]) => ({ text, href: `#${id}` })),
      fieldErrors: errors,
      inputs,
      contactCount: inputs.contacts.length,
      canAdd: inputs.contacts.length < MAX_CONTACTS,
      formAction: base,
      resetAction: `${base}/reset`,
      isOwn,
      backHref: `${basePath}${CRISIS_HELP_ADMIN_PATH}`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  /** The language named in the path, or a 404 page. */
  const languageOf = (request: FastifyRequest) => {
    const { locale } = request.params as { locale?: string };
    return isLocale(locale) ? locale : undefined;
  };

  app.get(`${CRISIS_HELP_ADMIN_PATH}/:locale`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    const changes = await crisisHelpChanges(ctx.db, request.council.id);
    const help = await crisisHelp(ctx.db, request.council.id, lang);
    return renderForm(request, reply, lang, inputsOf(help), {}, changes.has(lang));
  });

  app.post(`${CRISIS_HELP_ADMIN_PATH}/:locale`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const inputs = readInputs(body);
    const isOwn = (await crisisHelpChanges(ctx.db, request.council.id)).has(lang);
    if (body.action === 'add') {
      if (inputs.contacts.length < MAX_CONTACTS) inputs.contacts.push(emptyContact());
      return renderForm(request, reply, lang, inputs, {}, isOwn);
    }
    const errors = checkInputs(inputs, request.t);
    if (Object.keys(errors).length) return renderForm(request, reply.code(400), lang, inputs, errors, isOwn);
    await ctx.db.transaction(async (tx) => {
      await setCrisisHelp(tx, request.council.id, lang, helpOf(inputs));
      await recordAudit(tx, { ...auditActor(request), action: 'directory.crisis_help.saved', target: null, detail: { locale: lang } });
    });
    return reply.redirect(`${request.basePath}${CRISIS_HELP_ADMIN_PATH}?saved=${lang}`, 303);
  });

  app.post(`${CRISIS_HELP_ADMIN_PATH}/:locale/reset`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    await ctx.db.transaction(async (tx) => {
      await setCrisisHelp(tx, request.council.id, lang, null);
      await recordAudit(tx, { ...auditActor(request), action: 'directory.crisis_help.reset', target: null, detail: { locale: lang } });
    });
    return reply.redirect(`${request.basePath}${CRISIS_HELP_ADMIN_PATH}?reset=${lang}`, 303);
  });
}
