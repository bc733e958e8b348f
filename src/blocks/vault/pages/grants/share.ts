import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { claimSubmission, newFormId, ONCE_FIELD, releaseSubmission, rememberAnswer } from '../../../../platform/http/form-once.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { createGrant, GrantRefused, LAWFUL_BASES } from '../../grants.js';
import { bodyOf, categoriesFor, granteesOf, residentOf, RESIDENT, ukDateText, type Grantee } from './common.js';
import { londonMidnight } from './dates.js';
import { checkShare, SHARE_FIELDS, shareFields, shareValuesOf, type ShareProblems, type ShareValues } from './share-form.js';

/**
 * "Share your information": the form (who, which categories, read or read and update, purpose,
 * lawful basis, until when), "Check your answers", then the grant. Nothing is kept between the
 * steps but the form's own fields; each step checks them all again.
 */
export function registerShare(app: FastifyInstance, ctx: PlatformContext, maxDays: number): void {
  const paths = (request: FastifyRequest) => {
    const list = `${request.basePath}/my-record/sharing`;
    return { list, form: `${list}/new`, confirm: `${list}/confirm`, grant: (id: string) => `${list}/${id}` };
  };

  async function contextOf(request: FastifyRequest) {
    const grantees = await granteesOf(ctx.db, request.council.id, request.locale);
    const categories = await categoriesFor(ctx.db, request.council.id, request.locale);
    return {
      grantees,
      categories: categories.live.map((c) => c.code),
      categoryItems: categories.live.map((c) => ({ value: c.code, text: c.name })),
      categoryName: categories.name,
      now: new Date(),
      maxDays,
      dateText: (date: string) => ukDateText(request, londonMidnight(date)),
    };
  }

  function renderForm(request: FastifyRequest, reply: FastifyReply, values: ShareValues, context: { grantees: Grantee[]; categoryItems: Array<{ value: string; text: string }> }, problems: ShareProblems) {
    const { grantees } = context;
    const { t } = request;
    const fieldErrors = Object.fromEntries(Object.entries(problems).map(([field, p]) => [field, t(`vault.sharing.error.${p.key}`, p.vars)]));
    // The summary links to each field's first input (GOV.UK: radios and checkboxes by their first item, a date by its day).
    const anchor: Record<string, string> = { grantee: 'grantee', categories: 'categories', access: 'access', purpose: 'purpose', lawful_basis: 'lawful_basis', until: 'until-day' };
    const errors = SHARE_FIELDS.filter((f) => fieldErrors[f]).map((f) => ({ text: fieldErrors[f], href: `#${anchor[f]}` }));
    const dateError = problems.until?.key;
    return reply.page('vault-sharing-form.njk', {
      title: t('vault.sharing.new.title'),
      errors,
      fieldErrors,
      values,
      // Which parts of the date to mark: all of them unless one part is missing.
      dateErrorParts: dateError?.startsWith('until_missing_') ? [dateError.slice('until_missing_'.length)] : dateError ? ['day', 'month', 'year'] : [],
      teamItems: grantees.filter((g) => g.kind === 'team').map((g) => ({ value: g.value, text: g.name, hint: g.description ? { text: g.description } : undefined })),
      partnerItems: grantees.filter((g) => g.kind === 'partner').map((g) => ({ value: g.value, text: g.name, hint: g.description ? { text: g.description } : undefined })),
      categoryItems: context.categoryItems,
      basisItems: LAWFUL_BASES.map((b) => ({ value: b, text: t(`vault.sharing.basis.${b}`), hint: { text: t(`vault.sharing.basis.${b}.hint`) } })),
      maxDays,
      listHref: paths(request).list,
      formAction: paths(request).form,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply),
    });
  }

  // The form: empty, or filled from a change link on "Check your answers".
  app.get('/my-record/sharing/new', RESIDENT, async (request, reply) => {
    residentOf(request);
    const context = await contextOf(request);
    const query = request.query as Record<string, unknown>;
    const values = shareValuesOf(query);
    return renderForm(request, reply, values, context, {});
  });

  // The form sent: its problems, or "Check your answers".
  app.post('/my-record/sharing/new', RESIDENT, async (request, reply) => {
    residentOf(request);
    const context = await contextOf(request);
    const values = shareValuesOf(bodyOf(request));
    const { problems, share } = checkShare(values, context);
    if (!share) return renderForm(request, reply.code(400), values, context, problems);
    const { t } = request;
    const change = (field: string, anchor: string) => `${paths(request).form}?${new URLSearchParams(shareFields(values)).toString()}#${anchor}`;
    const row = (key: string, text: string, field: string, anchor = field) => ({
      key: { text: t(`vault.sharing.check.${key}`) },
      value: { text },
      actions: { items: [{ href: change(field, anchor), text: t('vault.sharing.check.change'), visuallyHiddenText: t(`vault.sharing.check.${key}`).toLowerCase() }] },
    });
    return reply.page('vault-sharing-check.njk', {
      title: t('vault.sharing.check.title'),
      rows: [
        row('grantee', share.grantee.name, 'grantee'),
        row('categories', share.categories.map(context.categoryName).join(', '), 'categories'),
        row('access', t(`vault.sharing.access.${share.access}`), 'access'),
        row('purpose', share.purpose, 'purpose'),
        row('lawful_basis', t(`vault.sharing.basis.${share.lawfulBasis}`), 'lawful_basis'),
        row('until', ukDateText(request, londonMidnight(share.until)), 'until', 'until-day'),
      ],
      hidden: shareFields(values).map(([name, value]) => ({ name, value })),
      confirmAction: paths(request).confirm,
      onceField: ONCE_FIELD,
      formId: newFormId(),
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply),
    });
  });

  // Confirmed: the grant is given (once, however often the button is pressed).
  app.post('/my-record/sharing/confirm', RESIDENT, async (request, reply) => {
    const residentId = residentOf(request);
    const body = bodyOf(request);
    const claim = await claimSubmission(ctx.db, request, body);
    if (!claim.first) return reply.redirect(claim.answer ?? paths(request).list, 303);
    const context = await contextOf(request);
    const values = shareValuesOf(body);
    const { problems, share } = checkShare(values, context);
    if (!share) {
      await releaseSubmission(ctx.db, claim.formId);
      return renderForm(request, reply.code(400), values, context, problems);
    }
    const grant = await createGrant(ctx.db, {
      councilId: request.council.id,
      residentId,
      granteeKind: share.grantee.kind,
      grantee: share.grantee.id,
      categories: share.categories,
      access: share.access,
      purpose: share.purpose,
      lawfulBasis: share.lawfulBasis,
      expiresAt: share.expiresAt,
      now: context.now,
      maxDays,
      knownCategories: context.categories,
    }).catch(async (error: unknown) => {
      // The domain's own checks are the last word: what they refuse is named on the form too.
      if (!(error instanceof GrantRefused)) throw error;
      await releaseSubmission(ctx.db, claim.formId);
      const field = (name: string) => (name === 'expires_at' ? 'until' : name) as keyof ShareProblems;
      const refused: ShareProblems = Object.fromEntries(Object.keys(error.problems).map((name) => [field(name), { key: `${field(name)}_refused` }]));
      renderForm(request, reply.code(400), values, context, refused);
      return undefined;
    });
    if (!grant) return reply;
    const answer = `${paths(request).grant(grant.id)}?done=given`;
    await rememberAnswer(ctx.db, claim.formId, answer);
    return reply.redirect(answer, 303);
  });
}
