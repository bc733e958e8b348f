import type { Queryable } from '../../../platform/db/db.js';
import { deliveryProgress } from '../../../platform/webhooks/targeted.js';
import { followsDelivery, updateNoticeFromDelivery, type NoticeRow } from '../sql/notices.js';
import { inCouncil } from '../sql/scope.js';

/**
 * A partner's notice follows its webhook delivery (pending, retrying, delivered, failed, and
 * pending again after a replay). The platform's worker knows nothing of notices, so whoever
 * reads notices brings them up to date first: each as its delivery stands, written back when it
 * changed. A notice whose delivery was pruned keeps what it last showed.
 */
export async function withDeliveryProgress(q: Queryable, councilId: string, notices: NoticeRow[]): Promise<NoticeRow[]> {
  const following = notices.filter(followsDelivery);
  if (!following.length) return notices;
  const progress = await deliveryProgress(q, [...new Set(following.map((n) => n.delivery_id!))]);
  const updated: NoticeRow[] = [];
  for (const n of notices) {
    const p = followsDelivery(n) ? progress.get(n.delivery_id!) : undefined;
    if (!p) {
      updated.push(n);
      continue;
    }
    const now = { ...n, status: p.state, attempts: p.attempts, last_error: p.lastError, delivered_at: p.deliveredAt };
    if (now.status !== n.status || now.attempts !== n.attempts || now.last_error !== n.last_error || now.delivered_at?.getTime() !== n.delivered_at?.getTime()) {
      await inCouncil(q, councilId, (tx) => updateNoticeFromDelivery(tx, councilId, n.id, { status: p.state, attempts: p.attempts, lastError: p.lastError, deliveredAt: p.deliveredAt }));
    }
    updated.push(now);
  }
  return updated;
}
