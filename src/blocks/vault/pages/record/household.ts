import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../../platform/http/form-once.js';
import { categoryIn, categoryName, type Category } from '../../categories.js';
import { changeItem, readItems, type RecordItem } from '../../record.js';
import { bodyOf, forbidden, notFound, problemsOf, recordPath, render, residentOf, RESIDENT_PAGE, UUID } from './common.js';
import { controlsFor, FIRST_INPUT } from './controls.js';
import { sourceText, ukDate, valueLines } from './display.js';
import { inputsOf, readMember, type FieldError, type Inputs } from './values.js';
import { sourceOf } from './record.js';

/**
 * The people the resident lives with: one item each, added, changed or removed one at a time
 * (so each person's history is their own). Adding carries a one-time form id: the same person
 * sent twice (a double click, a retry) is added once.
 */

const CODE = 'household';

export function registerHousehold(app: FastifyInstance, ctx: PlatformContext): void {
  const ring = () => keyRingOf(ctx.db);

  /** The household category, unless the council retired it. */
  async function household(request: FastifyRequest): Promise<Category | undefined> {
    const category = await categoryIn(ctx.db, request.council.id, CODE);
    return category && !category.retired && category.kind === 'household' ? category : undefined;
  }

  /** The member in the address, only if they are one of this resident's current household. */
  async function memberOf(request: FastifyRequest, resident: string): Promise<RecordItem | undefined> {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return undefined;
    return (await readItems(ctx.db, ring(), request.council.id, resident, [CODE])).find((i) => i.id === id.toLowerCase());
  }

  app.get('/my-record/household', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const category = await household(request);
    if (!category) return notFound(request, reply);
    const { t, locale } = request;
    const members = await readItems(ctx.db, ring(), request.council.id, resident, [CODE]);
    const query = request.query as Record<string, unknown>;
    const done = typeof query.done === 'string' && ['added', 'changed', 'removed'].includes(query.done) ? t(`vault.record.household.${query.done}`) : undefined;
    return render(ctx, request, reply, 'vault-record-household.njk', {
      title: categoryName(category, locale),
      banner: done,
      backHref: recordPath(request),
      addHref: recordPath(request, '/household/add'),
      historyHref: recordPath(request, `/history/${CODE}`),
      members: members.map((m) => {
        const [who, ...more] = valueLines(t, 'household', m.value, locale);
        return {
          who,
          more,
          source: t('vault.record.summary.source', { source: sourceText(t, m.source), date: ukDate(m.recordedAt, locale) }),
          changeHref: recordPath(request, `/household/${m.id}/change`),
          removeHref: recordPath(request, `/household/${m.id}/remove`),
        };
      }),
    });
  });

  function form(request: FastifyRequest, reply: FastifyReply, action: string, inputs: Inputs, errors: FieldError[], adding: boolean) {
    const { t } = request;
    const problems = problemsOf(t, errors, FIRST_INPUT);
    const heading = t(adding ? 'vault.record.household.add_title' : 'vault.record.household.change_title');
    return render(ctx, request, reply, 'vault-record-form.njk', {
      title: heading,
      heading,
      intro: t('vault.record.intro.household'),
      controls: controlsFor(t, 'household', inputs, problems.byField, ''),
      errors: problems.list,
      formAction: action,
      hidden: adding ? { [ONCE_FIELD]: newFormId() } : {},
      backHref: recordPath(request, '/household'),
      submitText: t(adding ? 'vault.record.household.add_submit' : 'vault.record.save'),
    }, errors.length ? 400 : 200);
  }

  app.get('/my-record/household/add', RESIDENT_PAGE, async (request, reply) => {
    if (!residentOf(request)) return forbidden(request, reply);
    if (!(await household(request))) return notFound(request, reply);
    return form(request, reply, recordPath(request, '/household/add'), {}, [], true);
  });

  app.post('/my-record/household/add', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    if (!(await household(request))) return notFound(request, reply);
    const body = bodyOf(request);
    const read = readMember(body, new Date());
    if (read.errors.length) return form(request, reply, recordPath(request, '/household/add'), read.inputs, read.errors, true);
    const done = recordPath(request, '/household?done=added');
    const added = await submitOnce(ctx.db, request, body, { fallback: done }, async () => {
      await changeItem(ctx.db, ring(), request.council.id, resident, CODE, { value: read.value }, sourceOf(request));
      return { answer: done };
    });
    return reply.redirect(added.answer, 303);
  });

  app.get('/my-record/household/:id/change', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const member = (await household(request)) && (await memberOf(request, resident));
    if (!member) return notFound(request, reply);
    return form(request, reply, recordPath(request, `/household/${member.id}/change`), inputsOf('household', member.value), [], false);
  });

  app.post('/my-record/household/:id/change', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const member = (await household(request)) && (await memberOf(request, resident));
    if (!member) return notFound(request, reply);
    const read = readMember(bodyOf(request), new Date());
    if (read.errors.length) return form(request, reply, recordPath(request, `/household/${member.id}/change`), read.inputs, read.errors, false);
    // Unchanged (or sent twice): nothing to write.
    if (JSON.stringify(member.value) !== JSON.stringify(read.value)) {
      await changeItem(ctx.db, ring(), request.council.id, resident, CODE, { replaces: member.id, value: read.value }, sourceOf(request));
    }
    return reply.redirect(recordPath(request, '/household?done=changed'), 303);
  });

  app.get('/my-record/household/:id/remove', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const member = (await household(request)) && (await memberOf(request, resident));
    if (!member) return notFound(request, reply);
    const { t, locale } = request;
    const [who] = valueLines(t, 'household', member.value, locale);
    return render(ctx, request, reply, 'vault-record-remove.njk', {
      title: t('vault.record.household.remove_title', { who }),
      formAction: recordPath(request, `/household/${member.id}/remove`),
      backHref: recordPath(request, '/household'),
    });
  });

  app.post('/my-record/household/:id/remove', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    if (!(await household(request))) return notFound(request, reply);
    const { id } = request.params as { id: string };
    // Removed already (sent twice) or never theirs: nothing is written, and they land on their list as it is.
    const removed = UUID.test(id) && (await changeItem(ctx.db, ring(), request.council.id, resident, CODE, { replaces: id.toLowerCase() }, sourceOf(request))) !== undefined;
    return reply.redirect(recordPath(request, removed ? '/household?done=removed' : '/household'), 303);
  });
}
