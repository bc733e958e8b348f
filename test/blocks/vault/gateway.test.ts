import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { vaultBlock } from '../../../src/blocks/vault/index.js';
import { AccessRefused, readWithAccess, withResidentAccess, type VaultActor } from '../../../src/blocks/vault/gateway.js';
import { writeItems } from '../../../src/blocks/vault/record.js';
import { insertBasis, insertGrant, type GrantRow } from '../../../src/blocks/vault/sql/grants.js';
import { verifyLog } from '../../../src/blocks/vault/log/verify.js';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { KeyRing, useKeyRing } from '../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';
import { chained } from '../../support/vault-log.js';
import { inCouncil } from '../../../src/blocks/vault/sql/scope.js';

const CATEGORIES = ['name', 'contact', 'address', 'household', 'benefits'];
const NOW = new Date('2026-12-03T12:00:00Z');
const DAY = 24 * 3600 * 1000;

describe('vault: the one access gateway', () => {
  let database: TestDatabase;
  let councils: string[];
  const residents = [randomUUID(), randomUUID()];
  const logCount = async () => (await (await chained(database.db)).query<{ n: number }>('SELECT count(*)::int AS n FROM vault_access_log')).rows[0].n;

  before(async () => {
    database = await freshDatabase();
    useKeyRing(database.db, new KeyRing([{ id: 'test', key: randomBytes(32) }]));
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councils = [(await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown' }, [vaultBlock])).id, (await addCouncil(database.db, { slug: 'otherton', name: 'Otherton' }, [vaultBlock])).id];
    // Every resident has a value in every category, in both councils.
    const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
    useKeyRing(database.db, ring);
    for (const councilId of councils) {
      for (const residentId of residents) {
        for (const category of CATEGORIES) await writeItems(database.db, ring, councilId, residentId, category, [{ of: category, resident: residentId }], { kind: 'resident', name: 'Themselves' });
      }
    }
  });
  after(() => database.close());

  const housing: VaultActor = { kind: 'staff', personId: randomUUID(), name: 'Jo Officer', team: 'Housing options' };

  it('reads only the categories granted, seals sensitive ones at rest, and logs the access in the same transaction', async () => {
    const [councilId] = councils;
    const grantId = randomUUID();
    await inCouncil(database.db, councilId, (tx) => insertGrant(tx, councilId, {
      id: grantId, residentId: residents[0], granteeKind: 'team', grantee: 'Housing options', categories: ['address', 'household', 'benefits'],
      access: 'read', purpose: 'Housing application', lawfulBasis: 'consent', status: 'active', startsAt: new Date(NOW.getTime() - DAY), expiresAt: new Date(NOW.getTime() + 30 * DAY),
    }));
    const before = await logCount();
    const items = await withResidentAccess(database.db, { councilId, actor: housing, residentId: residents[0], categories: ['address', 'benefits'], action: 'read', now: NOW }, (a) => a.read());
    assert.deepEqual(items.map((i) => i.category).sort(), ['address', 'benefits']);
    assert.deepEqual(items.find((i) => i.category === 'benefits')?.value, { of: 'benefits', resident: residents[0] });
    const stored = await database.db.query<{ value: Record<string, unknown> }>("SELECT value FROM vault_item WHERE category = 'benefits' LIMIT 1");
    assert.equal(stored.rows[0].value.hearth_sealed, 1, 'a sensitive category is sealed at rest');
    assert.equal(await logCount(), before + 1);
    const entry = (await (await chained(database.db)).query<{ grant_id: string; categories: string[]; purpose: string; actor_name: string }>('SELECT grant_id, categories, purpose, actor_name FROM vault_access_log ORDER BY seq DESC LIMIT 1')).rows[0];
    assert.deepEqual(entry, { grant_id: grantId, categories: ['address', 'benefits'], purpose: 'Housing application', actor_name: 'Jo Officer' });
    // Reading for a write, or writing under a read grant, is refused and logs nothing.
    await assert.rejects(
      withResidentAccess(database.db, { councilId, actor: housing, residentId: residents[0], categories: ['address'], action: 'update', now: NOW }, (a) => a.write('address', [{}])),
      AccessRefused,
    );
    assert.equal(await logCount(), before + 1);
    assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });

  it('lets a team read under a recorded legal basis, never change the record under one', async () => {
    const [councilId] = councils;
    await database.db.query('DELETE FROM vault_grant');
    await inCouncil(database.db, councilId, (tx) => insertBasis(tx, councilId, {
      id: randomUUID(), residentId: residents[1], team: housing.kind === 'staff' ? housing.team : '', categories: ['address'], legalBasis: 'Housing Act 1996 s.184 (homelessness inquiries)',
      purpose: 'Inquiring into a homelessness application', recordedBy: randomUUID(), status: 'active', expiresAt: new Date(NOW.getTime() + 30 * DAY), discloseAfter: null,
    }));
    const before = await logCount();
    const read = await withResidentAccess(database.db, { councilId, actor: housing, residentId: residents[1], categories: ['address'], action: 'read', now: NOW }, (a) => a.read());
    assert.equal(read.length, 1);
    await assert.rejects(
      withResidentAccess(database.db, { councilId, actor: housing, residentId: residents[1], categories: ['address'], action: 'update', now: NOW }, (a) => a.write('address', [{}])),
      AccessRefused,
    );
    assert.equal(await logCount(), before + 1, 'the read logged, the refused change not');
    await database.db.query('DELETE FROM vault_basis');
  });

  it('gives nothing without a live grant: for any grants and any request, access happens exactly when a grant covers it (property)', async () => {
    const grantArb = fc.record({
      council: fc.integer({ min: 0, max: 1 }),
      resident: fc.integer({ min: 0, max: 1 }),
      granteeKind: fc.constantFrom<'team' | 'partner'>('team', 'partner'),
      grantee: fc.constantFrom('Housing options', 'Adult care', 'client-ha'),
      categories: fc.subarray(CATEGORIES, { minLength: 1 }),
      access: fc.constantFrom<'read' | 'read_update'>('read', 'read_update'),
      status: fc.constantFrom<GrantRow['status']>('requested', 'active', 'paused', 'withdrawn', 'refused'),
      startsInDays: fc.integer({ min: -30, max: 5 }),
      lastsDays: fc.integer({ min: 1, max: 60 }),
    });
    const requestArb = fc.record({
      council: fc.integer({ min: 0, max: 1 }),
      resident: fc.integer({ min: 0, max: 1 }),
      actor: fc.constantFrom<Extract<VaultActor, { kind: 'staff' | 'partner' }>>(
        { kind: 'staff', personId: randomUUID(), name: 'Jo', team: 'Housing options' },
        { kind: 'staff', personId: randomUUID(), name: 'Sam', team: 'Adult care' },
        { kind: 'partner', clientId: 'client-ha', name: 'Ashdown Homes', scopes: ['vault.read', 'vault.write'] },
        { kind: 'partner', clientId: 'client-ha', name: 'Ashdown Homes (read scope)', scopes: ['vault.read'] },
      ),
      categories: fc.subarray(CATEGORIES, { minLength: 1 }),
      action: fc.constantFrom<'read' | 'update'>('read', 'update'),
      // A read also by readWithAccess: one statement under a grant, else the general path.
      oneStatement: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(grantArb, { maxLength: 4 }), requestArb, async (grants, request) => {
        await database.db.query('DELETE FROM vault_grant');
        await database.db.query('DELETE FROM vault_basis');
        for (const g of grants) {
          const startsAt = new Date(NOW.getTime() + g.startsInDays * DAY);
          await inCouncil(database.db, councils[g.council], (tx) => insertGrant(tx, councils[g.council], {
            id: randomUUID(), residentId: residents[g.resident], granteeKind: g.granteeKind, grantee: g.grantee, categories: g.categories, access: g.access,
            purpose: 'A purpose', lawfulBasis: 'consent', status: g.status, startsAt, expiresAt: new Date(startsAt.getTime() + g.lastsDays * DAY),
          }));
        }
        const actor = request.actor;
        const grantee = actor.kind === 'staff' ? actor.team : actor.clientId;
        const scoped = actor.kind === 'staff' || actor.scopes.includes(request.action === 'read' ? 'vault.read' : 'vault.write');
        const expected =
          scoped &&
          grants.some((g) => {
            const startsAt = NOW.getTime() + g.startsInDays * DAY;
            return (
              g.council === request.council && g.resident === request.resident && g.granteeKind === (actor.kind === 'staff' ? 'team' : 'partner') && g.grantee === grantee &&
              g.status === 'active' && startsAt <= NOW.getTime() && startsAt + g.lastsDays * DAY > NOW.getTime() &&
              request.categories.every((c) => g.categories.includes(c)) && (request.action === 'read' || g.access === 'read_update')
            );
          });
        const before = await logCount();
        let seen: string[] | undefined;
        try {
          const asked = { councilId: councils[request.council], actor, residentId: residents[request.resident], categories: request.categories, now: NOW };
          const items =
            request.action === 'read' && request.oneStatement
              ? await readWithAccess(database.db, { ...asked, action: 'read' })
              : await withResidentAccess(database.db, { ...asked, action: request.action }, (a) => a.read());
          seen = items.map((i) => { const v = i.value as { of: string; resident: string }; assert.equal(v.resident, residents[request.resident], 'only this resident'); return i.category; });
        } catch (error) {
          if (!(error instanceof AccessRefused)) throw error;
        }
        assert.equal(seen !== undefined, expected, `access ${expected ? 'expected' : 'refused'} for ${JSON.stringify({ grants, request })}`);
        if (seen) assert.deepEqual([...seen].sort(), [...request.categories].sort(), 'exactly the categories asked for');
        assert.equal(await logCount(), before + (expected ? 1 : 0), 'one log entry per access, none for a refusal');
      }),
      { numRuns: 80 },
    );
    for (const councilId of councils) assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });
  it('reads under a grant in one statement: the same items and the same log entry as the general path, and nothing for a restricted category', async () => {
    const councilId = councils[1];
    await database.db.query('DELETE FROM vault_grant');
    const older = randomUUID();
    const newer = randomUUID();
    const partner: VaultActor = { kind: 'partner', clientId: 'client-ha', name: 'Ashdown Homes', scopes: ['vault.read'] };
    const grant = (id: string, categories: string[], purpose: string, createdDaysAgo: number) =>
      inCouncil(database.db, councilId, async (tx) => {
        await insertGrant(tx, councilId, {
          id, residentId: residents[0], granteeKind: 'partner', grantee: 'client-ha', categories, access: 'read', purpose, lawfulBasis: 'consent', status: 'active',
          startsAt: new Date(NOW.getTime() - DAY), expiresAt: new Date(NOW.getTime() + DAY),
        });
        await tx.query('UPDATE vault_grant SET created_at = $2 WHERE id = $1', [id, new Date(NOW.getTime() - createdDaysAgo * DAY)]);
      });
    await grant(newer, ['address', 'contact'], 'Repairs', 1);
    await grant(older, ['address', 'contact', 'household'], 'Tenancy', 5);
    const asked = { councilId, actor: partner, residentId: residents[0], categories: ['contact', 'address', 'contact'], now: NOW };
    const fast = await readWithAccess(database.db, { ...asked, action: 'read' });
    const fastEntry = (await (await chained(database.db)).query('SELECT actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose, at FROM vault_access_log WHERE council_id = $1 ORDER BY seq DESC LIMIT 1', [councilId])).rows[0];
    const general = await withResidentAccess(database.db, { ...asked, action: 'read' }, (a) => a.read());
    const generalEntry = (await (await chained(database.db)).query('SELECT actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose, at FROM vault_access_log WHERE council_id = $1 ORDER BY seq DESC LIMIT 1', [councilId])).rows[0];
    assert.deepEqual(fast, general, 'the same items, values opened');
    assert.deepEqual(fastEntry, generalEntry, 'the same log entry');
    assert.equal(fastEntry.grant_id, older, 'under the oldest grant that covers the read');
    assert.deepEqual(fastEntry.categories, ['address', 'contact'], 'categories sorted and distinct');
    // A category asked for with nothing held in it: read (nothing) and logged all the same.
    await database.db.query("UPDATE vault_item SET superseded_at = now() WHERE council_id = $1 AND resident_id = $2 AND category = 'household'", [councilId, residents[0]]);
    const before = await logCount();
    assert.deepEqual(await readWithAccess(database.db, { ...asked, categories: ['household'], action: 'read' }), []);
    assert.equal(await logCount(), before + 1);
    // Restricted by the resident: refused, with its reason, and not logged.
    await inCouncil(database.db, councilId, (tx) => tx.query("INSERT INTO vault_restriction (council_id, resident_id, category) VALUES ($1, $2, 'contact')", [councilId, residents[0]]));
    await assert.rejects(readWithAccess(database.db, { ...asked, action: 'read' }), (error: Error) => error instanceof AccessRefused && error.reason === 'no_authority');
    assert.equal(await logCount(), before + 1);
    assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });

  it('reads arriving together go to the database together: each under its own grant, with its own entry, and a read without one refused alone', async () => {
    await database.db.query('DELETE FROM vault_grant');
    await database.db.query('DELETE FROM vault_restriction');
    const [ashdown, otherton] = councils;
    const partner: VaultActor = { kind: 'partner', clientId: 'client-ha', name: 'Ashdown Homes', scopes: ['vault.read'] };
    const grant = (councilId: string, residentId: string, actor: VaultActor, categories: string[]) =>
      inCouncil(database.db, councilId, (tx) => insertGrant(tx, councilId, {
        id: randomUUID(), residentId, granteeKind: actor.kind === 'staff' ? 'team' : 'partner', grantee: actor.kind === 'staff' ? actor.team : actor.kind === 'partner' ? actor.clientId : '',
        categories, access: 'read', purpose: 'A purpose', lawfulBasis: 'consent', status: 'active', startsAt: new Date(NOW.getTime() - DAY), expiresAt: new Date(NOW.getTime() + DAY),
      }));
    await grant(ashdown, residents[0], housing, ['address']);
    await grant(ashdown, residents[1], partner, ['contact', 'household']);
    await grant(otherton, residents[1], housing, ['address']);
    const asks = [
      { councilId: ashdown, actor: housing, resident: 0, categories: ['address'], granted: true },
      { councilId: ashdown, actor: partner, resident: 1, categories: ['household', 'contact'], granted: true },
      { councilId: ashdown, actor: housing, resident: 1, categories: ['address'], granted: false },
      { councilId: otherton, actor: housing, resident: 1, categories: ['address'], granted: true },
      { councilId: otherton, actor: housing, resident: 0, categories: ['address'], granted: false },
      { councilId: ashdown, actor: partner, resident: 0, categories: ['contact'], granted: false },
    ];
    const entries = async (councilId: string) => (await (await chained(database.db)).query<{ n: number }>('SELECT count(*)::int AS n FROM vault_access_log WHERE council_id = $1', [councilId])).rows[0].n;
    const before = [await entries(ashdown), await entries(otherton)];
    // Asked in one go, three times over: the first read goes alone and the rest wait for it, then go as one batch per council.
    const all = [...asks, ...asks, ...asks];
    const results = await Promise.allSettled(all.map((a) => readWithAccess(database.db, { councilId: a.councilId, actor: a.actor, residentId: residents[a.resident], categories: a.categories, action: 'read', now: NOW })));
    results.forEach((result, i) => {
      const asked = all[i];
      if (!asked.granted) {
        assert.equal(result.status, 'rejected', `read ${i} has no grant`);
        assert.ok(result.status === 'rejected' && result.reason instanceof AccessRefused && result.reason.reason === 'no_authority');
        return;
      }
      assert.equal(result.status, 'fulfilled', `read ${i} is granted`);
      const items = result.status === 'fulfilled' ? result.value : [];
      assert.deepEqual(items.map((item) => item.category).sort(), [...asked.categories].sort(), `read ${i}: the categories it asked for`);
      for (const item of items) assert.deepEqual(item.value, { of: item.category, resident: residents[asked.resident] }, `read ${i}: its own resident's values`);
    });
    const granted = (councilId: string) => all.filter((a) => a.granted && a.councilId === councilId).length;
    assert.deepEqual([await entries(ashdown), await entries(otherton)], [before[0] + granted(ashdown), before[1] + granted(otherton)], 'one entry for each granted read, in its own council');
    const logged = await (await chained(database.db)).query<{ resident_id: string; organisation: string; categories: string[] }>(
      'SELECT resident_id, organisation, categories FROM vault_access_log WHERE council_id = $1 ORDER BY seq DESC LIMIT $2', [ashdown, granted(ashdown)],
    );
    assert.deepEqual(
      logged.rows.map((r) => `${r.organisation} ${r.resident_id === residents[0] ? 0 : 1} ${r.categories.join(',')}`).sort(),
      ['Housing options 0 address', 'Housing options 0 address', 'Housing options 0 address', 'client-ha 1 contact,household', 'client-ha 1 contact,household', 'client-ha 1 contact,household'],
      'each entry names its own grantee, resident and categories',
    );
    for (const councilId of councils) assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });

  it('fails a read the database cannot do alone: the rest of its batch is read and recorded once each', async () => {
    await database.db.query('DELETE FROM vault_grant');
    const [ashdown] = councils;
    for (const residentId of residents) {
      await inCouncil(database.db, ashdown, (tx) => insertGrant(tx, ashdown, {
        id: randomUUID(), residentId, granteeKind: 'team', grantee: housing.team, categories: ['address'], access: 'read', purpose: 'A purpose',
        lawfulBasis: 'consent', status: 'active', startsAt: new Date(NOW.getTime() - DAY), expiresAt: new Date(NOW.getTime() + DAY),
      }));
    }
    const before = await logCount();
    const read = (residentId: string) => readWithAccess(database.db, { councilId: ashdown, actor: housing, residentId, categories: ['address'], action: 'read', now: NOW });
    // The first goes alone; the other three wait for it and go as one batch, which the id that is no uuid makes the database refuse whole.
    const [first, good, bad, alsoGood] = await Promise.allSettled([read(residents[0]), read(residents[1]), read('not-a-uuid'), read(residents[0])]);
    for (const [result, resident] of [[first, 0], [good, 1], [alsoGood, 0]] as const) {
      assert.equal(result.status, 'fulfilled');
      assert.deepEqual(result.status === 'fulfilled' && result.value.map((i) => i.value), [{ of: 'address', resident: residents[resident] }]);
    }
    assert.equal(bad.status, 'rejected', 'the read the database cannot do fails');
    assert.equal(await logCount(), before + 3, 'each read done is recorded once: nothing of the refused batch was kept');
    assert.equal((await verifyLog(database.db, ashdown)).broken, undefined);
  });
});
