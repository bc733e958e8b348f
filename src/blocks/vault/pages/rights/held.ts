import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import { categoriesOf, categoryName as nameIn } from '../../categories.js';
import { itemHistory } from '../../record.js';
import { grantsOfResident } from '../../sql/grants.js';
import { basesInForce, restrictedCategories, rightsRequestsOf } from '../../sql/rights.js';
import { savedServiceIds } from '../../sql/saved.js';
import { categoryName, granteeNames, ukDateText, ukDateTimeText } from '../grants/common.js';
import { sourceText, valueLines } from '../record/display.js';
import { forbidden, render, residentOf, RESIDENT_PAGE } from '../record/common.js';
import { keptText, londonToday, rightsPath } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * `/my-record/rights`: everything the vault holds about the resident, readable (the JSON copy is
 * `/my-record/download`): each category's values with where they came from and how many earlier
 * values are kept as history, every grant, the statutory bases in force that they may be told of,
 * how many services they saved, and what they asked for under their rights, with what was kept
 * and why. From here they erase or restrict.
 */
export function registerRightsPage(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/my-record/rights', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const { t, locale } = request;
    const councilId = request.council.id;
    const now = new Date();
    const today = londonToday(now);
    const categories = await categoriesOf(ctx.db, councilId);
    const history = await itemHistory(ctx.db, keyRingOf(ctx.db), councilId, resident);
    const restricted = await inCouncil(ctx.db, councilId, (tx) => restrictedCategories(tx, councilId, resident));
    const held = categories
      .filter((c) => history.some((i) => i.category === c.code))
      .map((c) => {
        const mine = history.filter((i) => i.category === c.code);
        const current = mine.filter((i) => i.supersededAt === null);
        return {
          name: nameIn(c, locale),
          values: current.map((i) => ({ lines: valueLines(t, c.kind, i.value, locale), from: t('vault.record.summary.source', { source: sourceText(t, i.source), date: ukDateText(request, i.recordedAt) }) })),
          earlier: mine.length - current.length,
          restricted: restricted.includes(c.code),
        };
      });
    const name = await granteeNames(ctx.db, councilId, locale);
    const grants = (await inCouncil(ctx.db, councilId, (tx) => grantsOfResident(tx, councilId, resident))).map((g) => ({
      grantee: name(g.grantee_kind, g.grantee),
      categories: g.categories.map((c) => categoryName(request, c)).join(', '),
      status: t(`vault.sharing.status.${g.status}`),
      until: ukDateText(request, g.expires_at),
      href: `${request.basePath}/my-record/sharing/${g.id}`,
    }));
    // A basis kept from the resident until a date still to come is not shown (as on "who has seen").
    const bases = (await inCouncil(ctx.db, councilId, (tx) => basesInForce(tx, councilId, resident, now)))
      .filter((b) => !b.disclose_after || b.disclose_after <= today)
      .map((b) => ({ team: name('team', b.team), basis: b.legal_basis, categories: b.categories.map((c) => categoryName(request, c)).join(', ') }));
    const requests = (await inCouncil(ctx.db, councilId, (tx) => rightsRequestsOf(tx, councilId, resident))).map((r) => ({
      when: ukDateTimeText(request, r.at),
      text: t(`vault.rights.request.${r.kind}`, {
        categories: r.categories.map((c) => categoryName(request, c)).join(', ') || t('vault.rights.request.nothing'),
        items: String(r.items_erased),
        grants: String(r.grants_ended),
      }),
      kept: r.kept.map((k) => keptText(request, k, today)),
    }));
    const query = request.query as Record<string, unknown>;
    const done = query.done === 'erase' || query.done === 'restrict' ? query.done : undefined;
    return render(ctx, request, reply, 'vault-rights.njk', {
      title: t('vault.rights.title'),
      banner: done ? t(`vault.rights.done.${done}`) : undefined,
      latest: done === 'erase' ? requests.find((r) => r) : undefined,
      held,
      grants,
      bases,
      saved: (await inCouncil(ctx.db, councilId, (tx) => savedServiceIds(tx, councilId, resident))).length,
      requests,
      eraseHref: rightsPath(request, '/erase'),
      restrictHref: rightsPath(request, '/restrict'),
      downloadHref: `${request.basePath}/my-record/download`,
      accessHref: app.declaredAccess('/my-record/access') ? `${request.basePath}/my-record/access` : undefined,
      backHref: `${request.basePath}/my-hearth`,
    });
  });
}
