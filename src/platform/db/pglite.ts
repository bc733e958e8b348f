import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { settingsSql, TYPE_PARSERS, type Db, type Queryable, type TransactionSettings } from './db.js';
import { acquireDataDirLock } from './lock.js';

/**
 * Open PGlite in `dataDir` (or in memory for `memory://`), holding the folder's lock; with
 * `restoreFrom`, a new data folder is first filled from a `hearth backup` tarball.
 */
export async function openPglite(dataDir: string, restoreFrom?: Blob): Promise<Db> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : acquireDataDirLock(dataDir);
  let pg: PGlite;
  try {
    const parsers = Object.fromEntries(Object.entries(TYPE_PARSERS).map(([oid, parse]) => [oid, (v: string) => parse(v)]));
    pg = await PGlite.create({
      dataDir: inMemory ? undefined : dataDir,
      loadDataDir: restoreFrom,
      extensions: { pg_trgm, unaccent },
      parsers: { ...parsers, [types.TIMESTAMPTZ]: (v: string) => new Date(v) },
    });
  } catch (error) {
    release();
    throw error;
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query<T>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(pg);
  // PGlite runs one statement or transaction at a time; the rest wait their turn. Counted for /metrics.
  let inFlight = 0;
  const counted =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      inFlight++;
      try {
        return await run(...args);
      } finally {
        inFlight--;
      }
    };
  return {
    engine: 'pglite',
    query: counted(base.query) as Db['query'],
    exec: counted(base.exec),
    transaction: counted((work, settings?: TransactionSettings) =>
      pg.transaction(async (tx) => {
        const set = settings ? settingsSql(settings) : '';
        if (set) await tx.exec(set);
        return work(wrap(tx));
      }),
    ) as Db['transaction'],
    // Inside PGlite's own transaction, so a statement that fails mid-script is rolled back before
    // the connection is handed on (a failed script's BEGIN would otherwise leave the one connection
    // aborted for everyone); a BEGIN or COMMIT of the script's own only draws a warning.
    script: counted((sql: string) => pg.transaction(async (tx) => (await tx.exec(sql)).flatMap((result) => result.rows as Record<string, unknown>[]))),
    // One session: its own notifications reach it, at commit, as PostgreSQL's do.
    async listen(channel, onNotify) {
      const stop = await pg.listen(channel, () => onNotify());
      onNotify();
      return stop;
    },
    stats: () => ({ engine: 'pglite', waiting: Math.max(0, inFlight - 1) }),
    snapshot: () => pg.dumpDataDir('gzip'),
    async close() {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
