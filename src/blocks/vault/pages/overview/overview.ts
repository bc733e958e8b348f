import type { FastifyInstance } from 'fastify';
import { chainPending } from '../../log/chainer.js';
import type { PlatformContext } from '../../../../platform/block.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import { categoriesOf, categoryName as nameIn } from '../../categories.js';
import { readItems } from '../../record.js';
import { grantsOfResident } from '../../sql/grants.js';
import { noticesOfResident } from '../../sql/notices.js';
import { visibleEntriesOfResident } from '../../sql/resident-log.js';
import { restrictedCategories } from '../../sql/rights.js';
import { withDeliveryProgress } from '../../tell-us-once/index.js';
import { categoryName, granteeNames, ukDateText, ukDateTimeText } from '../grants/common.js';
import { valueLines } from '../record/display.js';
import { forbidden, render, residentOf, RESIDENT_PAGE } from '../record/common.js';
import { STATUS_TAG } from '../told/told.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * `/my-hearth`: the one page where a signed-in resident sees everything that concerns them — a
 * summary of their record, who they share it with now and who is asking, the latest accesses,
 * who was told of their recent changes, and what other blocks add for them (the directory: the
 * services they saved; a requests block: their requests), each panel shown only when it has
 * something. Every panel links to its own page. Read for the resident about themselves, so not
 * through the gateway and not logged as an access (as on /my-record).
 */

const RECENT = 5;
const NOTICE_DAYS = 90;
const DAY = 24 * 3600_000;

export const OVERVIEW_PATH = '/my-hearth';

export function registerOverview(app: FastifyInstance, ctx: PlatformContext): void {
  app.get(OVERVIEW_PATH, RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident) return forbidden(request, reply);
    const { t, locale, basePath } = request;
    const councilId = request.council.id;
    const now = new Date();
    // Recent accesses may wait to be chained (log/chainer.ts): chained first, so they show.
    await chainPending(ctx.db, councilId);
    const categories = await categoriesOf(ctx.db, councilId);
    const items = await readItems(ctx.db, keyRingOf(ctx.db), councilId, resident, categories.map((c) => c.code));
    const restricted = await inCouncil(ctx.db, councilId, (tx) => restrictedCategories(tx, councilId, resident));
    const held = categories
      .filter((c) => items.some((i) => i.category === c.code))
      .map((c) => ({
        name: nameIn(c, locale),
        lines: items.filter((i) => i.category === c.code).map((i) => valueLines(t, c.kind, i.value, locale).join(', ')).filter(Boolean).slice(0, 2),
        restricted: restricted.includes(c.code),
      }));

    const name = await granteeNames(ctx.db, councilId, locale);
    const grants = (await inCouncil(ctx.db, councilId, (tx) => grantsOfResident(tx, councilId, resident))).filter((g) => new Date(g.expires_at) > now);
    const grantView = (g: (typeof grants)[number]) => ({
      id: g.id,
      grantee: name(g.grantee_kind, g.grantee),
      categories: g.categories.map((c) => categoryName(request, c)).join(', '),
      purpose: g.purpose,
      until: ukDateText(request, g.expires_at),
      href: `${basePath}/my-record/sharing/${g.id}`,
      acceptAction: `${basePath}/my-record/sharing/${g.id}/accept`,
      refuseAction: `${basePath}/my-record/sharing/${g.id}/refuse`,
    });
    const live = grants.filter((g) => g.status === 'active' && new Date(g.starts_at) <= now).map(grantView);
    const asking = grants.filter((g) => g.status === 'requested').map(grantView);

    const accesses = (await inCouncil(ctx.db, councilId, (tx) => visibleEntriesOfResident(tx, councilId, resident, londonToday(now), RECENT))).map((e) => ({
      when: ukDateTimeText(request, e.at),
      who: e.actor_kind === 'resident' ? t('vault.overview.access.you') : e.actor_kind === 'staff' ? `${e.actor_name}, ${name('team', e.organisation)}` : e.actor_name,
      what: `${t(`vault.access.action.${e.action}`)}: ${e.categories.map((c) => categoryName(request, c)).join(', ')}`,
    }));

    const since = new Date(now.getTime() - NOTICE_DAYS * DAY);
    const told = await inCouncil(ctx.db, councilId, async (tx) => withDeliveryProgress(tx, councilId, await noticesOfResident(tx, councilId, resident, since, RECENT)));
    const notices = told.map((n) => ({
      who: name(n.recipient_kind, n.recipient),
      what: n.kind === 'erased'
        ? t('vault.told.erased', { categories: n.categories.map((c) => categoryName(request, c)).join(', '), when: ukDateTimeText(request, n.changed_at) })
        : t('vault.told.change', { category: categoryName(request, n.category), when: ukDateTimeText(request, n.changed_at) }),
      status: t(`vault.told.status.${n.status}`),
      tag: STATUS_TAG[n.status],
    }));

    // What other blocks show this resident; a panel with nothing to show is left out.
    const panels = [];
    for (const panel of ctx.residentPanels ?? []) {
      const content = await panel.content(request, resident);
      if (content) panels.push({ key: panel.key, ...content });
    }

    const has = (path: string) => Boolean(app.declaredAccess(path));
    return render(ctx, request, reply, 'vault-overview.njk', {
      title: t('vault.overview.title'),
      held,
      categoriesTotal: categories.filter((c) => !c.retired).length,
      live,
      asking,
      accesses,
      notices,
      panels,
      recordHref: `${basePath}/my-record`,
      sharingHref: has('/my-record/sharing') ? `${basePath}/my-record/sharing` : undefined,
      accessHref: has('/my-record/access') ? `${basePath}/my-record/access` : undefined,
      toldHref: has('/my-record/told') ? `${basePath}/my-record/told` : undefined,
      advocatesHref: has('/my-record/advocates') ? `${basePath}/my-record/advocates` : undefined,
      rightsHref: `${basePath}/my-record/rights`,
    });
  });
}

/** Today's date in London, as the log's disclosure dates are written. */
const londonToday = (now: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
