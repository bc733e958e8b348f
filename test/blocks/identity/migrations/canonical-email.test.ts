import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'node:test';
import { canonicalEmail } from '../../../../src/blocks/identity/email.js';
import { platformMigrations } from '../../../../src/main.js';
import { migrate, type MigrationSet } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';

const identityDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../src/blocks/identity/migrations');

/** The identity migrations before 004, as a database upgraded to this release has them. */
function identityBefore004(): { set: MigrationSet; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-identity-'));
  for (const file of ['001_identity.sql', '002_partners.sql', '003_oidc.sql']) cpSync(join(identityDir, file), join(dir, file));
  return { set: { owner: 'identity', dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Stored before 004, each as some earlier release could have written it.
const STORED = [
  'Sam.Jones@Example.ORG',
  'admin@ashdown.example',
  'kim@Bücher.example',
  'Ünal@EXAMPLE.org',
  'jose\u0301@example.org',
  'trailing@example.org.',
  'Zoë@Straße.example',
  'noor@مثال.example',
  'li@例え.テスト',
];

describe('identity migration 004: stored addresses in their canonical form', () => {
  let database: TestDatabase | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await database?.close();
    cleanup();
  });

  async function before004() {
    database = await freshDatabase();
    const old = identityBefore004();
    cleanup = old.cleanup;
    await migrate(database.db, [platformMigrations, old.set]);
    return database.db;
  }

  it('rewrites every address as email.ts would, and the unique index is on the address itself', async () => {
    const db = await before004();
    for (const email of STORED) await db.query('INSERT INTO person (email) VALUES ($1)', [email]);
    await migrate(db, [platformMigrations, { owner: 'identity', dir: identityDir }]);
    const { rows } = await db.query<{ email: string }>('SELECT email FROM person ORDER BY created_at, email');
    const stored = new Set(rows.map((r) => r.email));
    for (const email of STORED) assert.ok(stored.has(canonicalEmail(email)!), `${email} → ${canonicalEmail(email)} (have ${[...stored].join(', ')})`);
    // The old index on lower(email) could not hold both admin@ and admİn@ (lower() folded them): after 004 it can.
    await db.query('INSERT INTO person (email) VALUES ($1)', [canonicalEmail('admİn@ashdown.example')]);
    const { rows: index } = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'person_email'`);
    assert.match(index[0].indexdef, /UNIQUE INDEX person_email ON (public\.)?person USING btree \(email\)/);
    const { rows: leftovers } = await db.query(`SELECT 1 FROM pg_proc WHERE proname LIKE 'hearth_%email%' OR proname = 'hearth_punycode'`);
    assert.equal(leftovers.length, 0, 'the migration leaves no functions behind');
  });

  it('stops, naming both, when two people would end with one address (never merges them)', async () => {
    const db = await before004();
    await db.query('INSERT INTO person (email) VALUES ($1), ($2)', ['jose\u0301@example.org', 'jos\u00e9@example.org']);
    await assert.rejects(
      () => migrate(db, [platformMigrations, { owner: 'identity', dir: identityDir }]),
      (e: Error) => /same email address/.test(e.message) && e.message.includes('jos\u00e9@example.org'),
    );
    const { rows } = await db.query('SELECT 1 FROM hearth_migration WHERE name = $1', ['004_canonical_email.sql']);
    assert.equal(rows.length, 0, 'nothing applied');
  });

  it('keeps where staff last signed in, per council, from the audit log', async () => {
    const db = await before004();
    const { rows: councils } = await db.query<{ id: string }>(`INSERT INTO council (id, slug, name) VALUES (gen_random_uuid(), 'a', 'A'), (gen_random_uuid(), 'b', 'B') RETURNING id`);
    const { rows: people } = await db.query<{ id: string }>(`INSERT INTO person (email) VALUES ('clerk@example.org') RETURNING id`);
    await db.query(
      `INSERT INTO audit_log (council_id, actor_person_id, action, at) VALUES ($1, $3, 'session.started', '2026-01-01T10:00Z'), ($1, $3, 'session.started', '2026-02-01T10:00Z'), ($2, $3, 'role.granted', '2026-03-01T10:00Z')`,
      [councils[0].id, councils[1].id, people[0].id],
    );
    await migrate(db, [platformMigrations, { owner: 'identity', dir: identityDir }]);
    const { rows } = await db.query<{ council_id: string; last_signed_in_at: Date }>('SELECT council_id, last_signed_in_at FROM person_council_sign_in');
    assert.deepEqual(
      rows.map((r) => [r.council_id, new Date(r.last_signed_in_at).toISOString()]),
      [[councils[0].id, '2026-02-01T10:00:00.000Z']],
    );
  });
});
