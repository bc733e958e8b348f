import type { Queryable } from '../../../platform/db/db.js';
import type { ItemRow } from './items.js';

/**
 * The vault's one statement that takes a bare connection rather than a council's scope
 * (scope.ts): the database function it calls names the council to the database itself, first,
 * inside the statement's own transaction (migrations/012_granted_read.sql). It reads no table
 * itself; test/blocks/vault/structure.test.ts holds it to that.
 */

/** A row of a granted read: the grant it was read under, and one current item (or none: `id` null). */
export interface GrantedReadRow extends Omit<ItemRow, 'id' | 'category'> {
  grant_id: string;
  id: string | null;
  category: string | null;
}

/**
 * Read a resident's current items in `categories` (sorted, distinct) under the oldest live grant
 * to the grantee that covers them all, and record the access, in one statement: no rows when no
 * such grant is live (nothing read, nothing recorded). It names its council to the database
 * itself, so it takes any connection, not a council's transaction (migrations/012_granted_read.sql).
 */
export async function grantedRead(
  q: Queryable,
  read: { councilId: string; residentId: string; granteeKind: 'team' | 'partner'; grantee: string; categories: string[]; at: Date; actorId: string; actorName: string },
): Promise<GrantedReadRow[]> {
  const { rows } = await q.query<GrantedReadRow>('SELECT * FROM vault_granted_read($1, $2, $3, $4, $5::text[], $6, $7, $8)', [
    read.councilId,
    read.residentId,
    read.granteeKind,
    read.grantee,
    read.categories,
    read.at,
    read.actorId,
    read.actorName,
  ]);
  return rows;
}
