import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/db.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { recordAccess } from '../log/append.js';
import { insertGrantEvent, moveGrant } from '../sql/grants.js';
import { basesInForce, deleteItems, insertRightsRequest, openGrantsCovering, type KeptCategory } from '../sql/rights.js';
import { deleteSavedServices } from '../sql/saved.js';
import { inCouncil } from '../sql/scope.js';

/**
 * The right to erasure (UK GDPR Article 17), for some categories or everything.
 *
 * - The values go: every item of an erased category, current and replaced alike, is deleted
 *   (a history row holds the old value as much as a current one does), sealed or not.
 * - What the law requires is kept, and said: a category that a statutory basis in force covers
 *   keeps its values (`kept`, with the basis), because the team's legal duty does not rest on the
 *   resident's consent.
 * - Consent given for what is erased ends: every grant asked for, live or paused that covers an
 *   erased category is withdrawn (or, still asked for, refused), with its line in its history.
 * - The access log is kept whole: it is the record of who saw what, and is append-only. The
 *   erasure itself is appended to it (action 'erase', by the resident), in the same transaction.
 * - Erasing everything forgets the services saved to "my list" too.
 * - Whoever was given the erased values keeps no copy unknowingly: every team and partner system
 *   whose grant covered an erased category at that moment (live or paused; settled before the
 *   grants are withdrawn) is told, through tell us once (`vault.record.erased` on the outbox,
 *   in the same transaction: the categories and the grants, never a value).
 *
 * The resident's own history of requests records what was erased, how much, and what was kept;
 * an erasure that finds nothing to do (the confirmation sent twice) records nothing.
 */

/** The outbox event of an erasure: tell us once tells each grant's holder (`tell-us-once/erasure.ts`). */
export const RECORD_ERASED = 'vault.record.erased';

/** What `vault.record.erased` carries: the categories erased, and each grant to tell with the erased categories it covered. */
export interface ErasedEventData {
  residentId: string;
  categories: string[];
  grants: { id: string; categories: string[] }[];
}

export interface Erasure {
  erased: string[];
  itemsErased: number;
  grantsEnded: number;
  kept: KeptCategory[];
}

export async function eraseCategories(
  db: Db,
  request: { councilId: string; residentId: string; residentName: string; categories: string[]; everything?: boolean; now?: Date },
): Promise<Erasure> {
  const { councilId, residentId } = request;
  const now = request.now ?? new Date();
  const asked = [...new Set(request.categories)].sort();
  return inCouncil(db, councilId, async (tx) => {
    const bases = await basesInForce(tx, councilId, residentId, now);
    const kept: Erasure['kept'] = [];
    for (const category of asked) {
      const basis = bases.find((b) => b.categories.includes(category));
      if (basis) kept.push({ category, basis_id: basis.id, legal_basis: basis.legal_basis, disclose_after: basis.disclose_after });
    }
    const erased = asked.filter((c) => !kept.some((k) => k.category === c));
    let itemsErased = 0;
    let grantsEnded = 0;
    let tell: ErasedEventData['grants'] = [];
    if (erased.length) {
      itemsErased = await deleteItems(tx, councilId, residentId, erased);
      const open = await openGrantsCovering(tx, councilId, residentId, erased);
      // Who was given these values (a grant live or paused now: a paused one was given them before), before their grants end.
      tell = open
        .filter((g) => g.status !== 'requested' && g.starts_at <= now && g.expires_at > now)
        .map((g) => ({ id: g.id, categories: g.categories.filter((c) => erased.includes(c)).sort() }));
      for (const grant of open) {
        const to = grant.status === 'requested' ? 'refused' : 'withdrawn';
        if (await moveGrant(tx, councilId, residentId, grant.id, [grant.status], to)) {
          await insertGrantEvent(tx, councilId, grant.id, to, 'resident', now);
          grantsEnded++;
        }
      }
    }
    const savedForgotten = request.everything ? await deleteSavedServices(tx, councilId, residentId) : 0;
    // Nothing held, nothing kept (a confirmation sent twice): nothing to record.
    if (!itemsErased && !grantsEnded && !kept.length && !savedForgotten) return { erased, itemsErased, grantsEnded, kept };
    await insertRightsRequest(tx, councilId, { id: randomUUID(), residentId, kind: 'erase', categories: erased, itemsErased, grantsEnded, kept, at: now });
    if (itemsErased || grantsEnded) {
      const data: ErasedEventData = { residentId, categories: erased, grants: tell };
      await recordEvent(tx, { councilId, type: RECORD_ERASED, subject: residentId, data: { ...data } });
    }
    if (itemsErased || grantsEnded) {
      await recordAccess(tx, councilId, [
        {
          councilId,
          at: now,
          residentId,
          actorKind: 'resident',
          actorId: residentId,
          actorName: request.residentName,
          organisation: 'resident',
          onBehalfOf: null,
          action: 'erase',
          categories: erased,
          grantId: null,
          basisId: null,
          purpose: 'Erased at the resident’s request (UK GDPR Article 17)',
        },
      ]);
    }
    return { erased, itemsErased, grantsEnded, kept };
  });
}
