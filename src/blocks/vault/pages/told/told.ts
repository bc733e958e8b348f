import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { noticesOfResident, type NoticeRow, type NoticeStatus } from '../../sql/notices.js';
import { withDeliveryProgress } from '../../tell-us-once/index.js';
import { categoryName, granteeNames, residentOf, RESIDENT, ukDateTimeText } from '../grants/common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * "Who we told": after the resident changes their record, each team and partner system whose
 * grant covers the change, and how telling it went — delivered, retrying, failed, acknowledged
 * (or still to go). The changes of the last RECENT_DAYS, newest first; partners' notices brought
 * up to date with their webhook deliveries as the page is read.
 */

const RECENT_DAYS = 90;
const MOST = 200;
const DAY = 24 * 3600_000;

export const STATUS_TAG: Record<NoticeStatus, string> = {
  pending: 'govuk-tag--grey',
  delivered: 'govuk-tag--blue',
  retrying: 'govuk-tag--yellow',
  failed: 'govuk-tag--red',
  acknowledged: 'govuk-tag--green',
};

export function registerToldPage(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/my-record/told', RESIDENT, async (request, reply) => {
    const { t } = request;
    const residentId = residentOf(request);
    const councilId = request.council.id;
    const since = new Date(Date.now() - RECENT_DAYS * DAY);
    const notices = await inCouncil(ctx.db, councilId, async (tx) => withDeliveryProgress(tx, councilId, await noticesOfResident(tx, councilId, residentId, since, MOST)));
    const name = await granteeNames(ctx.db, councilId, request.locale);
    const changes: { event: number; heading: string; recipients: NoticeRow[] }[] = [];
    for (const n of notices) {
      const last = changes[changes.length - 1];
      if (last?.event === n.event_id) last.recipients.push(n);
      else {
        const when = ukDateTimeText(request, n.changed_at);
        // An erasure is one event whatever it erased: its heading names every category erased that someone was told of.
        const erased = [...new Set(notices.filter((o) => o.event_id === n.event_id).flatMap((o) => o.categories))].map((c) => categoryName(request, c)).join(', ');
        const heading = n.kind === 'erased' ? t('vault.told.erased', { categories: erased, when }) : t('vault.told.change', { category: categoryName(request, n.category), when });
        changes.push({ event: n.event_id, heading, recipients: [n] });
      }
    }
    reply.header('cache-control', 'no-store');
    return reply.page('vault-told.njk', {
      title: t('vault.told.title'),
      changes: changes.map((c) => ({
        heading: c.heading,
        recipients: c.recipients.map((n) => ({
          name: name(n.recipient_kind, n.recipient),
          kind: t(`vault.told.kind.${n.recipient_kind}`),
          status: t(`vault.told.status.${n.status}`),
          tag: STATUS_TAG[n.status],
          detail: t(`vault.told.detail.${n.recipient_kind}.${n.status}`, { when: ukDateTimeText(request, n.acknowledged_at ?? n.delivered_at ?? n.changed_at) }),
        })),
      })),
      days: RECENT_DAYS,
      recordHref: `${request.basePath}/my-record`,
      sharingHref: `${request.basePath}/my-record/sharing`,
    });
  });
}
