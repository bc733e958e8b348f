import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { registerClient } from '../../../../src/blocks/identity/partners/service.js';
import { vaultBlock } from '../../../../src/blocks/vault/index.js';
import { createGrant } from '../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../src/blocks/vault/record.js';
import { COUNCIL_SETTING, inCouncil } from '../../../../src/blocks/vault/sql/scope.js';
import { addTeam } from '../../../../src/blocks/vault/teams.js';
import { mailTeamNotices } from '../../../../src/blocks/vault/tell-us-once/index.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { keyRingOf } from '../../../../src/platform/crypto/key-ring.js';
import type { Queryable } from '../../../../src/platform/db/db.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { signIn } from '../../identity/support.js';
import { basic, form, FORM_TYPE, freshAddress, PUBLIC_URL } from '../../identity/partners/support.js';
import { chainPending } from '../../../../src/blocks/vault/log/chainer.js';

/**
 * Row-level security, the vault's second wall (migrations/010_row_security.sql, sql/scope.ts):
 * Hearth runs here as a fresh role that is neither a superuser nor BYPASSRLS and owns the
 * tables (it ran the migrations), as README "PostgreSQL" asks of production; on both engines.
 */

const DAY = 24 * 3600_000;
const ADDRESS = { lines: ['1 High Street'], town: 'Testford', postcode: 'TE1 1ST' };
const SOURCE = { kind: 'resident' as const, name: 'Themselves' };

const count = async (q: Queryable, table: string) => (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
const refusal = /row-level security/;

describe('vault: row-level security, as a role that is neither superuser nor BYPASSRLS', () => {
  let hearth: TestHearth;
  let other: Council;
  let residentId: string;
  let partner: { clientId: string; secret: string };
  let otherResident: string;

  before(async () => {
    hearth = await startTestHearth({ restricted: true, env: { HEARTH_BLOCKS: 'identity,vault', HEARTH_PUBLIC_URL: PUBLIC_URL } });
    other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
    const registered = await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Testshire Homes', authMethod: 'client_secret', scopes: ['vault.read', 'vault.write'] });
    partner = { clientId: registered.client.clientId, secret: registered.secret! };
    await addTeam(hearth.db, hearth.council.id, { actorPersonId: null, actorEmail: 'setup@testshire.example' }, {
      code: 'Housing options',
      nameEn: 'Housing options',
      nameCy: 'Opsiynau tai',
      descriptionEn: '',
      descriptionCy: '',
      contactEmail: 'housing@testshire.example',
    });
    residentId = (await ensurePerson(hearth.db, 'tenant@example.org')).id;
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residentId, 'address', [ADDRESS], SOURCE);
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residentId, 'benefits', [{ held: ['universal_credit'] }], SOURCE);
    const grant = { residentId, access: 'read_update' as const, purpose: 'Managing my tenancy', lawfulBasis: 'consent' as const, expiresAt: new Date(Date.now() + 30 * DAY) };
    await createGrant(hearth.db, { councilId: hearth.council.id, granteeKind: 'partner', grantee: partner.clientId, categories: ['address'], ...grant });
    await createGrant(hearth.db, { councilId: hearth.council.id, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], ...grant });
    // Another council's resident, with a record and a grant of their own.
    otherResident = (await ensurePerson(hearth.db, 'elsewhere@example.org')).id;
    await writeItems(hearth.db, keyRingOf(hearth.db), other.id, otherResident, 'address', [ADDRESS], SOURCE);
    await createGrant(hearth.db, { councilId: other.id, granteeKind: 'partner', grantee: partner.clientId, categories: ['address'], ...grant, residentId: otherResident });
  });
  after(() => hearth?.stop());

  it('runs as a role that row-level security holds for', async () => {
    const { rows } = await hearth.db.query<{ rolsuper: boolean; rolbypassrls: boolean }>('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user');
    assert.deepEqual(rows, [{ rolsuper: false, rolbypassrls: false }]);
  });

  it('every vault table has row-level security forced, with a policy on the council named', async () => {
    const { rows } = await hearth.db.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: string[] }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
              coalesce(array_agg(p.qual || ' / ' || p.with_check) FILTER (WHERE p.policyname IS NOT NULL), '{}') AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_policies p ON p.schemaname = n.nspname AND p.tablename = c.relname
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname LIKE 'vault\\_%'
        GROUP BY 1, 2, 3 ORDER BY 1`,
    );
    assert.ok(rows.length >= 15, `the vault's tables: ${rows.map((r) => r.relname).join(', ')}`);
    for (const table of ['vault_access_log', 'vault_item', 'vault_grant', 'vault_rights_request']) assert.ok(rows.some((r) => r.relname === table), table);
    const unguarded = rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity || r.policies.length !== 1 || !r.policies[0].split(' / ').every((side) => side.includes(COUNCIL_SETTING) && side.includes('council_id')));
    assert.deepEqual(unguarded.map((r) => r.relname), [], 'each vault table: ENABLE and FORCE row-level security, one policy on council_id and the council named');
  });

  it('with no council named, no vault row is visible and nothing can be written', async () => {
    // The rows are there (seen from inside the council's own scope)…
    assert.ok((await inCouncil(hearth.db, hearth.council.id, (tx) => count(tx, 'vault_item'))) >= 2);
    assert.ok((await inCouncil(hearth.db, hearth.council.id, (tx) => count(tx, 'vault_access_log'))) >= 0);
    // …and a bare query, as a forgetful one outside the scope would be, sees none of them.
    for (const table of ['vault_item', 'vault_grant', 'vault_grant_event', 'vault_category', 'vault_team', 'vault_log_head']) {
      assert.equal(await count(hearth.db, table), 0, table);
    }
    assert.equal((await hearth.db.query(`UPDATE vault_grant SET purpose = 'changed' WHERE council_id = $1`, [hearth.council.id])).rowCount, 0);
    await assert.rejects(
      hearth.db.query(`INSERT INTO vault_restriction (council_id, resident_id, category) VALUES ($1, $2, 'address')`, [hearth.council.id, residentId]),
      refusal,
    );
  });

  it("with council B named, none of council A's rows are visible or writable", async () => {
    const a = hearth.council.id;
    await inCouncil(hearth.db, other.id, async (tx) => {
      // B's own rows are there…
      assert.equal((await tx.query(`SELECT 1 FROM vault_item WHERE resident_id = $1`, [otherResident])).rows.length, 1);
      // …and A's are not, even asked for by name.
      assert.equal((await tx.query(`SELECT 1 FROM vault_item WHERE council_id = $1`, [a])).rows.length, 0);
      assert.equal((await tx.query(`SELECT 1 FROM vault_grant WHERE council_id = $1`, [a])).rows.length, 0);
      assert.equal((await tx.query(`SELECT 1 FROM vault_team WHERE council_id = $1`, [a])).rows.length, 0);
      assert.equal((await tx.query(`UPDATE vault_item SET superseded_at = now() WHERE council_id = $1`, [a])).rowCount, 0);
      assert.equal((await tx.query(`DELETE FROM vault_grant_event WHERE council_id = $1`, [a])).rowCount, 0);
    });
    // Writing a row of A's while B is named is refused.
    await assert.rejects(
      inCouncil(hearth.db, other.id, (tx) =>
        tx.query(`INSERT INTO vault_item (council_id, id, resident_id, category, value, source_kind, source_name) VALUES ($1, $2, $3, 'address', '{}', 'resident', 'x')`, [a, randomUUID(), residentId]),
      ),
      refusal,
    );
    // Nor can a row of B's be moved into A.
    await assert.rejects(
      inCouncil(hearth.db, other.id, (tx) => tx.query(`UPDATE vault_grant SET council_id = $1 WHERE council_id = $2`, [a, other.id])),
      /row-level security|violates foreign key/,
    );
    assert.equal((await inCouncil(hearth.db, a, (tx) => tx.query(`SELECT 1 FROM vault_item WHERE council_id = $1`, [other.id]))).rows.length, 0);
  });

  it('names the council for its own transaction only: a pooled connection does not keep it', async () => {
    await inCouncil(hearth.db, hearth.council.id, async (tx) => {
      assert.equal((await tx.query<{ v: string }>(`SELECT current_setting('${COUNCIL_SETTING}', true) AS v`)).rows[0].v, hearth.council.id);
    });
    // Every connection of the pool (ten at once), after the scope committed.
    const after = await Promise.all(Array.from({ length: 10 }, () => hearth.db.query<{ v: string | null }>(`SELECT current_setting('${COUNCIL_SETTING}', true) AS v, pg_sleep(0.01)`)));
    for (const r of after) assert.ok(!r.rows[0].v, `no council left named: ${r.rows[0].v}`);
    // A scope joined inside another transaction names its council for its work and then the one before again.
    await hearth.db.transaction(async (tx) => {
      await inCouncil(tx, other.id, async (scoped) => assert.equal(await count(scoped, 'vault_item'), 1));
      assert.equal(await count(tx, 'vault_item'), 0);
    });
  });

  it("a partner's granted read works through the gateway, and is logged", async () => {
    const token = await hearth.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: freshAddress(), headers: { ...FORM_TYPE, authorization: basic(partner.clientId, partner.secret) }, payload: form({ grant_type: 'client_credentials' }) });
    assert.equal(token.statusCode, 200, token.body);
    const res = await hearth.app.inject({
      url: `/api/vault/residents/${residentId}/record?categories=address`,
      headers: { authorization: `Bearer ${token.json().access_token}`, accept: 'application/json' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().categories.address.values.map((v: { value: unknown }) => v.value), [ADDRESS]);
    // Chained by the pass a serving process runs every half second (log/chainer.ts), here at once, as this role.
    await chainPending(hearth.db, hearth.council.id);
    const logged = await inCouncil(hearth.db, hearth.council.id, (tx) => tx.query<{ actor_id: string }>(`SELECT actor_id FROM vault_access_log WHERE resident_id = $1`, [residentId]));
    assert.deepEqual(logged.rows.map((r) => r.actor_id), [partner.clientId]);
    // The other council's resident, granted to the same partner there: not here.
    const elsewhere = await hearth.app.inject({
      url: `/api/vault/residents/${otherResident}/record?categories=address`,
      headers: { authorization: `Bearer ${token.json().access_token}`, accept: 'application/json' },
    });
    assert.equal(elsewhere.statusCode, 404);
  });

  it("the resident's own pages work: record, sharing, who has seen it, their single view, their copy, a change and its notices", async () => {
    const browser = await signIn(hearth, 'tenant@example.org');
    const record = await browser.get('/my-record');
    assert.equal(record.statusCode, 200);
    assert.match(record.body, /1 High Street/);
    const sharing = await browser.get('/my-record/sharing');
    assert.equal(sharing.statusCode, 200);
    assert.match(sharing.body, /Testshire Homes/);
    const access = await browser.get('/my-record/access');
    assert.equal(access.statusCode, 200);
    assert.match(access.body, /Testshire Homes/);
    assert.equal((await browser.get('/my-hearth')).statusCode, 200);
    assert.equal((await browser.get('/my-record/rights')).statusCode, 200);
    const copy = await browser.get('/my-record/download');
    assert.equal(copy.statusCode, 200);
    assert.deepEqual(
      JSON.parse(copy.body).items.filter((i: { category: string }) => i.category === 'address').map((i: { value: unknown }) => i.value),
      [ADDRESS],
    );

    // A change tells the partner and the team once (the dispatcher's transaction, then the mail job).
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residentId, 'address', [{ ...ADDRESS, lines: ['2 High Street'] }], SOURCE);
    while ((await hearth.ctx.events.dispatchOnce()) > 0);
    const notices = await inCouncil(hearth.db, hearth.council.id, (tx) => tx.query<{ recipient_kind: string }>(`SELECT recipient_kind FROM vault_notice WHERE resident_id = $1 ORDER BY 1`, [residentId]));
    assert.deepEqual(notices.rows.map((n) => n.recipient_kind), ['partner', 'team']);
    assert.equal((await mailTeamNotices(hearth.ctx)).sent, 1);
    const told = await browser.get('/my-record/told');
    assert.equal(told.statusCode, 200);
    assert.match(told.body, /Housing options/);
  });

  it("the hourly seal signs each council's head, council by council", async () => {
    const seal = vaultBlock.scheduledJobs!(hearth.ctx).find((j) => j.name === 'vault.seal')!;
    await seal.run();
    const sealed = await inCouncil(hearth.db, hearth.council.id, (tx) => count(tx, 'vault_log_seal'));
    assert.equal(sealed, 1);
  });
});
