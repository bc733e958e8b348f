import type { Queryable } from '../../../platform/db/db.js';
import type { ItemRow } from './items.js';

/**
 * The vault's one statement that takes a bare connection rather than a council's scope
 * (scope.ts): the database function it calls names the council to the database itself, first,
 * inside the statement's own transaction (migrations/013_granted_reads.sql). It reads no table
 * itself; test/blocks/vault/structure.test.ts holds it to that.
 */

/** One read asked for under a grant. */
export interface GrantedReadAsked {
  residentId: string;
  granteeKind: 'team' | 'partner';
  grantee: string;
  /** Sorted and distinct. */
  categories: string[];
  at: Date;
  actorId: string;
  actorName: string;
}

/** A row of a granted read: the grant it was read under, and one current item (or none: `id` null). */
export interface GrantedReadRow extends Omit<ItemRow, 'id' | 'category'> {
  grant_id: string;
  id: string | null;
  category: string | null;
}

/**
 * Read each resident's current items in the categories asked under the oldest live grant to
 * its grantee that covers them all, and record each access, in one statement and one
 * transaction: every read with a grant is recorded, or none is. The rows of `reads[i]` are
 * `result[i]`; none when no such grant is live for it (nothing read, nothing recorded).
 */
export async function grantedReads(q: Queryable, councilId: string, reads: GrantedReadAsked[]): Promise<GrantedReadRow[][]> {
  const asked = reads.map((r) => ({
    resident: r.residentId,
    grantee_kind: r.granteeKind,
    grantee: r.grantee,
    categories: r.categories,
    at: r.at.toISOString(),
    actor_id: r.actorId,
    actor_name: r.actorName,
  }));
  const { rows } = await q.query<GrantedReadRow & { n: number }>('SELECT * FROM vault_granted_reads($1, $2::jsonb)', [councilId, JSON.stringify(asked)]);
  const result: GrantedReadRow[][] = reads.map(() => []);
  for (const { n, ...row } of rows) result[n - 1].push(row);
  return result;
}
