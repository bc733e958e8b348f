import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import {
  checkCouncilChanges,
  councilChangeDetail,
  CouncilChangeError,
  normaliseCouncilChanges,
  updateCouncil,
  type Council,
  type CouncilChanges,
  type CouncilField,
  type CouncilProblem,
} from '../../../platform/councils.js';
import { HttpProblem } from '../../../platform/http/problem.js';
import { csrfToken } from '../../../platform/web/csrf.js';
import { deploymentFontStack } from '../../../platform/web/font-stack.js';
import { auditActor, recordAudit } from '../audit/service.js';
import { adminEntries } from './admin.js';
import { bodyOf, CSRF_FIELD, page, str } from './common.js';

/** The form's fields, in the order the page shows them, and the council detail each sets. */
const FIELDS = [
  ['name', 'name'],
  ['colour', 'colourPrimary'],
  ['font_family', 'fontFamily'],
  ['logo', 'logoUrl'],
  ['email', 'contactEmail'],
  ['phone', 'contactPhone'],
  ['url', 'contactUrl'],
  ['address', 'address'],
  ['licence', 'licenceText'],
  ['licence_url', 'licenceUrl'],
] as const satisfies readonly (readonly [string, Exclude<CouncilField, 'hosts'>])[];

type FormField = (typeof FIELDS)[number][0];
type Form = Record<FormField, string>;

const formFieldOf = (field: CouncilField): FormField => (FIELDS.find(([, f]) => f === field) ?? ['name'])[0];

function formOf(council: Council): Form {
  return Object.fromEntries(FIELDS.map(([name, field]) => [name, council[field] ?? ''])) as Form;
}

/**
 * The council's own details, for its admins: name, logo, colour, font stack, contact details and
 * the licence in every page's footer (host names, which need DNS and certificates, stay with
 * `hearth councils update`). One change goes through `updateCouncil`, as the command line's
 * does, with its audit entry in the same transaction; this server's council directory is
 * reloaded straight after, so the next page shows it.
 */
export function registerCouncilPage(app: FastifyInstance, ctx: PlatformContext): void {
  const ADMIN = page({ action: 'identity.admin' });
  // Named in the font field's hint: what an empty field gives.
  const defaultFontStack = deploymentFontStack(ctx.config.env);

  function render(request: FastifyRequest, reply: FastifyReply, form: Form, problems: CouncilProblem[]) {
    const { t } = request;
    const fieldErrors: Partial<Record<FormField, string>> = {};
    for (const p of problems) {
      const name = formFieldOf(p.field);
      fieldErrors[name] ??= t(`identity.council.error.${name}.${p.reason}`, { max: p.detail ?? '', ratio: p.detail ?? '', colour: form.colour, part: p.detail ?? '' });
    }
    reply.header('cache-control', 'no-store');
    return reply.page('identity-council.njk', {
      title: t('identity.council.title'),
      errors: Object.entries(fieldErrors).map(([name, text]) => ({ text, href: `#${name}` })),
      fieldErrors,
      form,
      defaultFontStack,
      adminNav: adminEntries(request),
      done: str((request.query as Record<string, unknown>).done),
      base: request.basePath,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure: ctx.config.production }),
    });
  }

  app.get('/admin/council', ADMIN, async (request, reply) => render(request, reply, formOf(request.council), []));

  app.post('/admin/council', ADMIN, async (request, reply) => {
    const body = bodyOf(request);
    const form = Object.fromEntries(FIELDS.map(([name]) => [name, str(body[name])])) as Form;
    // Every field is on the form: an empty optional one removes that detail.
    const changes = normaliseCouncilChanges(Object.fromEntries(FIELDS.map(([name, field]) => [field, form[name]])) as CouncilChanges);
    const problems = checkCouncilChanges(changes);
    if (problems.length) return render(request, reply.code(400), form, problems);
    const council = request.council;
    const actor = auditActor(request);
    let update;
    try {
      update = await ctx.db.transaction(async (tx) => {
        const update = await updateCouncil(tx, council.slug, changes);
        if (update?.changed.length) await recordAudit(tx, { ...actor, action: 'council.updated', target: council.slug, detail: councilChangeDetail(update) });
        return update;
      });
    } catch (error) {
      if (error instanceof CouncilChangeError) return render(request, reply.code(400), form, error.problems);
      throw error;
    }
    // Councils are never deleted; this is a council removed from the database by hand.
    if (!update) throw new HttpProblem(404, request.t('error.not_found_title'), request.t('error.not_found_body'));
    if (update.changed.length) await request.server.councils.reload();
    return reply.redirect(`${request.basePath}/admin/council?done=${update.changed.length ? 'saved' : 'unchanged'}`, 303);
  });
}
