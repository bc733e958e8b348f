import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../block.js';
import type { RouteAccess } from '../http/access.js';
import { CSRF_FIELD, csrfToken } from '../web/csrf.js';
import { isLocale, LOCALES, type Locale, type Messages, type Translate } from '../web/i18n.js';
import { characterCountTexts } from './character-count.js';
import { formatWhen } from './html.js';
import { inputsOf, readPageForm, type FormInputs } from './page-form.js';
import { isSitePage, PAGE_FIELDS, SITE_PAGES, type SitePage } from './page-fields.js';
import { deletePageText, pageTexts, savePageText } from './sql.js';
import { loadPageTexts } from './texts.js';

/**
 * `/admin/site`: a council admin changes the texts of the council's accessibility statement,
 * privacy notice and cookies page, in each language, or puts a page back to its default text.
 */

export const SITE_ADMIN: RouteAccess = { action: 'identity.admin' };
export const ADMIN_PAGE = { config: { html: true, access: SITE_ADMIN } };

export interface AdminPagesOptions {
  messages: Messages;
  /** Whether a block shares people's information when they ask it to (the privacy notice's defaults depend on it). */
  shares: boolean;
}

/** "Accessibility statement (Welsh)". */
const what = (t: Translate, page: SitePage, locale: Locale) => t('site.admin.what', { page: t(`site.${page}.title`), language: t(`site.language.${locale}`) });

/** The page and language named in the path, when both are real. */
function target(request: FastifyRequest): { page: SitePage; locale: Locale } | undefined {
  const { page, locale } = request.params as { page?: string; locale?: string };
  return isSitePage(page) && isLocale(locale) ? { page, locale } : undefined;
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).page('error.njk', { title: request.t('error.not_found_title'), body: request.t('error.not_found_body') });
}

/** Who changed what, in the log: the platform cannot write the identity block's audit log. */
function logChange(request: FastifyRequest, action: 'site.page.saved' | 'site.page.reset', page: SitePage, locale: Locale) {
  const p = request.principal;
  request.log.info(
    { audit: action, council: request.council.slug, person: p?.kind === 'person' ? p.personId : undefined, email: p?.kind === 'person' ? p.email : undefined, page, locale },
    'site page text changed',
  );
}

/** The form's fields as the view draws them: label, hint, value, error and, for a choice, its radios. */
function formFields(t: Translate, page: SitePage, inputs: FormInputs, errors: Record<string, string>) {
  return PAGE_FIELDS[page].map((spec) => {
    const key = `site.field.${page}.${spec.name}`;
    const hint = t(`${key}.hint`);
    const base = { name: spec.name, kind: spec.kind, label: t(`${key}.label`), hint: hint === `${key}.hint` ? '' : hint };
    if (spec.kind === 'date') {
      const error = errors[`${spec.name}-day`];
      return {
        ...base,
        error,
        items: (['day', 'month', 'year'] as const).map((part) => ({
          name: part,
          label: t(`site.date.${part}`),
          value: inputs[`${spec.name}-${part}`],
          classes: `govuk-input--width-${part === 'year' ? 4 : 2}${error ? ' govuk-input--error' : ''}`,
        })),
      };
    }
    if (spec.kind === 'choice') {
      return { ...base, error: errors[spec.name], items: spec.choices.map((c) => ({ value: c, text: t(`${key}.${c}`), checked: inputs[spec.name] === c })) };
    }
    return { ...base, value: inputs[spec.name], error: errors[spec.name], max: spec.max };
  });
}

export function registerAdminPages(app: FastifyInstance, ctx: PlatformContext, { messages, shares }: AdminPagesOptions): void {
  const secure = ctx.config.production;

  app.get('/admin/site', ADMIN_PAGE, async (request, reply) => {
    const { t, basePath, locale } = request;
    const stored = await pageTexts(ctx.db, request.council.id);
    const query = request.query as Record<string, unknown>;
    const done = (name: string) => {
      const [page, lang] = String(query[name] ?? '').split('-');
      return isSitePage(page) && isLocale(lang) ? what(t, page, lang) : undefined;
    };
    const saved = done('saved');
    const reset = done('reset');
    const rows = SITE_PAGES.flatMap((page) =>
      LOCALES.map((lang) => {
        const own = stored.find((s) => s.page === page && s.locale === lang);
        return {
          page: t(`site.${page}.title`),
          language: t(`site.language.${lang}`),
          status: own ? t('site.admin.changed', { when: formatWhen(own.updatedAt, locale), who: own.updatedBy ?? t('site.admin.someone') }) : t('site.admin.default'),
          viewHref: `${basePath}/${page}?lang=${lang}`,
          editHref: `${basePath}/admin/site/${page}/${lang}`,
          what: what(t, page, lang),
        };
      }),
    );
    reply.header('cache-control', 'no-store');
    return reply.page('site-admin.njk', {
      title: t('site.admin.title'),
      banner: saved ? t('site.admin.saved', { what: saved }) : reset ? t('site.admin.reset_done', { what: reset }) : undefined,
      rows,
      feedbackHref: `${basePath}/admin/feedback`,
    });
  });

  async function renderForm(request: FastifyRequest, reply: FastifyReply, page: SitePage, locale: Locale, inputs?: FormInputs, errors: Record<string, string> = {}) {
    const { t, basePath } = request;
    const texts = await loadPageTexts(ctx.db, messages, request.council, page, locale, shares);
    const base = `${basePath}/admin/site/${page}/${locale}`;
    reply.header('cache-control', 'no-store');
    return reply.page('site-admin-edit.njk', {
      title: t('site.admin.edit_title', { what: what(t, page, locale) }),
      caption: what(t, page, locale),
      contentLang: locale,
      errors: Object.entries(errors).map(([id, text]) => ({ text, href: `#${id}` })),
      fields: formFields(t, page, inputs ?? inputsOf(page, texts.fields), errors),
      count: characterCountTexts(t),
      formAction: base,
      resetAction: `${base}/reset`,
      isOwn: Boolean(texts.stored),
      viewHref: `${basePath}/${page}?lang=${locale}`,
      backHref: `${basePath}/admin/site`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  app.get('/admin/site/:page/:locale', ADMIN_PAGE, async (request, reply) => {
    const found = target(request);
    if (!found) return notFound(request, reply);
    return renderForm(request, reply, found.page, found.locale);
  });

  app.post('/admin/site/:page/:locale', ADMIN_PAGE, async (request, reply) => {
    const found = target(request);
    if (!found) return notFound(request, reply);
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const form = readPageForm(found.page, body, request.t);
    if (Object.keys(form.errors).length) return renderForm(request, reply.code(400), found.page, found.locale, form.inputs, form.errors);
    const p = request.principal;
    await savePageText(ctx.db, request.council.id, found.page, found.locale, form.fields, p?.kind === 'person' ? p.email : null);
    logChange(request, 'site.page.saved', found.page, found.locale);
    return reply.redirect(`${request.basePath}/admin/site?saved=${found.page}-${found.locale}`, 303);
  });

  app.post('/admin/site/:page/:locale/reset', ADMIN_PAGE, async (request, reply) => {
    const found = target(request);
    if (!found) return notFound(request, reply);
    if (await deletePageText(ctx.db, request.council.id, found.page, found.locale)) logChange(request, 'site.page.reset', found.page, found.locale);
    return reply.redirect(`${request.basePath}/admin/site?reset=${found.page}-${found.locale}`, 303);
  });
}
