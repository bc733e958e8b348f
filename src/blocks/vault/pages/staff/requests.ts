import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Messages } from '../../../../platform/web/i18n.js';
import type { PlatformContext } from '../../../../platform/block.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { claimSubmission, newFormId, ONCE_FIELD, releaseSubmission, rememberAnswer } from '../../../../platform/http/form-once.js';
import { BUILTIN_CATEGORIES, categoriesOf, categoryName } from '../../categories.js';
import { createGrant, DEFAULT_MAX_GRANT_DAYS, GrantRefused, LAWFUL_BASES } from '../../grants.js';
import { bodyOf, dateFields, endOfLondonDay, londonDate, many, readDateInput, render, str, teamPage, TEAM_PREFIX, teamOf, teamPath, UUID } from './common.js';
import { residentChosen } from './resident-field.js';

/**
 * "Ask a resident for access": the team names the resident (by the address they sign in with,
 * or the one whose page it came from), the categories, read or read and update, the purpose,
 * the lawful basis and until when. It becomes a grant in 'requested' (grants.ts), which gives
 * nothing until the resident accepts it on their own pages.
 */

// The vault's messages in both languages, for an email that carries both.
let catalogue: Messages | undefined;
const mailMessages = () => (catalogue ??= new Messages().addFolder(fileURLToPath(new URL('../../locales', import.meta.url))));

const FIELDS = ['email', 'categories', 'access', 'purpose', 'lawful_basis', 'until'] as const;
type Field = (typeof FIELDS)[number];
type Problems = Partial<Record<Field, string>>;

export function registerStaffRequests(app: FastifyInstance, ctx: PlatformContext): void {
  /**
   * Tell the resident a team asked (in English and Welsh: their language is not known here),
   * with a link to their sharing pages, where they accept or refuse it. The request stands if
   * the message cannot be sent: it is on their pages either way.
   */
  async function tellResident(request: FastifyRequest, email: string) {
    const link = `${councilBaseUrl(ctx.config, request)}/my-record/sharing`;
    const words = (locale: 'en' | 'cy') => {
      const t = (key: string) => mailMessages().translator(locale)(key, { team: teamOf(request), council: request.council.name, link });
      return { subject: t('vault.staff.request.mail_subject'), body: t('vault.staff.request.mail_body') };
    };
    const [en, cy] = [words('en'), words('cy')];
    try {
      await ctx.notifications.send({ councilId: request.council.id, template: 'message', to: { email }, personalisation: { subject: `${en.subject} / ${cy.subject}`, body: `${en.body}\n\n---\n\n${cy.body}` } });
    } catch (error) {
      ctx.log.warn({ err: error, team: teamOf(request) }, 'a team’s request for access was made, but the resident could not be told by email');
    }
  }

  // Grants may name the built-in categories (grants.ts checks them so).
  const codes = () => BUILTIN_CATEGORIES.map((c) => c.code);

  async function renderForm(request: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>, problems: Problems, status = 200) {
    const { t } = request;
    const categories = (await categoriesOf(ctx.db, request.council.id)).filter((c) => codes().includes(c.code) && !c.retired);
    const fieldErrors = Object.fromEntries(Object.entries(problems).map(([field, code]) => [field, t(`vault.staff.error.${code}`, { days: DEFAULT_MAX_GRANT_DAYS })]));
    const anchor: Record<Field, string> = { email: 'email', categories: 'categories', access: 'access', purpose: 'purpose', lawful_basis: 'lawful_basis', until: 'until-day' };
    const resident = str(body.resident);
    return render(request, reply, 'vault-staff-request.njk', {
      title: t('vault.staff.request.title'),
      errors: FIELDS.filter((f) => fieldErrors[f]).map((f) => ({ text: fieldErrors[f], href: `#${anchor[f]}` })),
      fieldErrors,
      values: { email: str(body.email), categories: many(body.categories), access: str(body.access), purpose: str(body.purpose), lawful_basis: str(body.lawful_basis), until: dateFields(body, 'until') },
      resident: UUID.test(resident) ? resident : undefined,
      categoryItems: categories.map((c) => ({ value: c.code, text: categoryName(c, request.locale) })),
      basisItems: LAWFUL_BASES.map((b) => ({ value: b, text: t(`vault.staff.basis.${b}`) })),
      maxDays: DEFAULT_MAX_GRANT_DAYS,
      formAction: teamPath(request, '/request'),
      backHref: teamPath(request),
      onceField: ONCE_FIELD,
      formId: newFormId(),
    }, status);
  }

  app.get(`${TEAM_PREFIX}/request`, teamPage(ctx), async (request, reply) => {
    const resident = str((request.query as Record<string, unknown>).resident);
    return renderForm(request, reply, { resident }, {});
  });

  app.post(`${TEAM_PREFIX}/request`, teamPage(ctx), async (request, reply) => {
    const body = bodyOf(request);
    const claim = await claimSubmission(ctx.db, request, body);
    if (!claim.first) return reply.redirect(claim.answer ?? teamPath(request), 303);
    const problems: Problems = {};
    const chosen = await residentChosen(ctx, request, body);
    if ('problem' in chosen) problems.email = chosen.problem;
    const categories = [...new Set(many(body.categories))];
    if (!categories.length) problems.categories = 'categories_missing';
    else if (categories.some((c) => !codes().includes(c))) problems.categories = 'categories_unknown';
    const access = str(body.access);
    if (access !== 'read' && access !== 'read_update') problems.access = 'access_missing';
    const purpose = str(body.purpose).trim();
    if (!purpose) problems.purpose = 'purpose_missing';
    else if (purpose.length > 500) problems.purpose = 'purpose_long';
    const lawfulBasis = str(body.lawful_basis);
    if (!(LAWFUL_BASES as readonly string[]).includes(lawfulBasis)) problems.lawful_basis = 'lawful_basis_missing';
    const until = readDateInput(body, 'until');
    const now = new Date();
    if ('empty' in until) problems.until = 'until_missing';
    else if ('problem' in until) problems.until = `until_${until.problem}`;
    else if (until.date < londonDate(now)) problems.until = 'until_past';
    if (Object.keys(problems).length || 'problem' in chosen || !('date' in until)) {
      if (claim.formId) await releaseSubmission(ctx.db, claim.formId);
      return renderForm(request, reply, body, problems, 400);
    }
    try {
      await createGrant(ctx.db, {
        councilId: request.council.id,
        residentId: chosen.residentId,
        granteeKind: 'team',
        grantee: teamOf(request),
        categories,
        access: access as 'read' | 'read_update',
        purpose,
        lawfulBasis,
        expiresAt: endOfLondonDay(until.date),
        requested: true,
        now,
      });
    } catch (error) {
      if (!(error instanceof GrantRefused)) throw error;
      if (claim.formId) await releaseSubmission(ctx.db, claim.formId);
      // The domain's own checks are the last word (the date too far ahead, say).
      const refused: Problems = {};
      for (const field of Object.keys(error.problems)) {
        if (field === 'expires_at') refused.until = 'until_far';
        else if (field === 'categories') refused.categories = 'categories_unknown';
        else if (field === 'purpose') refused.purpose = 'purpose_long';
        else if (field === 'access') refused.access = 'access_missing';
        else if (field === 'lawful_basis') refused.lawful_basis = 'lawful_basis_missing';
      }
      // (Never the grantee: the team in the address is a role's scope, which fits a grant's.)
      return renderForm(request, reply, body, refused, 400);
    }
    if ('email' in chosen) await tellResident(request, chosen.email);
    const answer = teamPath(request, '?done=requested');
    if (claim.formId) await rememberAnswer(ctx.db, claim.formId, answer);
    return reply.redirect(answer, 303);
  });
}
