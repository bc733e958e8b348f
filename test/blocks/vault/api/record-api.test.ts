import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { registerClient } from '../../../../src/blocks/identity/partners/service.js';
import { createGrant, moveResidentGrant } from '../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../src/blocks/vault/record.js';
import { insertGrant } from '../../../../src/blocks/vault/sql/grants.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { keyRingOf } from '../../../../src/platform/crypto/key-ring.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { basic, form, FORM_TYPE, freshAddress, PUBLIC_URL } from '../../identity/partners/support.js';
import { chained } from '../../../support/vault-log.js';
import { inCouncil } from '../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;
const RECORD = (id: string) => `/api/vault/residents/${id}/record`;

describe('vault: the partner API (/api/vault/residents/…)', () => {
  let hearth: TestHearth;
  let other: Council;
  let residentId: string;
  const clients: Record<string, { clientId: string; secret: string; token?: string }> = {};

  const logCount = async () => (await (await chained(hearth.db)).query<{ n: number }>('SELECT count(*)::int AS n FROM vault_access_log')).rows[0].n;
  const lastEntry = async () =>
    (await (await chained(hearth.db)).query<{ actor_kind: string; actor_id: string; actor_name: string; action: string; categories: string[]; grant_id: string; organisation: string }>(
      'SELECT actor_kind, actor_id, actor_name, action, categories, grant_id, organisation FROM vault_access_log ORDER BY at DESC, seq DESC LIMIT 1',
    )).rows[0];
  const itemCount = async (category: string) =>
    (await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vault_item WHERE resident_id = $1 AND category = $2', [residentId, category])).rows[0].n;

  async function tokenOf(name: string): Promise<string> {
    const c = clients[name];
    if (c.token) return c.token;
    const res = await hearth.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: freshAddress(), headers: { ...FORM_TYPE, authorization: basic(c.clientId, c.secret) }, payload: form({ grant_type: 'client_credentials' }) });
    assert.equal(res.statusCode, 200, res.body);
    return (c.token = res.json().access_token as string);
  }
  const call = async (name: string, method: 'GET' | 'PUT' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    hearth.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await tokenOf(name)}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const grantTo = (name: string, over: Partial<Parameters<typeof createGrant>[1]> = {}) =>
    createGrant(hearth.db, {
      councilId: hearth.council.id,
      residentId,
      granteeKind: 'partner',
      grantee: clients[name].clientId,
      categories: ['address', 'household'],
      access: 'read_update',
      purpose: 'Managing my tenancy',
      lawfulBasis: 'consent',
      expiresAt: new Date(Date.now() + 30 * DAY),
      ...over,
    });

  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity,vault', HEARTH_PUBLIC_URL: PUBLIC_URL } });
    other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' }, hearth.blocks);
    await hearth.councils.reload();
    const register = async (name: string, scopes: string[]) => {
      const r = await registerClient(hearth.db, { councilId: hearth.council.id }, { name, authMethod: 'client_secret', scopes });
      clients[name] = { clientId: r.client.clientId, secret: r.secret! };
    };
    await register('Testshire Homes', ['vault.read', 'vault.write']);
    await register('Reader Trust', ['vault.read']);
    await register('Read-only Grant Trust', ['vault.read', 'vault.write']);
    residentId = (await ensurePerson(hearth.db, 'tenant@example.org')).id;
    const source = { kind: 'resident' as const, name: 'Themselves' };
    await writeItems(hearth.db, hearthRing(), hearth.council.id, residentId, 'address', [{ lines: ['1 High Street'], town: 'Testford', postcode: 'TE1 1ST' }], source);
    await writeItems(hearth.db, hearthRing(), hearth.council.id, residentId, 'household', [{ name: 'Sam', relationship: 'son' }], source);
    await writeItems(hearth.db, hearthRing(), hearth.council.id, residentId, 'benefits', [{ held: ['universal_credit'] }], source);
    await grantTo('Testshire Homes');
    await grantTo('Reader Trust', { categories: ['address'], access: 'read' });
    await grantTo('Read-only Grant Trust', { categories: ['address'], access: 'read' });
  });
  after(() => hearth?.stop());
  const hearthRing = () => keyRingOf(hearth.db);

  it('reads the granted categories through the gateway, one log entry naming the partner and its grant', async () => {
    const before = await logCount();
    const res = await call('Testshire Homes', 'GET', `${RECORD(residentId)}?categories=address,household`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = res.json();
    assert.equal(body.resident, residentId);
    assert.deepEqual(body.categories.address.values.map((v: { value: unknown }) => v.value), [{ lines: ['1 High Street'], town: 'Testford', postcode: 'TE1 1ST' }]);
    assert.equal(body.categories.household.values[0].source, 'resident');
    assert.match(body.categories.address.etag, /^"[\w-]{22}"$/);
    assert.equal(await logCount(), before + 1);
    const entry = await lastEntry();
    assert.equal(entry.actor_kind, 'partner');
    assert.equal(entry.actor_id, clients['Testshire Homes'].clientId);
    assert.equal(entry.actor_name, 'Testshire Homes');
    assert.equal(entry.action, 'read');
    assert.deepEqual(entry.categories, ['address', 'household']);
    assert.ok(entry.grant_id);
  });

  it('refuses beyond the grant with 403, and hides residents it has no live grant from behind one 404; none of it logged', async () => {
    const before = await logCount();
    const beyond = await call('Testshire Homes', 'GET', `${RECORD(residentId)}?categories=address,benefits`);
    assert.equal(beyond.statusCode, 403, beyond.body);
    assert.match(String(beyond.headers['content-type']), /^application\/problem\+json/);
    assert.match(beyond.json().detail, /does not allow reading address, benefits/);

    const unknown = await call('Testshire Homes', 'GET', `${RECORD(randomUUID())}?categories=address`);
    assert.equal(unknown.statusCode, 404);
    // Another council's resident, granted to the partner there: still no resident here.
    const elsewhere = (await ensurePerson(hearth.db, 'elsewhere@example.org')).id;
    await createGrant(hearth.db, { councilId: other.id, residentId: elsewhere, granteeKind: 'partner', grantee: clients['Testshire Homes'].clientId, categories: ['address'], access: 'read', purpose: 'x', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + DAY) });
    const otherCouncils = await call('Testshire Homes', 'GET', `${RECORD(elsewhere)}?categories=address`);
    assert.equal(otherCouncils.statusCode, 404);
    // Paused, withdrawn and expired grants: the same answer, word for word.
    const paused = (await ensurePerson(hearth.db, 'paused@example.org')).id;
    const pausedGrant = await createGrant(hearth.db, { councilId: hearth.council.id, residentId: paused, granteeKind: 'partner', grantee: clients['Testshire Homes'].clientId, categories: ['address'], access: 'read', purpose: 'x', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + DAY) });
    assert.ok(await moveResidentGrant(hearth.db, hearth.council.id, paused, pausedGrant.id, 'pause'));
    const expired = (await ensurePerson(hearth.db, 'expired@example.org')).id;
    await inCouncil(hearth.db, hearth.council.id, (tx) => insertGrant(tx, hearth.council.id, { id: randomUUID(), residentId: expired, granteeKind: 'partner', grantee: clients['Testshire Homes'].clientId, categories: ['address'], access: 'read', purpose: 'x', lawfulBasis: 'consent', status: 'active', startsAt: new Date(Date.now() - 10 * DAY), expiresAt: new Date(Date.now() - DAY) }));
    const answers = [unknown, otherCouncils, await call('Testshire Homes', 'GET', `${RECORD(paused)}?categories=address`), await call('Testshire Homes', 'GET', `${RECORD(expired)}?categories=address`)];
    for (const res of answers) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().detail, unknown.json().detail);
      assert.equal(res.json().title, unknown.json().title);
    }
    assert.equal(await logCount(), before, 'a refusal writes no log entry');
  });

  it('names the bad parameter (400) and refuses a missing or wrong token', async () => {
    const bad = await call('Testshire Homes', 'GET', `${RECORD('not-a-uuid')}?categories=address`);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().invalid_params[0].name, 'residentId');
    const missing = await call('Testshire Homes', 'GET', RECORD(residentId));
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().invalid_params[0].name, 'categories');
    const unknownCategory = await call('Testshire Homes', 'GET', `${RECORD(residentId)}?categories=address,shoe_size`);
    assert.equal(unknownCategory.statusCode, 400);
    assert.deepEqual(unknownCategory.json().invalid_params, [{ name: 'categories', reason: 'the council holds no category shoe_size' }]);
    const anonymous = await hearth.app.inject({ method: 'GET', url: `${RECORD(residentId)}?categories=address` });
    assert.equal(anonymous.statusCode, 401);
    const forged = await hearth.app.inject({ method: 'GET', url: `${RECORD(residentId)}?categories=address`, headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } });
    assert.equal(forged.statusCode, 401);
  });

  it('changes a category (PUT) once however often it is sent, the change and each access logged', async () => {
    const value = { lines: ['2 New Road', 'Flat 3'], town: 'Testford', postcode: 'te22ab', uprn: '00123' };
    const before = await logCount();
    const items = await itemCount('address');
    const first = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/address`, { values: [value] });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().changed, true);
    assert.deepEqual(first.json().values[0].value, { lines: ['2 New Road', 'Flat 3'], town: 'Testford', postcode: 'TE2 2AB', uprn: '123' });
    assert.equal(first.json().values[0].source, 'partner');
    assert.equal(first.headers.etag, first.json().etag);
    const entry = await lastEntry();
    assert.equal(entry.action, 'update');
    assert.deepEqual(entry.categories, ['address']);
    const again = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/address`, { values: [value] });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().changed, false);
    assert.equal(again.json().etag, first.json().etag);
    assert.equal(await itemCount('address'), items + 1, 'the same change sent twice is applied once');
    assert.equal(await logCount(), before + 2, 'each access logged once');
    const events = await hearth.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE type = 'vault.record.changed' AND subject = $1 AND data->>'source' = 'partner'", [residentId]);
    assert.equal(events.rows[0].n, 1);
  });

  it('honours If-Match (412 for a stale etag, nothing written or logged) and patches a value (merge patch)', async () => {
    const read = await call('Testshire Homes', 'GET', `${RECORD(residentId)}?categories=address`);
    const etag = read.json().categories.address.etag as string;
    const before = await logCount();
    const stale = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/address`, { values: [{ lines: ['9 Stale Street'], town: 'Testford', postcode: 'TE1 1ST' }] }, { 'if-match': '"stale-etag-0000000000000"' });
    assert.equal(stale.statusCode, 412, stale.body);
    assert.equal(await logCount(), before);
    const patched = await call('Testshire Homes', 'PATCH', `${RECORD(residentId)}/address`, { town: 'Newtown', uprn: null }, { 'content-type': 'application/merge-patch+json', 'if-match': etag });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.json().values[0].value, { lines: ['2 New Road', 'Flat 3'], town: 'Newtown', postcode: 'TE2 2AB' });
    assert.equal(await logCount(), before + 1);
    const household = await call('Testshire Homes', 'PATCH', `${RECORD(residentId)}/household`, { name: 'Samuel' });
    assert.equal(household.statusCode, 400);
    assert.equal(household.json().invalid_params[0].name, 'category');
  });

  it('checks values against the category’s JSON schema, naming each field; nothing written or logged', async () => {
    const before = await logCount();
    const items = await itemCount('address');
    const res = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/address`, { values: [{ lines: [], town: 7, postcode: 'nowhere', colour: 'red' }] });
    assert.equal(res.statusCode, 400, res.body);
    const names = (res.json().invalid_params as Array<{ name: string; reason: string }>).map((p) => p.name).sort();
    assert.deepEqual(names, ['values[0].colour', 'values[0].lines', 'values[0].town']);
    const postcode = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/address`, { values: [{ lines: ['1 Road'], town: 'Testford', postcode: 'ZZZZ ZZZ' }] });
    assert.deepEqual(postcode.json().invalid_params, [{ name: 'values[0].postcode', reason: 'is not a UK postcode' }]);
    const household = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/household`, { values: [{ name: 'Sam', relationship: 'son', dateOfBirth: '2999-01-01' }] });
    assert.deepEqual(household.json().invalid_params, [{ name: 'values[0].dateOfBirth', reason: 'must not be in the future' }]);
    const notJson = await hearth.app.inject({ method: 'PUT', url: `${RECORD(residentId)}/address`, headers: { authorization: `Bearer ${await tokenOf('Testshire Homes')}`, 'content-type': 'application/json' }, payload: '{"values": [' });
    assert.equal(notJson.statusCode, 400);
    const noValues = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/address`, { value: {} });
    assert.equal(noValues.statusCode, 400);
    assert.equal(await itemCount('address'), items);
    assert.equal(await logCount(), before);
  });

  it('is limited by both the client’s scopes and the resident’s grant', async () => {
    const before = await logCount();
    const value = { values: [{ lines: ['1 Road'], town: 'Testford', postcode: 'TE1 1ST' }] };
    // No vault.write scope: refused before any resident is looked at.
    const noScope = await call('Reader Trust', 'PUT', `${RECORD(residentId)}/address`, value);
    assert.equal(noScope.statusCode, 403, noScope.body);
    // The scope, but a read-only grant: 403, as the partner already knows of the resident.
    const readOnly = await call('Read-only Grant Trust', 'PUT', `${RECORD(residentId)}/address`, value);
    assert.equal(readOnly.statusCode, 403, readOnly.body);
    assert.match(readOnly.json().detail, /does not allow changing address/);
    // A category outside the grant.
    const outside = await call('Testshire Homes', 'PUT', `${RECORD(residentId)}/benefits`, { values: [{ held: [] }] });
    assert.equal(outside.statusCode, 403);
    assert.equal(await logCount(), before);
    // The reader may read what it was granted.
    assert.equal((await call('Reader Trust', 'GET', `${RECORD(residentId)}?categories=address`)).statusCode, 200);
    assert.equal(await logCount(), before + 1);
  });

  it('is documented in the OpenAPI document with its scopes', async () => {
    const doc = (await hearth.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const path = doc.paths['/api/vault/residents/{residentId}/record'];
    assert.ok(path?.get, Object.keys(doc.paths).join(', '));
    assert.ok(JSON.stringify(path.get.security).includes('vault.read'), JSON.stringify(path.get.security));
    const change = doc.paths['/api/vault/residents/{residentId}/record/{category}'];
    assert.ok(change.put && change.patch);
    assert.ok(JSON.stringify(change.put.security).includes('vault.write'));
    assert.ok(change.put.responses['403'] && change.put.responses['404'] && change.put.responses['400']);
    assert.match(change.put.description, /postcode/);
  });
});
