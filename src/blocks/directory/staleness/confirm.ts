import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/db.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { recordAudit } from '../../identity/index.js';
import { ukDate } from '../pages/format.js';
import { reindexServices } from '../search/index-builder.js';
import { peekCheckLink, useCheckLink, type LinkState } from '../sql/staleness.js';
import { forgetSummary } from './dashboard.js';
import { hashLinkToken, LINK_TOKEN } from './nudges.js';

/** What a "still correct" link would confirm (nothing is changed): for the page a GET shows. */
export async function checkLinkState(db: Db, councilId: string, token: string, now: Date): Promise<LinkState> {
  if (!LINK_TOKEN.test(token)) return { state: 'unknown' };
  return peekCheckLink(db, councilId, hashLinkToken(token), now);
}

/**
 * Confirm a listing is still correct through its link: the assured date becomes today (UK),
 * last checked now, the link and any other unused link to the same listing are spent, and the
 * audit entry, the `directory.service.assured` event and the search index (its "Last checked")
 * change in the same transaction. Not an edit: nothing waits for a manager.
 */
export async function confirmStillCorrect(db: Db, request: FastifyRequest, token: string, now: Date): Promise<LinkState> {
  if (!LINK_TOKEN.test(token)) return { state: 'unknown' };
  const councilId = request.council.id;
  const today = ukDate(now)!;
  const outcome = await db.transaction(async (tx) => {
    const state = await useCheckLink(tx, councilId, hashLinkToken(token), now, today);
    if (state.state !== 'ok') return state;
    const agent = request.headers['user-agent'];
    await recordAudit(tx, {
      councilId,
      // The link is the credential: whoever holds the email. No one is signed in.
      actorEmail: null,
      action: 'directory.service.assured',
      target: `service:${state.serviceId}`,
      detail: { service: state.serviceName, organisation: state.organizationName, assured_date: today, by: 'still-correct link' },
      ip: request.ip,
      userAgent: typeof agent === 'string' ? agent : null,
    });
    await recordEvent(tx, {
      councilId,
      type: 'directory.service.assured',
      subject: state.serviceId,
      data: { service_id: state.serviceId, organization_id: state.organizationId, assured_date: today },
    });
    await reindexServices(tx, councilId, [state.serviceId]);
    return state;
  });
  if (outcome.state === 'ok') forgetSummary(councilId);
  return outcome;
}
