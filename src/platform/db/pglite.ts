import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { TYPE_PARSERS, type Db, type Queryable } from './db.js';
import { acquireDataDirLock } from './lock.js';

/** Open PGlite in `dataDir` (or in memory for `memory://`), holding the folder's lock. */
export async function openPglite(dataDir: string): Promise<Db> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : acquireDataDirLock(dataDir);
  let pg: PGlite;
  try {
    const parsers = Object.fromEntries(Object.entries(TYPE_PARSERS).map(([oid, parse]) => [oid, (v: string) => parse(v)]));
    pg = await PGlite.create({
      dataDir: inMemory ? undefined : dataDir,
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
  return {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (work) => pg.transaction((tx) => work(wrap(tx))),
    async close() {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
