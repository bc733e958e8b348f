import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { notFound } from '../../../../platform/http/problem.js';
import { canonicalEmail } from '../../../identity/index.js';
import { endByAdvocate } from '../../advocates/appointments.js';
import { categoriesOf, categoryName, type Category } from '../../categories.js';
import { AccessRefused, readWithAccess, withResidentAccess, type VaultActor } from '../../gateway.js';
import { sameValues } from '../../same-values.js';
import { appointmentOfAdvocate, claimLegalAppointments, liveAppointmentsOfAdvocate, type AppointmentRow } from '../../sql/advocates.js';
import { problemsOf } from '../record/common.js';
import { controlsFor, FIRST_INPUT } from '../record/controls.js';
import { sourceText, valueLines } from '../record/display.js';
import { inputsOf, readValue, type FieldError, type Inputs } from '../record/values.js';
import { bodyOf, idParam, lastDay, PERSON_PAGE, personOf, refused, render, scopeOfRow, scopeText, ukDate } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * "People you act for": an advocate's live appointments, and, for one, the resident's record
 * within the appointment's scope, read (and, where the scope allows, changed) through the
 * access gateway as an advocate, so each view and change is in the resident's access log with
 * both the advocate and the resident. The record's own views and forms (pages/record) are used,
 * with a banner on every page: "You are acting for <name>". An appointment that has ended, or
 * is past its end date, or a category outside its scope, gets a clear 403 and nothing is read.
 */

/** Whether an appointment lets its advocate act now. */
export const isLive = (a: AppointmentRow, now: Date) => a.status === 'active' && a.starts_at <= now && a.ends_at > now;

export const actingPath = (request: FastifyRequest, id?: string, rest = '') => `${request.basePath}/acting-for${id ? `/${id}${rest}` : ''}`;

/** The banner every page shows while acting. */
export const bannerOf = (request: FastifyRequest, a: AppointmentRow) => ({
  text: request.t('vault.advocates.banner.acting_for', { resident: a.resident_name }),
  until: request.t('vault.advocates.banner.until', { until: lastDay(request, a.ends_at) }),
  listHref: actingPath(request),
});

/** The advocate as the gateway knows them: the name the appointment gives them. */
export const advocateActor = (request: FastifyRequest, a: AppointmentRow): VaultActor => ({ kind: 'advocate', personId: personOf(request).personId, name: a.advocate_name });

export function registerActingPages(app: FastifyInstance, ctx: PlatformContext): void {
  /** This person's appointment in the address (404 when it is not theirs), and whether it is live now. */
  async function appointmentOf(request: FastifyRequest): Promise<{ appointment: AppointmentRow; live: boolean }> {
    const appointment = await inCouncil(ctx.db, request.council.id, (tx) => appointmentOfAdvocate(tx, request.council.id, personOf(request).personId, idParam(request)));
    if (!appointment) throw notFound();
    return { appointment, live: isLive(appointment, new Date()) };
  }

  app.get('/acting-for', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const person = personOf(request);
    // A legal appointment approved before its advocate first signed in becomes theirs now: they signed in with its address.
    const email = canonicalEmail(person.email);
    if (email) await inCouncil(ctx.db, request.council.id, (tx) => claimLegalAppointments(tx, request.council.id, person.personId, email));
    const appointments = await inCouncil(ctx.db, request.council.id, (tx) => liveAppointmentsOfAdvocate(tx, request.council.id, person.personId, new Date()));
    const done = String((request.query as Record<string, unknown>).done ?? '');
    const people = [];
    for (const a of appointments) {
      const scope = await scopeText(ctx, request, scopeOfRow(a));
      people.push({
        name: a.resident_name,
        href: actingPath(request, a.id),
        rows: [
          { key: { text: t('vault.advocates.row.relationship') }, value: { text: a.relationship } },
          { key: { text: t('vault.advocates.row.categories') }, value: { text: scope.categories } },
          { key: { text: t('vault.advocates.row.access') }, value: { text: scope.access } },
          { key: { text: t('vault.advocates.row.until') }, value: { text: lastDay(request, a.ends_at) } },
        ],
      });
    }
    return render(ctx, request, reply, 'vault-advocates-acting-list.njk', {
      title: t('vault.advocates.acting.title'),
      done: ['accepted', 'stepped_down'].includes(done) ? t(`vault.advocates.done.${done}`) : undefined,
      people,
    });
  });

  app.get('/acting-for/:id', PERSON_PAGE, async (request, reply) => {
    const { t, locale } = request;
    const { appointment: a, live } = await appointmentOf(request);
    if (!live) return refused(ctx, request, reply, 'no_appointment');
    const categories = (await categoriesOf(ctx.db, request.council.id)).filter((c) => a.categories.includes(c.code));
    let items;
    try {
      // One logged read of everything the appointment covers.
      items = await readWithAccess(ctx.db, { councilId: request.council.id, actor: advocateActor(request, a), residentId: a.resident_id, categories: a.categories, action: 'read' });
    } catch (error) {
      if (error instanceof AccessRefused) return refused(ctx, request, reply, 'no_appointment');
      throw error;
    }
    const query = request.query as Record<string, unknown>;
    const saved = typeof query.saved === 'string' ? categories.find((c) => c.code === query.saved) : undefined;
    return render(ctx, request, reply, 'vault-advocates-acting-record.njk', {
      title: t('vault.advocates.acting.record_title', { resident: a.resident_name }),
      banner: bannerOf(request, a),
      saved: saved ? t('vault.advocates.acting.saved', { category: categoryName(saved, locale) }) : undefined,
      sections: categories.map((category) => ({
        name: categoryName(category, locale),
        values: items.filter((i) => i.category === category.code).map((i) => ({ lines: valueLines(t, category.kind, i.value, locale), source: t('vault.advocates.acting.source', { source: sourceText(t, i.source), date: ukDate(request, i.recordedAt) }) })),
        changeHref: a.access === 'read_update' && !category.retired && category.kind !== 'household' ? actingPath(request, a.id, `/change/${category.code}`) : undefined,
      })),
      logged: t('vault.advocates.acting.logged', { resident: a.resident_name }),
      grantsHref: a.manage_grants ? actingPath(request, a.id, '/sharing') : undefined,
      stepDownHref: actingPath(request, a.id, '/end'),
      stepDownText: t('vault.advocates.step_down.link', { resident: a.resident_name }),
    });
  });

  // The advocate steps down: at once, after a page that says so.
  app.get('/acting-for/:id/end', PERSON_PAGE, async (request, reply) => {
    const { t } = request;
    const { appointment: a, live } = await appointmentOf(request);
    if (!live) return reply.redirect(actingPath(request), 303);
    return render(ctx, request, reply, 'vault-advocates-end.njk', {
      title: t('vault.advocates.step_down.title', { resident: a.resident_name }),
      body: t('vault.advocates.step_down.body', { resident: a.resident_name }),
      action: actingPath(request, a.id, '/end'),
      button: t('vault.advocates.step_down.button'),
      backHref: actingPath(request, a.id),
    });
  });

  app.post('/acting-for/:id/end', PERSON_PAGE, async (request, reply) => {
    const { appointment: a } = await appointmentOf(request);
    // Ended already (sent twice): the same answer.
    await endByAdvocate(ctx.db, request.council.id, personOf(request).personId, a.id);
    return reply.redirect(`${actingPath(request)}?done=stepped_down`, 303);
  });

  /** The category in the address, if this appointment may change it now; else why not. */
  async function changeable(request: FastifyRequest): Promise<{ appointment: AppointmentRow; category: Category } | { refusal: 'no_appointment' | 'out_of_scope' | 'read_only' }> {
    const { appointment, live } = await appointmentOf(request);
    if (!live) return { refusal: 'no_appointment' };
    const code = (request.params as { code: string }).code;
    const category = (await categoriesOf(ctx.db, request.council.id)).find((c) => c.code === code);
    if (!category || !appointment.categories.includes(code) || category.retired || category.kind === 'household') return { refusal: 'out_of_scope' };
    if (appointment.access !== 'read_update') return { refusal: 'read_only' };
    return { appointment, category };
  }

  function form(request: FastifyRequest, reply: FastifyReply, a: AppointmentRow, category: Category, inputs: Inputs, errors: FieldError[]) {
    const { t, locale } = request;
    const problems = problemsOf(t, errors, { ...FIRST_INPUT, channel: 'channel', held: 'held' });
    const name = categoryName(category, locale);
    return render(ctx, request, reply, 'vault-advocates-acting-form.njk', {
      title: t('vault.advocates.acting.change_title', { category: name, resident: a.resident_name }),
      heading: t('vault.advocates.acting.change_title', { category: name, resident: a.resident_name }),
      intro: t('vault.advocates.acting.change_intro', { resident: a.resident_name }),
      banner: bannerOf(request, a),
      sensitive: category.sensitivity === 'sensitive',
      controls: controlsFor(t, category.kind, inputs, problems.byField, name),
      errors: problems.list,
      formAction: actingPath(request, a.id, `/change/${category.code}`),
      backHref: actingPath(request, a.id),
      submitText: t('vault.record.save'),
    }, errors.length ? 400 : 200);
  }

  app.get('/acting-for/:id/change/:code', PERSON_PAGE, async (request, reply) => {
    const found = await changeable(request);
    if ('refusal' in found) return refused(ctx, request, reply, found.refusal);
    const { appointment: a, category } = found;
    try {
      // Showing the values held is a read: logged like any other.
      const [current] = await readWithAccess(ctx.db, { councilId: request.council.id, actor: advocateActor(request, a), residentId: a.resident_id, categories: [category.code], action: 'read' });
      return form(request, reply, a, category, current ? inputsOf(category.kind, current.value) : {}, []);
    } catch (error) {
      if (error instanceof AccessRefused) return refused(ctx, request, reply, 'no_appointment');
      throw error;
    }
  });

  app.post('/acting-for/:id/change/:code', PERSON_PAGE, async (request, reply) => {
    const found = await changeable(request);
    if ('refusal' in found) return refused(ctx, request, reply, found.refusal);
    const { appointment: a, category } = found;
    if (category.kind === 'household') return refused(ctx, request, reply, 'out_of_scope');
    const read = readValue(category.kind, bodyOf(request));
    // A form with problems reads and changes nothing: no access, nothing logged.
    if (read.errors.length) return form(request, reply, a, category, read.inputs, read.errors);
    try {
      await withResidentAccess(ctx.db, { councilId: request.council.id, actor: advocateActor(request, a), residentId: a.resident_id, categories: [category.code], action: 'update' }, async (access) => {
        const current = await access.read();
        const values = category.kind === 'contact' && Object.keys(read.value as object).length === 0 ? [] : [read.value];
        // Sent again unchanged (a double click, a retry): nothing is written.
        if (!sameValues(current.map((i) => i.value), values)) await access.write(category.code, values);
      });
    } catch (error) {
      if (error instanceof AccessRefused) return refused(ctx, request, reply, 'no_appointment');
      throw error;
    }
    return reply.redirect(actingPath(request, a.id, `?saved=${category.code}`), 303);
  });
}
