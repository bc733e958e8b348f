import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { auditActor, recordAudit } from '../../../identity/index.js';
import { normaliseText } from '../../search/synonyms.js';
import {
  checkThesaurusFile,
  effectiveThesaurus,
  entryKey,
  overridesForImport,
  removedEntries,
  shippedThesaurus,
  thesaurusFile,
  THESAURUS_LANGUAGES,
  type KeyedEntry,
  type ThesaurusFile,
  type ThesaurusLanguage,
} from '../../search/thesaurus.js';
import { deleteThesaurusOverride, replaceThesaurusOverrides, saveThesaurusOverride, thesaurusOverrides } from '../../sql/thesaurus.js';
import { forgetCandidates } from '../../search/candidates.js';
import { notFoundPage } from '../common.js';
import { checkInputs, entryOf, inputsOf, readInputs, type EntryInputs } from './form.js';

/**
 * `/admin/directory/thesaurus`: a directory manager sees the words search relates to residents'
 * words, in English and Welsh, and adds, changes or removes entries for the council (the shipped
 * thesaurus is the default: a change can be put back). The whole of a language downloads as
 * JSON in the shipped file's format and imports back (pasted: the platform takes no file
 * uploads). A change reaches search within a second, in every process, without a restart
 * (sql/thesaurus.ts moves the council's search index generation).
 */

export const THESAURUS_ADMIN: RouteAccess = { action: 'directory.manage' };
export const THESAURUS_ADMIN_PATH = '/admin/directory/thesaurus';
const PAGE = { config: { html: true, access: THESAURUS_ADMIN } };
/** A thesaurus file is about 150 kB; the form parser's own limit is 64 kB. */
const IMPORT_BODY_LIMIT = 1024 * 1024;
const PER_PAGE = 50;
/** Phrases shown of each list in the table (the rest on the entry's page). */
const SHOWN = 6;

const isLanguage = (value: unknown): value is ThesaurusLanguage => THESAURUS_LANGUAGES.includes(value as ThesaurusLanguage);

const body = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;

const shorten = (list: string[]) => (list.length > SHOWN ? `${list.slice(0, SHOWN).join(', ')} …` : list.join(', '));

export function registerThesaurusAdmin(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const languageName = (request: FastifyRequest, lang: ThesaurusLanguage) => request.t(`directory.thesaurus_admin.language.${lang}`);
  const base = (request: FastifyRequest, lang: ThesaurusLanguage) => `${request.basePath}${THESAURUS_ADMIN_PATH}/${lang}`;
  const entryPath = (request: FastifyRequest, lang: ThesaurusLanguage, key: string) => `${base(request, lang)}/entries/${encodeURIComponent(key)}`;

  app.get(THESAURUS_ADMIN_PATH, PAGE, async (request, reply) => {
    const { t, basePath } = request;
    const query = request.query as Record<string, unknown>;
    const lang: ThesaurusLanguage = isLanguage(query.language) ? query.language : 'en';
    const filter = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : '';
    const wanted = normaliseText(filter);
    const overrides = await thesaurusOverrides(ctx.db, request.council.id);
    const entries: (KeyedEntry | (KeyedEntry & { removed: true }))[] = [
      ...effectiveThesaurus(lang, overrides),
      ...removedEntries(lang, overrides).map((e) => ({ ...e, removed: true as const })),
    ].filter((e) => !wanted || [...e.words, ...e.related].some((p) => normaliseText(p).includes(wanted)));
    const pages = Math.max(1, Math.ceil(entries.length / PER_PAGE));
    const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(String(query.page ?? '1'), 10) || 1));
    const listHref = (p: number) => `${basePath}${THESAURUS_ADMIN_PATH}?language=${lang}${filter ? `&q=${encodeURIComponent(filter)}` : ''}${p > 1 ? `&page=${p}` : ''}`;
    const done = typeof query.done === 'string' && ['saved', 'added', 'removed', 'reset', 'imported'].includes(query.done) ? query.done : undefined;
    reply.header('cache-control', 'no-store');
    return reply.page('directory-thesaurus-list.njk', {
      title: t('directory.thesaurus_admin.title'),
      banner: done ? t(`directory.thesaurus_admin.done.${done}`, { language: languageName(request, lang) }) : undefined,
      lang,
      languages: THESAURUS_LANGUAGES.map((l) => ({ name: languageName(request, l), href: `${basePath}${THESAURUS_ADMIN_PATH}?language=${l}`, current: l === lang })),
      filter,
      filterAction: `${basePath}${THESAURUS_ADMIN_PATH}`,
      count: entries.length,
      rows: entries.slice((pageNumber - 1) * PER_PAGE, pageNumber * PER_PAGE).map((e) => ({
        words: shorten(e.words),
        related: shorten(e.related),
        source: t(`directory.thesaurus_admin.origin.${'removed' in e ? 'removed' : e.origin}`),
        href: entryPath(request, lang, e.key),
        name: e.words[0],
      })),
      pagination:
        pages > 1
          ? {
              previous: pageNumber > 1 ? { href: listHref(pageNumber - 1) } : undefined,
              next: pageNumber < pages ? { href: listHref(pageNumber + 1) } : undefined,
              items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: listHref(i + 1), current: i + 1 === pageNumber })),
            }
          : undefined,
      addHref: `${base(request, lang)}/new`,
      exportHref: `${base(request, lang)}/export`,
      importHref: `${base(request, lang)}/import`,
      backHref: `${basePath}/admin`,
    });
  });

  async function renderEntry(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: ThesaurusLanguage,
    inputs: EntryInputs,
    options: { key?: string; origin?: KeyedEntry['origin'] | 'removed'; errors?: Record<string, string> } = {},
  ) {
    const { t } = request;
    const errors = options.errors ?? {};
    reply.header('cache-control', 'no-store');
    const action = options.key ? entryPath(request, lang, options.key) : `${base(request, lang)}/new`;
    return reply.page('directory-thesaurus-entry.njk', {
      title: options.key ? t('directory.thesaurus_admin.edit_title', { language: languageName(request, lang) }) : t('directory.thesaurus_admin.add_title', { language: languageName(request, lang) }),
      caption: languageName(request, lang),
      contentLang: lang,
      isNew: !options.key,
      source: options.origin ? t(`directory.thesaurus_admin.origin.${options.origin}`) : undefined,
      errors: Object.entries(errors).map(([id, text]) => ({ text, href: `#${id}` })),
      fieldErrors: errors,
      inputs,
      formAction: action,
      removeAction: options.key && options.origin !== 'removed' ? `${action}/remove` : undefined,
      resetAction: options.key && (options.origin === 'changed' || options.origin === 'removed') ? `${action}/reset` : undefined,
      backHref: `${request.basePath}${THESAURUS_ADMIN_PATH}?language=${lang}`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  const languageOf = (request: FastifyRequest) => {
    const { lang } = request.params as { lang?: string };
    return isLanguage(lang) ? lang : undefined;
  };

  /** The entry the path names (as the council has it now, or removed from the default), or undefined. */
  async function entryOfPath(request: FastifyRequest, lang: ThesaurusLanguage) {
    const { key } = request.params as { key?: string };
    if (!key) return undefined;
    const overrides = await thesaurusOverrides(ctx.db, request.council.id);
    const current = effectiveThesaurus(lang, overrides).find((e) => e.key === key);
    if (current) return { entry: current as KeyedEntry, origin: current.origin as KeyedEntry['origin'] | 'removed' };
    const removed = removedEntries(lang, overrides).find((e) => e.key === key);
    return removed ? { entry: removed, origin: 'removed' as const } : undefined;
  }

  // This process reads the index generation afresh on its next search (others within a second).
  const done = (request: FastifyRequest, reply: FastifyReply, lang: ThesaurusLanguage, what: string) => {
    forgetCandidates(request.council.id);
    return reply.redirect(`${request.basePath}${THESAURUS_ADMIN_PATH}?language=${lang}&done=${what}`, 303);
  };

  app.get(`${THESAURUS_ADMIN_PATH}/:lang/new`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    return renderEntry(request, reply, lang, { words: '', related: '', needs: '' });
  });

  app.post(`${THESAURUS_ADMIN_PATH}/:lang/new`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    const inputs = readInputs(body(request));
    const errors = checkInputs(inputs, request.t);
    const entry = entryOf(inputs);
    if (!errors.words) {
      const key = entryKey(entry);
      const overrides = await thesaurusOverrides(ctx.db, request.council.id);
      const taken = [...effectiveThesaurus(lang, overrides), ...removedEntries(lang, overrides)].some((e) => e.key === key);
      if (taken) errors.words = request.t('directory.thesaurus_admin.error.taken', { phrase: entry.words[0] });
    }
    if (Object.keys(errors).length) return renderEntry(request, reply.code(400), lang, inputs, { errors });
    const key = entryKey(entry);
    await ctx.db.transaction(async (tx) => {
      await saveThesaurusOverride(tx, request.council.id, { ...entry, key, language: lang, removed: false });
      await recordAudit(tx, { ...auditActor(request), action: 'directory.thesaurus.added', target: null, detail: { locale: lang, entry: key } });
    });
    return done(request, reply, lang, 'added');
  });

  app.get(`${THESAURUS_ADMIN_PATH}/:lang/entries/:key`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    const found = lang && (await entryOfPath(request, lang));
    if (!lang || !found) return notFoundPage(request, reply);
    return renderEntry(request, reply, lang, inputsOf(found.entry), { key: found.entry.key, origin: found.origin });
  });

  app.post(`${THESAURUS_ADMIN_PATH}/:lang/entries/:key`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    const found = lang && (await entryOfPath(request, lang));
    if (!lang || !found) return notFoundPage(request, reply);
    const inputs = readInputs(body(request));
    const errors = checkInputs(inputs, request.t);
    if (Object.keys(errors).length) return renderEntry(request, reply.code(400), lang, inputs, { key: found.entry.key, origin: found.origin, errors });
    await ctx.db.transaction(async (tx) => {
      await saveThesaurusOverride(tx, request.council.id, { ...entryOf(inputs), key: found.entry.key, language: lang, removed: false });
      await recordAudit(tx, { ...auditActor(request), action: 'directory.thesaurus.changed', target: null, detail: { locale: lang, entry: found.entry.key } });
    });
    return done(request, reply, lang, 'saved');
  });

  app.post(`${THESAURUS_ADMIN_PATH}/:lang/entries/:key/remove`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    const found = lang && (await entryOfPath(request, lang));
    if (!lang || !found) return notFoundPage(request, reply);
    const isShipped = shippedThesaurus(lang).some((e) => e.key === found.entry.key);
    await ctx.db.transaction(async (tx) => {
      // A shipped entry is hidden (so it can be put back); the council's own is simply gone.
      if (isShipped) await saveThesaurusOverride(tx, request.council.id, { ...found.entry, language: lang, removed: true });
      else await deleteThesaurusOverride(tx, request.council.id, lang, found.entry.key);
      await recordAudit(tx, { ...auditActor(request), action: 'directory.thesaurus.removed', target: null, detail: { locale: lang, entry: found.entry.key } });
    });
    return done(request, reply, lang, 'removed');
  });

  app.post(`${THESAURUS_ADMIN_PATH}/:lang/entries/:key/reset`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    const found = lang && (await entryOfPath(request, lang));
    if (!lang || !found || !shippedThesaurus(lang).some((e) => e.key === found.entry.key)) return notFoundPage(request, reply);
    await ctx.db.transaction(async (tx) => {
      await deleteThesaurusOverride(tx, request.council.id, lang, found.entry.key);
      await recordAudit(tx, { ...auditActor(request), action: 'directory.thesaurus.reset', target: null, detail: { locale: lang, entry: found.entry.key } });
    });
    return done(request, reply, lang, 'reset');
  });

  app.get(`${THESAURUS_ADMIN_PATH}/:lang/export`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    const file = thesaurusFile(lang, await thesaurusOverrides(ctx.db, request.council.id));
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', `attachment; filename="thesaurus-${request.council.slug}-${lang}.json"`);
    return reply.type('application/json; charset=utf-8').send(`${JSON.stringify(file, null, 2)}\n`);
  });

  const renderImport = (request: FastifyRequest, reply: FastifyReply, lang: ThesaurusLanguage, text: string, errors: { text: string; href: string }[] = []) => {
    reply.header('cache-control', 'no-store');
    return reply.page('directory-thesaurus-import.njk', {
      title: request.t('directory.thesaurus_admin.import_title', { language: languageName(request, lang) }),
      caption: languageName(request, lang),
      errors,
      fieldError: errors.length ? errors.map((e) => e.text).join('. ') : undefined,
      text,
      formAction: `${base(request, lang)}/import`,
      exportHref: `${base(request, lang)}/export`,
      backHref: `${request.basePath}${THESAURUS_ADMIN_PATH}?language=${lang}`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  };

  app.get(`${THESAURUS_ADMIN_PATH}/:lang/import`, PAGE, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    return renderImport(request, reply, lang, '');
  });

  app.post(`${THESAURUS_ADMIN_PATH}/:lang/import`, { ...PAGE, bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
    const lang = languageOf(request);
    if (!lang) return notFoundPage(request, reply);
    const { t } = request;
    const text = typeof body(request).file === 'string' ? (body(request).file as string) : '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return renderImport(request, reply.code(400), lang, text, [{ text: t('directory.thesaurus_admin.error.not_json'), href: '#file' }]);
    }
    // Every problem, each named by its place in the file; nothing is stored unless there are none.
    const problems = checkThesaurusFile(parsed, lang);
    if (problems.length) {
      const shown = problems.slice(0, 20).map((p) => ({ text: t('directory.thesaurus_admin.error.in_file', { place: p.name, reason: p.reason }), href: '#file' }));
      if (problems.length > 20) shown.push({ text: t('directory.thesaurus_admin.error.more', { count: problems.length - 20 }), href: '#file' });
      return renderImport(request, reply.code(400), lang, text, shown);
    }
    const file = parsed as ThesaurusFile;
    await ctx.db.transaction(async (tx) => {
      await replaceThesaurusOverrides(tx, request.council.id, lang, overridesForImport(lang, file.entries));
      await recordAudit(tx, { ...auditActor(request), action: 'directory.thesaurus.imported', target: null, detail: { locale: lang, entries: file.entries.length } });
    });
    return done(request, reply, lang, 'imported');
  });
}
