import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { categoriesOf, categoryName as nameIn, type Category } from '../../categories.js';
import { liftRestrictions, restrictCategories } from '../../rights/restrict.js';
import { grantsOfResident } from '../../sql/grants.js';
import { restrictedCategories } from '../../sql/rights.js';
import { granteeNames } from '../grants/common.js';
import { bodyOf, forbidden, render, residentOf, RESIDENT_PAGE } from '../record/common.js';
import { codesOf, rightsPath } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * Restricting processing: the resident ticks the categories no grant may give while they are
 * restricted (those already restricted come ticked; unticking lifts), checks what will change
 * and which live grants stop giving access (a statutory basis still does: the page says so),
 * and confirms (rights/restrict.ts).
 */

type Choice = { restrict: string[]; lift: string[] } | { error: 'unknown' | 'no_change' };

function choiceOf(body: Record<string, unknown>, categories: Category[], restricted: string[]): Choice {
  const picked = [...new Set(codesOf(body.categories))];
  if (picked.some((code) => !categories.some((c) => c.code === code))) return { error: 'unknown' };
  const restrict = picked.filter((c) => !restricted.includes(c)).sort();
  const lift = restricted.filter((c) => !picked.includes(c));
  return restrict.length || lift.length ? { restrict, lift } : { error: 'no_change' };
}

export function registerRestrictPages(app: FastifyInstance, ctx: PlatformContext): void {
  async function form(request: FastifyRequest, reply: FastifyReply, resident: string, error?: 'unknown' | 'no_change', picked?: string[]) {
    const { t, locale } = request;
    const categories = await categoriesOf(ctx.db, request.council.id);
    const restricted = picked ?? (await inCouncil(ctx.db, request.council.id, (tx) => restrictedCategories(tx, request.council.id, resident)));
    const message = error ? t(`vault.rights.restrict.error.${error}`) : undefined;
    return render(ctx, request, reply, 'vault-rights-restrict.njk', {
      title: t('vault.rights.restrict.title'),
      errors: message ? [{ text: message, href: '#categories' }] : [],
      checkboxes: {
        idPrefix: 'categories',
        name: 'categories',
        fieldset: { legend: { text: t('vault.rights.restrict.title'), isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
        hint: { text: t('vault.rights.restrict.hint') },
        errorMessage: message ? { text: message } : undefined,
        items: categories.filter((c) => !c.retired || restricted.includes(c.code)).map((c) => ({ value: c.code, text: nameIn(c, locale), checked: restricted.includes(c.code) })),
      },
      action: rightsPath(request, '/restrict'),
      backHref: rightsPath(request),
    }, error ? 400 : 200);
  }

  app.get('/my-record/rights/restrict', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    return form(request, reply, resident);
  });

  app.post('/my-record/rights/restrict', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const { t, locale } = request;
    const councilId = request.council.id;
    const categories = await categoriesOf(ctx.db, councilId);
    const restricted = await inCouncil(ctx.db, councilId, (tx) => restrictedCategories(tx, councilId, resident));
    const body = bodyOf(request);
    const choice = choiceOf(body, categories, restricted);
    if ('error' in choice) return form(request, reply, resident, choice.error, codesOf(body.categories));
    const now = new Date();
    const name = await granteeNames(ctx.db, councilId, locale);
    const stopping = (await inCouncil(ctx.db, councilId, (tx) => grantsOfResident(tx, councilId, resident))).filter(
      (g) => g.status === 'active' && new Date(g.expires_at) > now && g.categories.some((c) => choice.restrict.includes(c)),
    );
    const names = (codes: string[]) => categories.filter((c) => codes.includes(c.code)).map((c) => nameIn(c, locale));
    return render(ctx, request, reply, 'vault-rights-restrict-check.njk', {
      title: t('vault.rights.restrict.check_title'),
      restrict: names(choice.restrict),
      lift: names(choice.lift),
      grants: stopping.map((g) => name(g.grantee_kind, g.grantee)),
      hidden: codesOf(body.categories).filter((c) => categories.some((x) => x.code === c)),
      action: rightsPath(request, '/restrict/confirm'),
      backHref: rightsPath(request, '/restrict'),
    });
  });

  app.post('/my-record/rights/restrict/confirm', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const councilId = request.council.id;
    const categories = await categoriesOf(ctx.db, councilId);
    const restricted = await inCouncil(ctx.db, councilId, (tx) => restrictedCategories(tx, councilId, resident));
    const choice = choiceOf(bodyOf(request), categories, restricted);
    // Sent twice: the first made the change, so there is nothing left to change.
    if ('error' in choice) return choice.error === 'no_change' ? reply.redirect(rightsPath(request, '?done=restrict'), 303) : form(request, reply, resident, choice.error);
    await restrictCategories(ctx.db, councilId, resident, choice.restrict);
    await liftRestrictions(ctx.db, councilId, resident, choice.lift);
    return reply.redirect(rightsPath(request, '?done=restrict'), 303);
  });
}
