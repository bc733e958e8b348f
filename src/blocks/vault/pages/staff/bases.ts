import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { claimSubmission, newFormId, ONCE_FIELD, releaseSubmission, rememberAnswer } from '../../../../platform/http/form-once.js';
import { BasisRefused, checkBasis, decideBasis, endTeamBasis, MAX_LEGAL_BASIS, openBases, recordBasis, type BasisField } from '../../bases.js';
import { categoriesOf, categoryName } from '../../categories.js';
import { auditOf, bodyOf, dateFields, endOfLondonDay, idParam, many, readDateInput, render, shortRef, staffActor, str, teamPage, TEAM_PREFIX, teamOf, teamPath, ukDate, ukDay, UUID } from './common.js';
import { residentChosen } from './resident-field.js';

/**
 * A team's statutory bases: an officer records one (the law it rests on, the categories, the
 * purpose, until when, and a date until which the law lets it be kept from the resident); one
 * for a sensitive category waits on `/admin/vault/team/<team>/bases` for a second officer of
 * the team to approve or decline it (the recorder cannot); the team ends one it no longer needs.
 */

const FIELDS = ['email', 'categories', 'legal_basis', 'purpose', 'until', 'disclose_after'] as const;
type Field = (typeof FIELDS)[number];
type Problems = Partial<Record<Field, string>>;

export function registerStaffBases(app: FastifyInstance, ctx: PlatformContext): void {
  async function renderForm(request: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>, problems: Problems, status = 200) {
    const { t } = request;
    const categories = (await categoriesOf(ctx.db, request.council.id)).filter((c) => !c.retired);
    const fieldErrors = Object.fromEntries(Object.entries(problems).map(([field, code]) => [field, t(`vault.staff.error.${code}`, { max: MAX_LEGAL_BASIS })]));
    const anchor: Record<Field, string> = { email: 'email', categories: 'categories', legal_basis: 'legal_basis', purpose: 'purpose', until: 'until-day', disclose_after: 'disclose_after-day' };
    const resident = str(body.resident);
    return render(request, reply, 'vault-staff-basis.njk', {
      title: t('vault.staff.basis.title'),
      errors: FIELDS.filter((f) => fieldErrors[f]).map((f) => ({ text: fieldErrors[f], href: `#${anchor[f]}` })),
      fieldErrors,
      values: { email: str(body.email), categories: many(body.categories), legal_basis: str(body.legal_basis), purpose: str(body.purpose), until: dateFields(body, 'until'), disclose_after: dateFields(body, 'disclose_after') },
      resident: UUID.test(resident) ? resident : undefined,
      categoryItems: categories.map((c) => ({
        value: c.code,
        text: categoryName(c, request.locale),
        hint: c.sensitivity === 'sensitive' ? { text: t('vault.staff.basis.sensitive_hint') } : undefined,
      })),
      maxLegalBasis: MAX_LEGAL_BASIS,
      formAction: teamPath(request, '/bases/new'),
      backHref: teamPath(request, '/bases'),
      onceField: ONCE_FIELD,
      formId: newFormId(),
    }, status);
  }

  app.get(`${TEAM_PREFIX}/bases/new`, teamPage(ctx), async (request, reply) => renderForm(request, reply, { resident: str((request.query as Record<string, unknown>).resident) }, {}));

  app.post(`${TEAM_PREFIX}/bases/new`, teamPage(ctx), async (request, reply) => {
    const body = bodyOf(request);
    const claim = await claimSubmission(ctx.db, request, body);
    if (!claim.first) return reply.redirect(claim.answer ?? teamPath(request, '/bases'), 303);
    const problems: Problems = {};
    const chosen = await residentChosen(ctx, request, body);
    if ('problem' in chosen) problems.email = chosen.problem;
    const until = readDateInput(body, 'until');
    if ('empty' in until) problems.until = 'until_missing';
    else if ('problem' in until) problems.until = `until_${until.problem}`;
    const disclose = readDateInput(body, 'disclose_after');
    if ('problem' in disclose) problems.disclose_after = `disclose_${disclose.problem}`;
    const input = {
      councilId: request.council.id,
      residentId: 'residentId' in chosen ? chosen.residentId : '',
      team: teamOf(request),
      categories: [...new Set(many(body.categories))],
      legalBasis: str(body.legal_basis),
      purpose: str(body.purpose),
      expiresAt: 'date' in until ? endOfLondonDay(until.date) : new Date(Number.NaN),
      discloseAfter: 'date' in disclose ? disclose.date : null,
    };
    // The domain's checks too, all at once, so every problem is named together; the dates only when they could be read.
    for (const [field, code] of Object.entries(await checkBasis(ctx.db, input)) as [BasisField, string][]) problems[field] ??= code;
    let recorded: { status: string } | undefined;
    if (!Object.keys(problems).length) {
      recorded = await recordBasis(ctx.db, auditOf(request), input).catch((error: unknown) => {
        if (!(error instanceof BasisRefused)) throw error;
        Object.assign(problems, error.problems);
        return undefined;
      });
    }
    if (!recorded) {
      if (claim.formId) await releaseSubmission(ctx.db, claim.formId);
      return renderForm(request, reply, body, problems, 400);
    }
    const answer = teamPath(request, `/bases?done=${recorded.status === 'active' ? 'recorded' : 'awaiting'}`);
    if (claim.formId) await rememberAnswer(ctx.db, claim.formId, answer);
    return reply.redirect(answer, 303);
  });

  app.get(`${TEAM_PREFIX}/bases`, teamPage(ctx), async (request, reply) => {
    const { t } = request;
    const me = staffActor(request).personId;
    const categories = await categoriesOf(ctx.db, request.council.id);
    const order = (code: string) => categories.findIndex((k) => k.code === code);
    const namesOf = (codes: string[]) => [...codes].sort((a, b) => order(a) - order(b)).map((code) => {
      const c = categories.find((k) => k.code === code);
      return c ? categoryName(c, request.locale) : code;
    }).join(', ');
    const bases = await openBases(ctx.db, request.council.id, teamOf(request));
    const row = (b: (typeof bases)[number]) => ({
      resident: t('vault.staff.resident_ref', { ref: shortRef(b.residentId) }),
      categories: namesOf(b.categories),
      legalBasis: b.legalBasis,
      purpose: b.purpose,
      until: ukDate(request, b.expiresAt),
      discloseAfter: b.discloseAfter ? ukDay(request, b.discloseAfter) : undefined,
      recorded: ukDate(request, b.recordedAt),
      own: b.recordedBy === me,
      approveAction: teamPath(request, `/bases/${b.id}/approve`),
      declineAction: teamPath(request, `/bases/${b.id}/decline`),
      endAction: teamPath(request, `/bases/${b.id}/end`),
    });
    const done = String((request.query as Record<string, unknown>).done ?? '');
    return render(request, reply, 'vault-staff-bases.njk', {
      title: t('vault.staff.bases.title', { team: teamOf(request) }),
      done: ['recorded', 'awaiting', 'approved', 'declined', 'ended'].includes(done) ? t(`vault.staff.done.${done}`) : undefined,
      awaiting: bases.filter((b) => b.status === 'awaiting_approval').map(row),
      active: bases.filter((b) => b.status === 'active').map(row),
      newHref: teamPath(request, '/bases/new'),
      listHref: teamPath(request),
    });
  });

  for (const [action, approve] of [['approve', true], ['decline', false]] as const) {
    app.post(`${TEAM_PREFIX}/bases/:basis/${action}`, teamPage(ctx), async (request, reply) => {
      const decision = await decideBasis(ctx.db, request.council.id, teamOf(request), idParam(request, 'basis'), auditOf(request), approve);
      if (decision === 'own') {
        reply.header('cache-control', 'no-store');
        return reply.code(403).page('error.njk', { title: request.t('vault.staff.own.title'), body: request.t('vault.staff.own.body') });
      }
      // Already decided (a second click, or another officer first): the list shows how it stands.
      return reply.redirect(teamPath(request, decision === 'done' ? `/bases?done=${approve ? 'approved' : 'declined'}` : '/bases'), 303);
    });
  }

  app.post(`${TEAM_PREFIX}/bases/:basis/end`, teamPage(ctx), async (request, reply) => {
    const ended = await endTeamBasis(ctx.db, request.council.id, teamOf(request), idParam(request, 'basis'), auditOf(request));
    return reply.redirect(teamPath(request, ended ? '/bases?done=ended' : '/bases'), 303);
  });
}
