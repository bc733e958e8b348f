import { chainAllPending } from '../../src/blocks/vault/index.js';
import type { Db } from '../../src/platform/db/db.js';

/**
 * The database once every access recorded so far is chained into the vault's log: accesses wait
 * a moment to be chained (src/blocks/vault/log/chainer.ts), and a test reading vault_access_log
 * right after an access asks for what a serving process would show within a second.
 */
export async function chained(db: Db): Promise<Db> {
  await chainAllPending(db);
  return db;
}
