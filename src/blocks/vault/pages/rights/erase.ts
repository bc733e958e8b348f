import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { categoriesOf, categoryName as nameIn, type Category } from '../../categories.js';
import { eraseCategories } from '../../rights/erase.js';
import { grantsOfResident } from '../../sql/grants.js';
import { basesInForce } from '../../sql/rights.js';
import { currentItems } from '../../sql/items.js';
import { granteeNames } from '../grants/common.js';
import { bodyOf, forbidden, render, residentOf, RESIDENT_PAGE } from '../record/common.js';
import { codesOf, keptText, londonToday, rightsPath } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * Erasure, as GOV.UK asks for anything that cannot be undone: choose what (categories, or
 * everything), then a page that says exactly what will go, what will be kept and why, and which
 * grants will end, then the erasure (rights/erase.ts) and back to the rights page, which shows
 * what was done. Every step checks the choice again.
 */

const EVERYTHING = 'everything';

type Choice = { codes: string[]; everything: boolean } | { error: 'choose' | 'unknown' };

function choiceOf(body: Record<string, unknown>, categories: Category[]): Choice {
  const picked = codesOf(body.categories);
  if (!picked.length) return { error: 'choose' };
  if (picked.includes(EVERYTHING)) return { codes: categories.map((c) => c.code), everything: true };
  if (picked.some((code) => !categories.some((c) => c.code === code))) return { error: 'unknown' };
  return { codes: [...new Set(picked)], everything: false };
}

export function registerErasePages(app: FastifyInstance, ctx: PlatformContext): void {
  /** The categories the resident holds something in: what there is to erase. */
  async function heldCategories(councilId: string, resident: string, categories: Category[]) {
    const items = await inCouncil(ctx.db, councilId, (tx) => currentItems(tx, councilId, resident, categories.map((c) => c.code)));
    return categories.filter((c) => items.some((i) => i.category === c.code));
  }

  async function form(request: FastifyRequest, reply: FastifyReply, resident: string, error?: 'choose' | 'unknown') {
    const { t, locale } = request;
    const categories = await categoriesOf(ctx.db, request.council.id);
    const held = await heldCategories(request.council.id, resident, categories);
    const message = error ? t(`vault.rights.erase.error.${error}`) : undefined;
    return render(ctx, request, reply, 'vault-rights-erase.njk', {
      title: t('vault.rights.erase.title'),
      errors: message ? [{ text: message, href: '#categories' }] : [],
      checkboxes: {
        idPrefix: 'categories',
        name: 'categories',
        fieldset: { legend: { text: t('vault.rights.erase.title'), isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
        hint: { text: t('vault.rights.erase.hint') },
        errorMessage: message ? { text: message } : undefined,
        items: [
          ...held.map((c) => ({ value: c.code, text: nameIn(c, locale) })),
          ...(held.length ? [{ divider: t('vault.rights.or') }] : []),
          { value: EVERYTHING, text: t('vault.rights.erase.everything'), hint: { text: t('vault.rights.erase.everything_hint') }, behaviour: 'exclusive' },
        ],
      },
      action: rightsPath(request, '/erase'),
      backHref: rightsPath(request),
    }, error ? 400 : 200);
  }

  app.get('/my-record/rights/erase', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    return form(request, reply, resident);
  });

  // Check: what will go, what stays and why, which grants end.
  app.post('/my-record/rights/erase', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const { t, locale } = request;
    const councilId = request.council.id;
    const categories = await categoriesOf(ctx.db, councilId);
    const choice = choiceOf(bodyOf(request), categories);
    if ('error' in choice) return form(request, reply, resident, choice.error);
    const now = new Date();
    const bases = await inCouncil(ctx.db, councilId, (tx) => basesInForce(tx, councilId, resident, now));
    const kept = choice.codes.flatMap((category) => {
      const basis = bases.find((b) => b.categories.includes(category));
      return basis ? [{ category, basis_id: basis.id, legal_basis: basis.legal_basis, disclose_after: basis.disclose_after }] : [];
    });
    const erased = choice.codes.filter((c) => !kept.some((k) => k.category === c));
    const name = await granteeNames(ctx.db, councilId, locale);
    const ending = (await inCouncil(ctx.db, councilId, (tx) => grantsOfResident(tx, councilId, resident))).filter(
      (g) => ['requested', 'active', 'paused'].includes(g.status) && g.categories.some((c) => erased.includes(c)),
    );
    const held = await heldCategories(councilId, resident, categories);
    return render(ctx, request, reply, 'vault-rights-erase-check.njk', {
      title: t('vault.rights.erase.check_title'),
      erased: categories.filter((c) => erased.includes(c.code) && (choice.everything ? held.includes(c) : true)).map((c) => nameIn(c, locale)),
      everything: choice.everything,
      kept: kept.map((k) => keptText(request, k, londonToday(now))),
      grants: ending.map((g) => name(g.grantee_kind, g.grantee)),
      hidden: choice.everything ? [EVERYTHING] : choice.codes,
      action: rightsPath(request, '/erase/confirm'),
      backHref: rightsPath(request, '/erase'),
    });
  });

  app.post('/my-record/rights/erase/confirm', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident || request.principal?.kind !== 'person') return forbidden(request, reply);
    const categories = await categoriesOf(ctx.db, request.council.id);
    const choice = choiceOf(bodyOf(request), categories);
    if ('error' in choice) return form(request, reply, resident, choice.error);
    await eraseCategories(ctx.db, {
      councilId: request.council.id,
      residentId: resident,
      residentName: request.principal.displayName ?? request.principal.email,
      categories: choice.codes,
      everything: choice.everything,
    });
    return reply.redirect(rightsPath(request, '?done=erase'), 303);
  });
}
