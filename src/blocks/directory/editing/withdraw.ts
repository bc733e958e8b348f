import type { PlatformContext } from '../../../platform/block.js';
import { recordAudit } from '../../identity/index.js';
import { decideChange, getChange, pendingChangeFor } from '../sql/changes.js';
import type { Editor } from './changes.js';

/**
 * An organisation editor takes back a change of theirs that is still waiting: it leaves the
 * managers' queue, nothing is published, and the audit log says who withdrew it. It takes the
 * pending row's lock as a decision does, so a manager approving at the same moment either
 * decides first (then there is nothing to withdraw) or finds it withdrawn (`approveChange`
 * answers `not_pending`, and the manager's page says what became of it).
 */

export type WithdrawResult = { done: true } | { done: false; why: 'not_found' | 'not_pending' };

/** Withdraw `changeId`, a change of `organisationId`'s (the organisation the editor works for). */
export async function withdrawChange(ctx: PlatformContext, councilId: string, organisationId: string, changeId: string, editor: Editor): Promise<WithdrawResult> {
  return ctx.db.transaction(async (tx) => {
    const change = await getChange(tx, councilId, changeId);
    // Another organisation's change is, to this editor, no change at all.
    if (!change || change.organization_id !== organisationId) return { done: false as const, why: 'not_found' as const };
    const pending = await pendingChangeFor(tx, councilId, change.kind, change.listing_id, true);
    if (pending?.id !== changeId) return { done: false as const, why: 'not_pending' as const };
    await decideChange(tx, councilId, changeId, { status: 'withdrawn', reason: null, personId: editor.personId, email: editor.email });
    await recordAudit(tx, {
      councilId, actorPersonId: editor.personId, actorEmail: editor.email, ip: editor.ip ?? null, userAgent: editor.userAgent ?? null,
      action: 'directory.change.withdrawn', target: String(change.document.name ?? ''),
      detail: { changeId, kind: change.kind, listingId: change.listing_id, organisationId },
    });
    return { done: true as const };
  });
}
