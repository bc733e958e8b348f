import type { Db, Queryable } from '../../../platform/db/db.js';
import { UUID } from '../../../platform/uuid.js';

/**
 * The council a vault statement may touch, named to the database. On PostgreSQL every vault
 * table has row-level security (migrations/010_row_security.sql): a row is visible and
 * writable only while the transaction has named its council in `hearth.vault_council`. The
 * queries already say `council_id = $1`; this is the second wall, for the query that forgets.
 *
 * `inCouncil` is the one way the vault reaches its tables: it runs `work` in a transaction
 * whose first statement names the council, transaction-local (`set_config(…, true)`), so a
 * pooled connection never carries it into someone else's work. The vault's SQL modules take a
 * `CouncilTx`, which only `inCouncil` makes, so a query run outside one does not type-check.
 */

/** The setting the row-level security policies read. */
export const COUNCIL_SETTING = 'hearth.vault_council';

const scoped = Symbol('vault council scope');

/** A transaction that has named its council to the database: what the vault's SQL runs on. */
export interface CouncilTx extends Queryable {
  readonly councilId: string;
  readonly [scoped]: true;
}

const isCouncilTx = (q: Queryable): q is CouncilTx => scoped in q;
const isDb = (q: Queryable): q is Db => 'transaction' in q && typeof (q as Db).transaction === 'function';

const name = (q: Queryable, councilId: string) => q.query(`SELECT set_config('${COUNCIL_SETTING}', $1, true)`, [councilId]);

const wrap = (tx: Queryable, councilId: string): CouncilTx => ({
  councilId,
  [scoped]: true,
  query: (sql, params) => tx.query(sql, params),
  exec: (sql) => tx.exec(sql),
});

/**
 * Run `work` with `councilId` named to the database:
 * - handed the database, in a transaction of its own (one statement more than the work's own);
 * - handed a scope of the same council, in it, with nothing more to say;
 * - handed someone else's transaction (the dispatcher's, a scope of another council), in it,
 *   naming this council for the work and the one before again after it (the setting is the
 *   transaction's, so it must not outlive the work).
 */
export async function inCouncil<T>(db: Queryable, councilId: string, work: (tx: CouncilTx) => Promise<T>): Promise<T> {
  // A council id is always a uuid; refusing anything else here keeps a bad one from reading as "no council".
  if (!UUID.test(councilId)) throw new TypeError(`not a council id: ${councilId}`);
  if (isCouncilTx(db) && db.councilId === councilId) return work(db);
  if (isDb(db)) {
    // Named with BEGIN, in its round trip (Db.transaction's settings).
    return db.transaction((tx) => work(wrap(tx, councilId)), { [COUNCIL_SETTING]: councilId });
  }
  const before = isCouncilTx(db) ? db.councilId : '';
  await name(db, councilId);
  const result = await work(wrap(db, councilId));
  await name(db, before);
  return result;
}

/**
 * Whether the database role Hearth connects as skips row-level security (a superuser, or a role
 * with BYPASSRLS): then only the first wall stands, and the server says so when it starts.
 */
export async function roleBypassesRowSecurity(db: Queryable): Promise<{ role: string; bypasses: boolean }> {
  const { rows } = await db.query<{ role: string; bypasses: boolean }>('SELECT rolname AS role, rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user');
  return rows[0] ?? { role: '?', bypasses: false };
}

/** Whether this database holds the vault's tables at all (the vault may be off now yet have been on): a catalogue question, no row read. */
export async function vaultTablesExist(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(`SELECT to_regclass('vault_item') IS NOT NULL AS found`);
  return rows[0].found;
}
