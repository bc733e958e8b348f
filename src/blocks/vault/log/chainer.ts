import { listCouncils } from '../../../platform/councils.js';
import type { Queryable } from '../../../platform/db/db.js';
import { hasPending, lockHead, takePending } from '../sql/access-log.js';
import { inCouncil } from '../sql/scope.js';
import { appendAfter, type NewAccess } from './append.js';
import { GENESIS, type AccessEntry } from './chain.js';

/**
 * Chaining: accesses are recorded without a lock (append.ts `recordAccess`); a chaining pass
 * takes the council's chain head and moves what waits into the chain, in the order recorded,
 * in batches. It runs every half second in a serving process (`Block.background`), and first
 * wherever the chain is read as a whole: the resident's log and download, sealing, `hearth vault
 * verify`. Each batch is a transaction in the council's scope (sql/scope.ts).
 */

const BATCH = 5000;

/**
 * Chain what waits in the council's log. `wait` (the default) waits for a pass another process
 * is running, so everything committed before the call is chained when it returns; without it a
 * pass already running is left to do the work. Handed a transaction, chains in it. Returns how
 * many entries were chained.
 */
export async function chainPending(db: Queryable, councilId: string, options: { wait?: boolean } = {}): Promise<number> {
  // Mostly nothing waits (a resident's page asks first): then no lock is taken.
  if (!(await inCouncil(db, councilId, (tx) => hasPending(tx, councilId)))) return 0;
  let chained = 0;
  for (;;) {
    const done = await inCouncil(db, councilId, async (tx) => {
      const head = await lockHead(tx, councilId, GENESIS, options.wait === false);
      if (!head) return 0;
      return (await appendAfter(tx, councilId, head, await takePending(tx, councilId, BATCH))).length;
    });
    chained += done;
    if (done < BATCH) return chained;
  }
}

/** Chain what waits in every council's log (the background pass), council by council. */
export async function chainAllPending(db: Queryable): Promise<number> {
  let chained = 0;
  for (const council of await listCouncils(db)) chained += await chainPending(db, council.id, { wait: false });
  return chained;
}

/**
 * Append accesses straight to the chain, taking the head (loading a log in a benchmark or test,
 * where entries must be chained at once). The gateway records instead, and never waits on the head.
 */
export async function appendAccess(tx: Queryable, councilId: string, accesses: NewAccess[]): Promise<AccessEntry[]> {
  if (!accesses.length) return [];
  return inCouncil(tx, councilId, async (scoped) => appendAfter(scoped, councilId, (await lockHead(scoped, councilId, GENESIS))!, accesses));
}
