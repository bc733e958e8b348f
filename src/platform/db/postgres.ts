import pg from 'pg';
import { settingsSql, TYPE_PARSERS, type Db, type Queryable } from './db.js';

for (const [oid, parse] of Object.entries(TYPE_PARSERS)) pg.types.setTypeParser(Number(oid), parse);

/** Open a pool on a PostgreSQL server. `max` is the pool size per process. */
export async function openPostgres(url: string, max = 20): Promise<Db> {
  // Hearth's queries are short and many: JIT compilation (hundreds of ms on a broad search)
  // and parallel workers cost more than they save, so both are off for its connections.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c jit=off -c max_parallel_workers_per_gather=0' });
  let closing = false;
  // An idle connection the server ends (a restart, a failover, an administrator) is dropped by
  // the pool, and the next query opens another. Unheard, the pool's 'error' would end the process.
  pool.on('error', (error) => {
    if (!closing) process.stderr.write(`hearth: a database connection was closed by the server (${error.message}); the next query opens another\n`);
  });
  // Fail at start, not at the first request, when the server is unreachable.
  const client = await pool.connect();
  client.release();
  const asQueryable = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await q.query(sql); // no parameters: the simple protocol runs several statements
    },
  });
  const base = asQueryable(pool);
  const listeners = new Set<pg.Client>();
  return {
    engine: 'postgres',
    query: base.query,
    exec: base.exec,
    async script(sql: string) {
      // No parameters: the simple protocol runs every statement on one connection, one result each.
      const results = (await pool.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(results) ? results : [results]).flatMap((result) => (result.rows ?? []) as Record<string, unknown>[]);
    },
    async listen(channel, onNotify) {
      if (!/^[a-z_]{1,63}$/.test(channel)) throw new Error(`a channel to listen on is a plain name: ${channel}`);
      // A connection of its own, outside the pool: LISTEN belongs to a session, and a pooled
      // connection is handed to others between queries.
      let stopped = false;
      let current: pg.Client | undefined;
      let retry: NodeJS.Timeout | undefined;
      const again = (error: Error) => {
        if (stopped || closing) return;
        process.stderr.write(`hearth: the connection listening on ${channel} was lost (${error.message}); listening again in 5 s, polling meanwhile\n`);
        retry = setTimeout(() => connect().catch(again), 5000);
        retry.unref();
      };
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url });
        client.on('notification', (message) => {
          if (message.channel === channel) onNotify();
        });
        client.on('error', (error) => {
          listeners.delete(client);
          client.end().catch(() => {});
          if (current === client) {
            current = undefined;
            again(error);
          }
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${channel}`);
        } catch (error) {
          await client.end().catch(() => {});
          throw error;
        }
        current = client;
        listeners.add(client);
        onNotify();
      };
      await connect();
      return async () => {
        stopped = true;
        clearTimeout(retry);
        const client = current;
        current = undefined;
        if (client) {
          listeners.delete(client);
          await client.end().catch(() => {});
        }
      };
    },
    stats: () => ({ engine: 'postgres', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async transaction(work, settings) {
      const conn = await pool.connect();
      try {
        const set = settings ? settingsSql(settings) : '';
        // One round trip: the simple protocol runs both statements.
        await conn.query(set ? `BEGIN; ${set}` : 'BEGIN');
        const result = await work(asQueryable(conn));
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    // pool.end() resolves once its connections are told to end, not once they have: wait for
    // each, so that whoever closes can drop the database straight after.
    async close() {
      closing = true;
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      const open = pool.totalCount;
      let ended = 0;
      const allEnded = new Promise<void>((resolve) => {
        if (open === 0) resolve();
        pool.on('remove', () => {
          if (++ended >= open) resolve();
        });
      });
      await pool.end();
      await Promise.race([allEnded, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    },
  };
}
