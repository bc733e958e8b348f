import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../../platform/http/form-once.js';
import { notFound } from '../../../../platform/http/problem.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { NotificationFailed } from '../../../../platform/notifications/notifications.js';
import { checkAppointment, createInvitation, endByResident, type CheckedAppointment } from '../../advocates/appointments.js';
import { readItems } from '../../record.js';
import { appointmentOfResident, appointmentsOfResident, type AppointmentRow } from '../../sql/advocates.js';
import { inCouncil } from '../../sql/scope.js';
import {
  bodyOf,
  dayText,
  formPairs,
  formValuesOf,
  formView,
  idParam,
  inputOf,
  lastDay,
  PERSON_PAGE,
  personOf,
  render,
  scopeOfChecked,
  scopeOfRow,
  scopeText,
  standingOf,
  TAG_CLASS,
  ukDate,
  type FormValues,
} from './common.js';

/**
 * `/my-record/advocates`: the resident's advocates. They invite someone they trust by email,
 * with a scope (categories, read or change, their grants) and an end date: the form, "Check
 * your answers", then the invitation, emailed with a single-use link. They see each
 * appointment and end it (at once, for an invitation not yet answered too).
 */
export function registerAppointPages(app: FastifyInstance, ctx: PlatformContext, maxDays: number): void {
  const paths = (request: FastifyRequest) => {
    const list = `${request.basePath}/my-record/advocates`;
    return { list, form: `${list}/new`, confirm: `${list}/confirm`, one: (id: string) => `${list}/${id}` };
  };

  /** How the resident is named to their advocate: the name in their record, else their account's, else their address. */
  async function residentName(request: FastifyRequest): Promise<string> {
    const person = personOf(request);
    const [name] = await readItems(ctx.db, keyRingOf(ctx.db), request.council.id, person.personId, ['name']);
    const fullName = (name?.value as { fullName?: unknown } | undefined)?.fullName;
    return typeof fullName === 'string' && fullName ? fullName : (person.displayName ?? person.email);
  }

  const check = (request: FastifyRequest, values: FormValues) =>
    checkAppointment(ctx.db, request.council.id, inputOf(values), { maxDays, ownEmail: personOf(request).email });

  async function form(request: FastifyRequest, reply: FastifyReply, values: FormValues, problems: Awaited<ReturnType<typeof check>>['problems'], status = 200) {
    const view = await formView(ctx, request, values, problems, maxDays);
    return render(ctx, request, reply, 'vault-advocates-form.njk', {
      ...view,
      title: request.t('vault.advocates.new.title'),
      heading: request.t('vault.advocates.new.title'),
      intro: request.t('vault.advocates.new.intro'),
      legal: false,
      formAction: paths(request).form,
      backHref: paths(request).list,
    }, status);
  }

  app.get('/my-record/advocates', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const resident = personOf(request);
    const now = new Date();
    const appointments = await inCouncil(ctx.db, request.council.id, (tx) => appointmentsOfResident(tx, request.council.id, resident.personId));
    const cards = [];
    for (const a of appointments) {
      const standing = standingOf(a, now);
      const scope = await scopeText(ctx, request, scopeOfRow(a));
      cards.push({
        title: a.advocate_name,
        tag: { text: t(`vault.advocates.status.${standing}`), classes: TAG_CLASS[standing] },
        rows: [
          { key: { text: t('vault.advocates.row.email') }, value: { text: a.advocate_email } },
          { key: { text: t('vault.advocates.row.relationship') }, value: { text: a.relationship } },
          { key: { text: t('vault.advocates.row.kind') }, value: { text: t(`vault.advocates.kind.${a.kind}`) } },
          { key: { text: t('vault.advocates.row.categories') }, value: { text: scope.categories } },
          { key: { text: t('vault.advocates.row.access') }, value: { text: scope.access } },
          { key: { text: t('vault.advocates.row.grants') }, value: { text: scope.grants } },
          { key: { text: t('vault.advocates.row.from') }, value: { text: ukDate(request, a.starts_at) } },
          { key: { text: t('vault.advocates.row.until') }, value: { text: a.ended_at ? ukDate(request, a.ended_at) : lastDay(request, a.ends_at) } },
        ],
        endHref: ['invited', 'active', 'awaiting_approval'].includes(standing) ? `${paths(request).one(a.id)}/end` : undefined,
        endText: t(standing === 'invited' ? 'vault.advocates.withdraw_invitation' : 'vault.advocates.end'),
      });
    }
    const done = String((request.query as Record<string, unknown>).done ?? '');
    return render(ctx, request, reply, 'vault-advocates-list.njk', {
      title: t('vault.advocates.title'),
      done: ['invited', 'ended', 'not_sent'].includes(done) ? t(`vault.advocates.done.${done}`) : undefined,
      doneIsError: done === 'not_sent',
      cards,
      newHref: paths(request).form,
      accessHref: `${request.basePath}/my-record/access`,
      recordHref: `${request.basePath}/my-record`,
    });
  });

  // The form: empty, or filled from a change link on "Check your answers".
  app.get('/my-record/advocates/new', PERSON_PAGE, async (request, reply) => form(request, reply, formValuesOf(request.query as Record<string, unknown>), {}));

  app.post('/my-record/advocates/new', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const values = formValuesOf(bodyOf(request));
    const { problems, value } = await check(request, values);
    if (!value) return form(request, reply, values, problems, 400);
    const scope = await scopeText(ctx, request, scopeOfChecked(value));
    const change = (anchor: string) => `${paths(request).form}?${new URLSearchParams(formPairs(values)).toString()}#${anchor}`;
    const row = (key: string, text: string, anchor: string) => ({
      key: { text: t(`vault.advocates.row.${key}`) },
      value: { text },
      actions: { items: [{ href: change(anchor), text: t('vault.advocates.check.change'), visuallyHiddenText: t(`vault.advocates.row.${key}`).toLowerCase() }] },
    });
    return render(ctx, request, reply, 'vault-advocates-check.njk', {
      title: t('vault.advocates.check.title'),
      rows: [
        row('name', value.advocateName, 'advocate_name'),
        row('email', value.advocateEmail, 'email'),
        row('relationship', value.relationship, 'relationship'),
        row('categories', scope.categories, 'categories'),
        row('access', scope.access, 'access'),
        row('grants', scope.grants, 'manage_grants'),
        row('until', dayText(request, value.until), 'until-day'),
      ],
      hidden: formPairs(values).map(([name, value]) => ({ name, value })),
      confirmAction: paths(request).confirm,
      onceField: ONCE_FIELD,
      formId: newFormId(),
    });
  });

  /** The invitation, by email, in the resident's language; false when it could not be sent. */
  async function sendInvitation(request: FastifyRequest, appointment: CheckedAppointment, invitation: { token: string; expires: Date }, name: string): Promise<boolean> {
    const { t } = request;
    const scope = await scopeText(ctx, request, scopeOfChecked(appointment));
    const vars = {
      resident: name,
      advocate: appointment.advocateName,
      council: request.council.name,
      categories: scope.categories,
      access: scope.access,
      until: dayText(request, appointment.until),
      expires: ukDate(request, invitation.expires),
      // From configuration only, never the Host header.
      link: `${councilBaseUrl(ctx.config, request)}/advocacy/invitation?token=${invitation.token}`,
    };
    try {
      await ctx.notifications.send({
        councilId: request.council.id,
        template: 'message',
        to: { email: appointment.advocateEmail },
        personalisation: { subject: t('vault.advocates.email.subject', vars), body: t('vault.advocates.email.body', vars) },
        reference: 'advocate-invitation',
      });
      return true;
    } catch (error) {
      if (!(error instanceof NotificationFailed)) throw error;
      return false;
    }
  }

  // Confirmed: the invitation is made and sent (once, however often the button is pressed).
  app.post('/my-record/advocates/confirm', PERSON_PAGE, async (request, reply) => {
    const resident = personOf(request);
    const body = bodyOf(request);
    const values = formValuesOf(body);
    const done = await submitOnce<Awaited<ReturnType<typeof check>>['problems']>(ctx.db, request, body, { fallback: paths(request).list }, async () => {
      const { problems, value } = await check(request, values);
      if (!value) return { failed: problems };
      const name = await residentName(request);
      const invitation = await createInvitation(ctx.db, request.council.id, { id: resident.personId, name }, value);
      const sent = await sendInvitation(request, value, invitation, name);
      // A link nobody received must not stay usable: the invitation is withdrawn, and the resident told.
      if (!sent) await endByResident(ctx.db, request.council.id, resident.personId, invitation.id);
      return { answer: `${paths(request).list}?done=${sent ? 'invited' : 'not_sent'}` };
    });
    if ('failed' in done) return form(request, reply, values, done.failed, 400);
    return reply.redirect(done.answer, 303);
  });

  async function own(request: FastifyRequest): Promise<AppointmentRow> {
    const appointment = await inCouncil(ctx.db, request.council.id, (tx) => appointmentOfResident(tx, request.council.id, personOf(request).personId, idParam(request)));
    if (!appointment) throw notFound();
    return appointment;
  }

  // Ending is at once: a page that says so, and asks.
  app.get('/my-record/advocates/:id/end', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const appointment = await own(request);
    if (!['invited', 'active', 'awaiting_approval'].includes(appointment.status)) return reply.redirect(paths(request).list, 303);
    return render(ctx, request, reply, 'vault-advocates-end.njk', {
      title: t(appointment.status === 'invited' ? 'vault.advocates.end_page.title_invitation' : 'vault.advocates.end_page.title', { advocate: appointment.advocate_name }),
      body: t('vault.advocates.end_page.body', { advocate: appointment.advocate_name }),
      action: `${paths(request).one(appointment.id)}/end`,
      button: t(appointment.status === 'invited' ? 'vault.advocates.withdraw_invitation' : 'vault.advocates.end'),
      backHref: paths(request).list,
    });
  });

  app.post('/my-record/advocates/:id/end', PERSON_PAGE, async (request, reply) => {
    const appointment = await own(request);
    // Ended already (sent twice): the same answer.
    await endByResident(ctx.db, request.council.id, appointment.resident_id, appointment.id);
    return reply.redirect(`${paths(request).list}?done=ended`, 303);
  });
}
