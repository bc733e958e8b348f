import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/db.js';
import { deleteRestrictions, insertRestrictions, insertRightsRequest } from '../sql/rights.js';
import { inCouncil } from '../sql/scope.js';

/**
 * The right to restrict processing (UK GDPR Article 18). While a category is restricted the
 * access gateway gives no grant's access to it (gateway.ts asks `restrictedCategories`); a
 * recorded statutory basis still gives it, because the law that basis rests on does not wait
 * for the resident's consent. Lifting restores what the grants gave. Each step goes into the
 * resident's own history of their requests (sql/rights.ts), in the same transaction.
 * Returns the categories that changed (none when all were already as asked: a form sent twice).
 */
export function restrictCategories(db: Db, councilId: string, residentId: string, categories: string[], now = new Date()): Promise<string[]> {
  return inCouncil(db, councilId, async (tx) => {
    const added = await insertRestrictions(tx, councilId, residentId, [...new Set(categories)]);
    if (added.length) await insertRightsRequest(tx, councilId, { id: randomUUID(), residentId, kind: 'restrict', categories: added, at: now });
    return added;
  });
}

export function liftRestrictions(db: Db, councilId: string, residentId: string, categories: string[], now = new Date()): Promise<string[]> {
  return inCouncil(db, councilId, async (tx) => {
    const lifted = await deleteRestrictions(tx, councilId, residentId, [...new Set(categories)]);
    if (lifted.length) await insertRightsRequest(tx, councilId, { id: randomUUID(), residentId, kind: 'lift', categories: lifted, at: now });
    return lifted;
  });
}
