import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { vaultBlock } from '../../../../src/blocks/vault/index.js';
import type { NewAccess } from '../../../../src/blocks/vault/log/append.js';
import { appendAccess } from '../../../../src/blocks/vault/log/chainer.js';
import { canonicalEntry } from '../../../../src/blocks/vault/log/chain.js';
import { verifyLog } from '../../../../src/blocks/vault/log/verify.js';
import { canonicalTexts } from '../../../../src/blocks/vault/sql/access-log.js';
import { platformMigrations } from '../../../../src/main.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { inCouncil } from '../../../../src/blocks/vault/sql/scope.js';

/**
 * `hearth vault verify` re-computes hashes inside the database, from the database's own rendering
 * of each entry's canonical form; appends (and anyone checking a downloaded copy) use chain.ts's.
 * The two must agree character for character over any text a name or purpose can hold: quotes,
 * backslashes, control characters, Welsh and other letters, emoji. PostgreSQL text cannot hold
 * NUL, and the drivers cannot send a lone surrogate, so those are left out.
 */
const text = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .chain((s) => fc.constantFrom(s, `${s}"\\\n\t\r\b\f\u0001\u001f\u007f\u2028ŵŷ🏠/`))
  .map((s) => s.replace(/\u0000/g, ''));

describe('vault: the database renders an entry exactly as chain.ts does', () => {
  let database: TestDatabase;
  let councilId: string;

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councilId = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown Council' }, [vaultBlock])).id;
  });
  after(() => database.close());

  it('for any names, purposes, categories and times (property)', async () => {
    const accesses = fc.array(
      fc.record({
        actorName: text,
        actorId: text,
        organisation: text,
        purpose: text,
        categories: fc.array(fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/), { minLength: 1, maxLength: 4 }),
        at: fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        onBehalfOf: fc.option(fc.uuid(), { nil: null }),
        withGrant: fc.boolean(),
        update: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(accesses, async (drawn) => {
        const written = await database.db.transaction((tx) =>
          appendAccess(
            tx,
            councilId,
            drawn.map(
              (d): NewAccess => ({
                councilId,
                at: d.at,
                residentId: randomUUID(),
                actorKind: 'staff',
                actorId: d.actorId,
                actorName: d.actorName,
                organisation: d.organisation,
                onBehalfOf: d.onBehalfOf,
                action: d.update ? 'update' : 'read',
                categories: d.categories,
                grantId: d.withGrant ? randomUUID() : null,
                basisId: d.withGrant ? null : randomUUID(),
                purpose: d.purpose,
              }),
            ),
          ),
        );
        const rendered = new Map((await inCouncil(database.db, councilId, (tx) => canonicalTexts(tx, councilId))).map((r) => [r.seq, r.canonical]));
        for (const entry of written) assert.equal(rendered.get(entry.seq), canonicalEntry(entry));
      }),
      { numRuns: 60 },
    );
    const verification = await verifyLog(database.db, councilId);
    assert.equal(verification.broken, undefined, JSON.stringify(verification.broken));
    assert.ok(verification.entries >= 60);
  });
});
