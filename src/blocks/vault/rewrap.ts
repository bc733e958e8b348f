import { isSealed, SealError, type KeyRing } from '../../platform/crypto/key-ring.js';
import type { Db } from '../../platform/db/db.js';
import { itemContext } from './record.js';
import { listCouncils } from '../../platform/councils.js';
import { countItemsSealedWith, itemsSealedOtherwise, lockItemValues, setItemValues } from './sql/items.js';
import { inCouncil, vaultTablesExist } from './sql/scope.js';

/**
 * `hearth keys rewrap` for the vault: every sealed value of a sensitive category — current and
 * replaced alike, since a resident's history and their copy open both — re-wrapped with the key
 * ring's current key, so the old key can be dropped without losing any of them. The data itself
 * is not re-encrypted; only each value's data key is.
 *
 * The vault's other secrets need nothing here: the access log's seals and the grants' receipts
 * are signed with a key derived from the current key, and each seal keeps its public key, so
 * they check after a rotation; partners' notice endpoints keep their secrets in the platform's
 * webhook table, which the platform re-wraps.
 *
 * A batch at a time, each in its own short transaction (its rows locked only while it runs), so
 * a running server carries on. A value no configured key opens is left as it is and counted.
 * Nothing is done (all counts 0) when the database has no vault tables.
 */

export interface RewrapCounts {
  sealed: number;
  rewrapped: number;
  unchanged: number;
  unopenable: number;
}

export async function rewrapVaultItems(db: Db, ring: KeyRing, options: { batch?: number } = {}): Promise<RewrapCounts> {
  // The vault keeps nothing in the clear that should be sealed (a category's sensitivity is fixed once it is added), so `sealed` stays 0.
  const counts: RewrapCounts = { sealed: 0, rewrapped: 0, unchanged: 0, unopenable: 0 };
  if (!(await vaultTablesExist(db))) return counts;
  const batch = options.batch ?? 200;
  // Council by council, each batch in that council's scope (row-level security shows a transaction one council's rows).
  for (const council of await listCouncils(db)) {
    counts.unchanged += await inCouncil(db, council.id, (tx) => countItemsSealedWith(tx, council.id, ring.currentId));
    let after: string | undefined;
    for (;;) {
      const done = await inCouncil(db, council.id, async (tx) => {
        const ids = await itemsSealedOtherwise(tx, council.id, ring.currentId, after, batch);
        if (!ids.length) return true;
        after = ids.at(-1);
        const next: Array<{ id: string; value: unknown }> = [];
        for (const row of await lockItemValues(tx, council.id, ids)) {
          // Looked at again under the lock: another rewrap may have done it meanwhile.
          if (!isSealed(row.value) || row.value.kid === ring.currentId) {
            counts.unchanged++;
            continue;
          }
          try {
            next.push({ id: row.id, value: ring.rewrap(row.value, itemContext(council.id, row.id)) });
          } catch (error) {
            if (!(error instanceof SealError)) throw error;
            counts.unopenable++;
          }
        }
        await setItemValues(tx, council.id, next);
        counts.rewrapped += next.length;
        return false;
      });
      if (done) break;
    }
  }
  return counts;
}
