import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db/db.js';

/** A folder of numbered `.sql` files owned by one block (or the platform). */
export interface MigrationSet {
  owner: string;
  dir: string;
}

// An arbitrary constant shared by every Hearth process, so two processes starting together
// against one PostgreSQL never apply the same migration twice.
const MIGRATION_LOCK_KEY = 7_263_221;

/**
 * Apply every migration not yet applied, in file-name order per owner. All of one run's
 * migrations go in a single transaction with their bookkeeping rows: a failure (or a
 * killed process) leaves the schema exactly as it was. The same files run on both engines.
 */
export async function migrate(db: Db, sets: MigrationSet[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS hearth_migration (
      owner text NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (owner, name)
    )`);
    const done = new Set(
      (await tx.query<{ owner: string; name: string }>('SELECT owner, name FROM hearth_migration')).rows.map(
        (r) => `${r.owner}/${r.name}`,
      ),
    );
    const applied: string[] = [];
    for (const set of sets) {
      const files = readdirSync(set.dir).filter((f) => f.endsWith('.sql')).sort();
      for (const file of files) {
        if (done.has(`${set.owner}/${file}`)) continue;
        await tx.exec(readFileSync(join(set.dir, file), 'utf8'));
        await tx.query('INSERT INTO hearth_migration (owner, name) VALUES ($1, $2)', [set.owner, file]);
        applied.push(`${set.owner}/${file}`);
      }
    }
    return applied;
  });
}
