import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../../platform/http/form-once.js';
import { EMAIL, MAX_EMAIL, personByEmail } from '../../../identity/index.js';
import { checkAppointment, checkLegal, decideLegal, endLegal, recordLegal, type AppointmentProblems } from '../../advocates/appointments.js';
import { NotificationFailed } from '../../../../platform/notifications/notifications.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { legalAppointmentOfTeam, legalAppointmentsOfTeam } from '../../sql/advocates.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { auditOf, STAFF_PAGE, TEAM_PREFIX, teamOf, teamPath } from '../staff/common.js';
import { teamsOfPerson } from '../staff/residents.js';
import { bodyOf, formValuesOf, formView, idParam, inputOf, lastDay, personOf, render, scopeOfRow, scopeText, ukDate, type FormValues } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * `/admin/vault/advocates`: an appointment the resident cannot make themselves (a lasting power
 * of attorney, a deputyship), recorded by an officer of a team with its evidence reference. It
 * gives nothing until a second officer of the team approves it (never the one who recorded it;
 * the table refuses that too); the team ends one when the power ends.
 */
/** A team's page: for a person who may read the vault for the team in the address (a request handler of it). */
const TEAM_PAGE = { config: { html: true, access: { action: 'vault.read', scope: (request: FastifyRequest) => ({ team: (request.params as { team: string }).team }) } as RouteAccess } };

export function registerLegalPages(app: FastifyInstance, ctx: PlatformContext, maxDays: number): void {
  app.get('/admin/vault/advocates', STAFF_PAGE, async (request, reply) => {
    const teams = teamsOfPerson(request);
    reply.header('cache-control', 'no-store');
    if (!teams.length) return reply.code(403).page('error.njk', { title: request.t('vault.staff.no_team.title'), body: request.t('vault.staff.no_team.body') });
    const hrefOf = (team: string) => `${request.basePath}/admin/vault/team/${encodeURIComponent(team)}/advocates`;
    if (teams.length === 1) return reply.redirect(hrefOf(teams[0]), 303);
    return reply.page('vault-staff-teams.njk', {
      title: request.t('vault.advocates.legal.choose'),
      teams: teams.map((team) => ({ text: team, href: hrefOf(team) })),
      adminHref: `${request.basePath}/admin`,
    });
  });

  app.get(`${TEAM_PREFIX}/advocates`, TEAM_PAGE, async (request, reply) => {
    const { t } = request;
    const officer = personOf(request).personId;
    const appointments = await inCouncil(ctx.db, request.council.id, (tx) => legalAppointmentsOfTeam(tx, request.council.id, teamOf(request), new Date()));
    const cards = [];
    for (const a of appointments) {
      const scope = await scopeText(ctx, request, scopeOfRow(a));
      const waiting = a.status === 'awaiting_approval';
      cards.push({
        title: t('vault.advocates.legal.card', { advocate: a.advocate_name, resident: a.resident_name }),
        tag: { text: t(`vault.advocates.status.${a.status}`), classes: waiting ? 'govuk-tag--blue' : 'govuk-tag--green' },
        rows: [
          { key: { text: t('vault.advocates.row.evidence') }, value: { text: a.evidence_ref ?? '' } },
          { key: { text: t('vault.advocates.row.relationship') }, value: { text: a.relationship } },
          { key: { text: t('vault.advocates.row.email') }, value: { text: a.advocate_email } },
          { key: { text: t('vault.advocates.row.categories') }, value: { text: scope.categories } },
          { key: { text: t('vault.advocates.row.access') }, value: { text: scope.access } },
          { key: { text: t('vault.advocates.row.grants') }, value: { text: scope.grants } },
          { key: { text: t('vault.advocates.row.recorded') }, value: { text: ukDate(request, a.created_at) } },
          { key: { text: t('vault.advocates.row.until') }, value: { text: lastDay(request, a.ends_at) } },
        ],
        own: waiting && a.recorded_by === officer,
        approveAction: waiting && a.recorded_by !== officer ? teamPath(request, `/advocates/${a.id}/approve`) : undefined,
        declineAction: waiting && a.recorded_by !== officer ? teamPath(request, `/advocates/${a.id}/decline`) : undefined,
        endAction: teamPath(request, `/advocates/${a.id}/end`),
      });
    }
    const done = String((request.query as Record<string, unknown>).done ?? '');
    return render(ctx, request, reply, 'vault-advocates-legal-list.njk', {
      title: t('vault.advocates.legal.title', { team: teamOf(request) }),
      team: teamOf(request),
      done: ['recorded', 'approved', 'declined', 'ended', 'own', 'gone'].includes(done) ? t(`vault.advocates.legal.done.${done}`) : undefined,
      cards,
      newHref: teamPath(request, '/advocates/new'),
      residentsHref: teamPath(request),
    });
  });

  async function form(request: FastifyRequest, reply: FastifyReply, values: FormValues, problems: AppointmentProblems & { resident_email?: string }, status = 200) {
    const view = await formView(ctx, request, values, problems, maxDays);
    return render(ctx, request, reply, 'vault-advocates-form.njk', {
      ...view,
      title: request.t('vault.advocates.legal.new_title'),
      heading: request.t('vault.advocates.legal.new_title'),
      intro: request.t('vault.advocates.legal.new_intro'),
      caption: teamOf(request),
      legal: true,
      formAction: teamPath(request, '/advocates/new'),
      backHref: teamPath(request, '/advocates'),
      onceField: ONCE_FIELD,
      formId: newFormId(),
    }, status);
  }

  app.get(`${TEAM_PREFIX}/advocates/new`, TEAM_PAGE, async (request, reply) => form(request, reply, formValuesOf({}), {}));

  app.post(`${TEAM_PREFIX}/advocates/new`, TEAM_PAGE, async (request, reply) => {
    const body = bodyOf(request);
    const values = formValuesOf(body);
    type Problems = AppointmentProblems & { resident_email?: string };
    const done = await submitOnce<Problems>(ctx.db, request, body, { fallback: teamPath(request, '/advocates') }, async () => {
      // The resident, by the address they sign in with.
      const typed = values.resident_email.trim();
      const resident = typed && typed.length <= MAX_EMAIL && EMAIL.test(typed) ? await personByEmail(ctx.db, typed) : undefined;
      const problems: Problems = {};
      if (!typed) problems.resident_email = 'missing';
      else if (typed.length > MAX_EMAIL || !EMAIL.test(typed)) problems.resident_email = 'invalid';
      else if (!resident || resident.disabled_at) problems.resident_email = 'unknown';
      const checked = await checkAppointment(ctx.db, request.council.id, inputOf(values), { maxDays, ownEmail: resident?.email });
      Object.assign(problems, checkLegal({ residentId: resident?.id ?? '', residentName: values.resident_name, evidenceRef: values.evidence_ref }), checked.problems);
      if (!checked.value || !resident || Object.keys(problems).length) return { failed: problems };
      await recordLegal(ctx.db, request.council.id, teamOf(request), auditOf(request), { residentId: resident.id, residentName: values.resident_name, evidenceRef: values.evidence_ref }, checked.value);
      return { answer: teamPath(request, '/advocates?done=recorded') };
    });
    if ('failed' in done) return form(request, reply, values, done.failed, 400);
    return reply.redirect(done.answer, 303);
  });

  for (const step of ['approve', 'decline'] as const) {
    app.post(`${TEAM_PREFIX}/advocates/:id/${step}`, TEAM_PAGE, async (request, reply) => {
      const decision = await decideLegal(ctx.db, request.council.id, teamOf(request), idParam(request), auditOf(request), step === 'approve');
      const done = decision === 'done' ? (step === 'approve' ? 'approved' : 'declined') : decision === 'own' ? 'own' : 'gone';
      if (decision === 'done' && step === 'approve') await tellAttorney(request, idParam(request));
      if (decision === 'own') {
        // The second officer must be someone else: a clear refusal, and nothing changes.
        return render(ctx, request, reply, 'error.njk', { title: request.t('vault.advocates.legal.own_title'), body: request.t('vault.advocates.legal.done.own') }, 403);
      }
      return reply.redirect(teamPath(request, `/advocates?done=${done}`), 303);
    });
  }

  /**
   * The attorney or deputy is told they can now act, and where (they sign in with the address
   * recorded). Not sent is not fatal: the appointment stands, and the team can tell them.
   */
  async function tellAttorney(request: FastifyRequest, id: string): Promise<void> {
    const a = await inCouncil(ctx.db, request.council.id, (tx) => legalAppointmentOfTeam(tx, request.council.id, teamOf(request), id));
    if (!a) return;
    const { t } = request;
    const vars = { advocate: a.advocate_name, resident: a.resident_name, council: request.council.name, until: lastDay(request, a.ends_at), link: `${councilBaseUrl(ctx.config, request)}/acting-for` };
    try {
      await ctx.notifications.send({
        councilId: request.council.id,
        template: 'message',
        to: { email: a.advocate_email },
        personalisation: { subject: t('vault.advocates.email.approved_subject', vars), body: t('vault.advocates.email.approved_body', vars) },
        reference: 'advocate-approved',
      });
    } catch (error) {
      if (!(error instanceof NotificationFailed)) throw error;
      request.log.warn({ appointment: id }, 'the attorney could not be told of their approval');
    }
  }

  app.post(`${TEAM_PREFIX}/advocates/:id/end`, TEAM_PAGE, async (request, reply) => {
    const ended = await endLegal(ctx.db, request.council.id, teamOf(request), idParam(request), auditOf(request));
    return reply.redirect(teamPath(request, `/advocates?done=${ended ? 'ended' : 'gone'}`), 303);
  });
}
