import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../../platform/http/form-once.js';
import { auditActor, recordAudit } from '../../../identity/index.js';
import { addCategory, categoriesOf, categoryIn, categoryName, MAX_CATEGORY_NAME, retireCategory, type CategoryProblems } from '../../categories.js';
import { holdersByCategory } from '../../sql/items.js';
import { bodyOf, notFound, render } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * `/admin/vault/categories`: a council admin sees the categories of its residents' records
 * (built-in and its own, with how many residents hold something in each), adds a circumstance
 * of its own with its names in English and Welsh and its sensitivity, and retires one (or brings
 * it back). Nothing is deleted: a retired category is no longer offered, and what residents
 * hold in it stays theirs, on their record and in their copy. Every change is audited.
 */

const ADMIN: RouteAccess = { action: 'identity.admin' };
const PAGE = { config: { html: true, access: ADMIN } };
const CODE = /^[a-z][a-z0-9_]{0,39}$/;

export const CATEGORIES_ADMIN_PAGE: AdminPage = {
  key: 'vault-categories',
  path: '/admin/vault/categories',
  titleKey: 'vault.categories.admin_title',
  descriptionKey: 'vault.categories.admin_description',
};

const listPath = (request: FastifyRequest, query = '') => `${request.basePath}/admin/vault/categories${query}`;

export function registerCategoriesAdmin(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/admin/vault/categories', PAGE, async (request, reply) => {
    const { t, locale } = request;
    const categories = await categoriesOf(ctx.db, request.council.id);
    const holders = await inCouncil(ctx.db, request.council.id, (tx) => holdersByCategory(tx, request.council.id));
    const query = request.query as Record<string, unknown>;
    const done = typeof query.done === 'string' && ['added', 'retired', 'restored'].includes(query.done) && typeof query.code === 'string' ? categories.find((c) => c.code === query.code) : undefined;
    return render(ctx, request, reply, 'vault-categories.njk', {
      title: t('vault.categories.title'),
      banner: done ? t(`vault.categories.done.${query.done}`, { category: categoryName(done, locale) }) : undefined,
      addHref: listPath(request, '/new'),
      categories: categories.map((c) => ({
        code: c.code,
        nameEn: c.names.en,
        nameCy: c.names.cy,
        name: categoryName(c, locale),
        sensitivity: t(`vault.categories.sensitivity.${c.sensitivity}`),
        origin: t(c.builtIn ? 'vault.categories.built_in' : 'vault.categories.council_own'),
        retired: c.retired,
        holders: t('vault.categories.holders', { count: holders.get(c.code) ?? 0 }),
        action: listPath(request, `/${c.code}/${c.retired ? 'restore' : 'retire'}`),
        actionText: t(c.retired ? 'vault.categories.restore' : 'vault.categories.retire'),
      })),
    });
  });

  function form(request: FastifyRequest, reply: FastifyReply, inputs: { name_en: string; name_cy: string; sensitivity: string }, problems: CategoryProblems = {}) {
    const { t } = request;
    const errors = Object.entries(problems).map(([field, reason]) => ({
      text: t(`vault.categories.error.${field}.${reason}`, { max: MAX_CATEGORY_NAME }),
      href: `#${field}`,
    }));
    const byField = Object.fromEntries(Object.keys(problems).map((field, i) => [field, errors[i].text]));
    return render(ctx, request, reply, 'vault-categories-new.njk', {
      title: t('vault.categories.new_title'),
      errors,
      fieldErrors: byField,
      inputs,
      onceField: ONCE_FIELD,
      onceId: newFormId(),
      formAction: listPath(request),
      backHref: listPath(request),
    }, errors.length ? 400 : 200);
  }

  app.get('/admin/vault/categories/new', PAGE, async (request, reply) => form(request, reply, { name_en: '', name_cy: '', sensitivity: '' }));

  app.post('/admin/vault/categories', PAGE, async (request, reply) => {
    const body = bodyOf(request);
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const inputs = { name_en: text(body.name_en), name_cy: text(body.name_cy), sensitivity: text(body.sensitivity) };
    // The same form sent twice (a double click) adds the category once, and both land on the list.
    type Problems = Extract<Awaited<ReturnType<typeof addCategory>>, { problems: unknown }>['problems'];
    const done = await submitOnce<Problems>(ctx.db, request, body, { fallback: listPath(request) }, async () => {
      const result = await inCouncil(ctx.db, request.council.id, async (tx) => {
        const added = await addCategory(tx, request.council.id, { nameEn: inputs.name_en, nameCy: inputs.name_cy, sensitivity: inputs.sensitivity });
        if ('category' in added) {
          const c = added.category;
          await recordAudit(tx, { ...auditActor(request), action: 'vault.category.added', target: c.code, detail: { code: c.code, name_en: c.names.en, name_cy: c.names.cy, sensitivity: c.sensitivity } });
        }
        return added;
      });
      return 'problems' in result ? { failed: result.problems } : { answer: listPath(request, `?done=added&code=${result.category.code}`) };
    });
    if ('failed' in done) return form(request, reply, inputs, done.failed);
    return reply.redirect(done.answer, 303);
  });

  for (const [move, retired] of [['retire', true], ['restore', false]] as const) {
    app.post(`/admin/vault/categories/:code/${move}`, PAGE, async (request, reply) => {
      const { code } = request.params as { code: string };
      if (!CODE.test(code) || !(await categoryIn(ctx.db, request.council.id, code))) return notFound(request, reply);
      await inCouncil(ctx.db, request.council.id, async (tx) => {
        // Already so (sent twice): nothing changes and nothing is audited.
        if (await retireCategory(tx, request.council.id, code, retired)) {
          await recordAudit(tx, { ...auditActor(request), action: retired ? 'vault.category.retired' : 'vault.category.restored', target: code, detail: { code } });
        }
      });
      return reply.redirect(listPath(request, `?done=${retired ? 'retired' : 'restored'}&code=${code}`), 303);
    });
  }
}
