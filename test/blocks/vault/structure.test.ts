import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));
const VAULT_SQL = join(SRC, 'blocks', 'vault', 'sql');
const VAULT_MIGRATIONS = join(SRC, 'blocks', 'vault', 'migrations');

/** Every table the vault owns, read from its migrations (a new table is covered without editing this test). */
function vaultTables(): string[] {
  return readdirSync(VAULT_MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .flatMap((f) => [...readFileSync(join(VAULT_MIGRATIONS, f), 'utf8').matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]));
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|sql|njk)$/.test(entry.name)) yield path;
  }
}

describe('vault: its tables are reached only through its own SQL module', () => {
  it('finds the tables', () => {
    assert.ok(vaultTables().includes('vault_item') && vaultTables().includes('vault_access_log'), vaultTables().join(', '));
  });

  it('has no file outside src/blocks/vault/sql/ (and its migrations) that names a vault table', () => {
    const names = new RegExp(`\\b(${vaultTables().join('|')})\\b`);
    const offenders = [...sourceFiles(SRC)]
      .filter((path) => !path.startsWith(VAULT_SQL) && !path.startsWith(VAULT_MIGRATIONS))
      .filter((path) => names.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path));
    assert.deepEqual(offenders, [], 'only the vault\'s SQL module may name its tables: the access gateway is the one way in');
  });

  it("has every SQL function take a council's scope (sql/scope.ts), never a bare connection", () => {
    // A CouncilTx is made only by inCouncil, which names the council to the database first (row-level security's setting).
    // scope.ts makes them.
    // scope.ts makes them; granted-read.ts calls one database function, which names the council itself.
    const exempt = new Set(['scope.ts', 'granted-read.ts']);
    const bare = readdirSync(VAULT_SQL)
      .filter((f) => f.endsWith('.ts') && !exempt.has(f))
      .filter((f) => /\bQueryable\b|\bDb\b/.test(readFileSync(join(VAULT_SQL, f), 'utf8')));
    assert.deepEqual(bare, [], 'a vault SQL function takes a CouncilTx, so a query outside a council scope does not type-check');
    // The exemption holds only while granted-read.ts names no table, just the function, and the function names its council first.
    const grantedRead = readFileSync(join(VAULT_SQL, 'granted-read.ts'), 'utf8');
    assert.deepEqual([...grantedRead.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+(\w+)/gi)].map((m) => m[1]), ['vault_granted_reads']);
    const fn = /CREATE FUNCTION vault_granted_reads[\s\S]*?\$\$;/.exec(readFileSync(join(SRC, 'blocks', 'vault', 'migrations', '013_granted_reads.sql'), 'utf8'))?.[0] ?? '';
    assert.ok(fn, 'the function is where the test looks for it');
    const body = fn.slice(fn.indexOf('BEGIN'));
    assert.match(body, /^BEGIN\s+PERFORM set_config\('hearth\.vault_council', p_council::text, true\);/, 'the function names its council before anything else');
  });
});
