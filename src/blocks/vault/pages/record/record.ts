import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import { categoriesOf, categoryIn, categoryName, type Category } from '../../categories.js';
import { itemHistory, readItems, writeItems, type RecordItem } from '../../record.js';
import { bodyOf, forbidden, notFound, problemsOf, recordPath, render, residentOf, RESIDENT_PAGE } from './common.js';
import { controlsFor, FIRST_INPUT } from './controls.js';
import { sourceText, ukDate, valueLines } from './display.js';
import { inputsOf, readValue, type FieldError, type Inputs } from './values.js';

/**
 * `/my-record`: the resident's own record, every category with what they hold in it, where each
 * value came from and when; a form per category to change it, and each category's history. The
 * record is theirs: they read and change it directly, not through the access gateway (which is
 * for everyone else). Every change is written with its outbox event (record.ts).
 */

/** Who the resident is, as the source of what they write. */
export const sourceOf = (request: FastifyRequest) => {
  const p = request.principal;
  return { kind: 'resident' as const, name: p?.kind === 'person' ? (p.displayName ?? p.email) : 'Resident' };
};

/** Where a category is changed: the household has a page of its own (people are added one by one). */
export const changePath = (request: FastifyRequest, category: Category) =>
  category.kind === 'household' ? recordPath(request, '/household') : recordPath(request, `/change/${category.code}`);

export function registerRecordSummary(app: FastifyInstance, ctx: PlatformContext): void {
  const ring = () => keyRingOf(ctx.db);

  app.get('/my-record', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const { t, locale } = request;
    const categories = await categoriesOf(ctx.db, request.council.id);
    const items = await readItems(ctx.db, ring(), request.council.id, resident, categories.map((c) => c.code));
    const query = request.query as Record<string, unknown>;
    const saved = typeof query.saved === 'string' ? categories.find((c) => c.code === query.saved) : undefined;
    const rows = categories
      .map((category) => {
        const held = items.filter((i) => i.category === category.code);
        // A retired category is shown only while the resident holds something in it.
        if (category.retired && !held.length) return undefined;
        const latest = held.reduce<RecordItem | undefined>((a, b) => (!a || b.recordedAt > a.recordedAt ? b : a), undefined);
        return {
          name: categoryName(category, locale),
          sensitive: category.sensitivity === 'sensitive',
          retired: category.retired,
          values: held.map((i) => valueLines(t, category.kind, i.value, locale)),
          source: latest ? t('vault.record.summary.source', { source: sourceText(t, latest.source), date: ukDate(latest.recordedAt, locale) }) : '',
          changeHref: category.retired ? undefined : changePath(request, category),
          historyHref: recordPath(request, `/history/${category.code}`),
        };
      })
      .filter((row) => row !== undefined);
    return render(ctx, request, reply, 'vault-record.njk', {
      title: t('vault.record.summary.title'),
      banner: saved ? t('vault.record.summary.saved', { category: categoryName(saved, locale) }) : undefined,
      rows,
      downloadHref: recordPath(request, '/download'),
      // The resident's other vault pages, where this server has them.
      sharingHref: app.declaredAccess('/my-record/sharing') ? recordPath(request, '/sharing') : undefined,
      accessHref: app.declaredAccess('/my-record/access') ? recordPath(request, '/access') : undefined,
      advocatesHref: app.declaredAccess('/my-record/advocates') ? recordPath(request, '/advocates') : undefined,
      actingHref: app.declaredAccess('/acting-for') ? `${request.basePath}/acting-for` : undefined,
      toldHref: app.declaredAccess('/my-record/told') ? recordPath(request, '/told') : undefined,
      overviewHref: app.declaredAccess('/my-hearth') ? `${request.basePath}/my-hearth` : undefined,
    });
  });

  app.get('/my-record/history/:code', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const { t, locale } = request;
    const category = await categoryIn(ctx.db, request.council.id, (request.params as { code: string }).code);
    if (!category) return notFound(request, reply);
    const history = await itemHistory(ctx.db, ring(), request.council.id, resident, [category.code]);
    const name = categoryName(category, locale);
    return render(ctx, request, reply, 'vault-record-history.njk', {
      title: t('vault.record.history.title', { category: name }),
      category: name,
      backHref: recordPath(request),
      entries: history.map((i) => ({
        lines: valueLines(t, category.kind, i.value, locale),
        current: i.supersededAt === null,
        source: sourceText(t, i.source),
        recorded: ukDate(i.recordedAt, locale),
        replaced: i.supersededAt ? ukDate(i.supersededAt, locale) : '',
      })),
    });
  });

  /** The category in the address, if the resident may give values in it here (not retired, not the household). */
  async function editable(request: FastifyRequest): Promise<Category | undefined> {
    const category = await categoryIn(ctx.db, request.council.id, (request.params as { code: string }).code);
    return category && !category.retired && category.kind !== 'household' ? category : undefined;
  }

  function form(request: FastifyRequest, reply: FastifyReply, category: Category, inputs: Inputs, errors: FieldError[]) {
    const { t, locale } = request;
    const problems = problemsOf(t, errors, { ...FIRST_INPUT, channel: 'channel', held: 'held' });
    const name = categoryName(category, locale);
    return render(ctx, request, reply, 'vault-record-form.njk', {
      title: name,
      heading: name,
      intro: t(`vault.record.intro.${category.kind}`, { category: name }),
      sensitive: category.sensitivity === 'sensitive',
      controls: controlsFor(t, category.kind, inputs, problems.byField, name),
      errors: problems.list,
      formAction: recordPath(request, `/change/${category.code}`),
      backHref: recordPath(request),
      submitText: t('vault.record.save'),
    }, errors.length ? 400 : 200);
  }

  app.get('/my-record/change/:code', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const category = await editable(request);
    if (!category) return notFound(request, reply);
    const [current] = await readItems(ctx.db, ring(), request.council.id, resident, [category.code]);
    return form(request, reply, category, current ? inputsOf(category.kind, current.value) : {}, []);
  });

  app.post('/my-record/change/:code', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const category = await editable(request);
    if (!category || category.kind === 'household') return notFound(request, reply);
    const read = readValue(category.kind, bodyOf(request));
    if (read.errors.length) return form(request, reply, category, read.inputs, read.errors);
    const current = await readItems(ctx.db, ring(), request.council.id, resident, [category.code]);
    // Contact details left empty are removed; a form sent again unchanged (a double click, a retry) writes nothing.
    const values = category.kind === 'contact' && Object.keys(read.value as object).length === 0 ? [] : [read.value];
    const unchanged = JSON.stringify(current.map((i) => i.value)) === JSON.stringify(values);
    if (!unchanged) await writeItems(ctx.db, ring(), request.council.id, resident, category.code, values, sourceOf(request));
    return reply.redirect(recordPath(request, `?saved=${category.code}`), 303);
  });
}

