import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { readKeyRing } from '../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../src/platform/migrate.js';
import { addTargetedEndpoint, deliveryProgress, endpointUrlProblem, enqueueDelivery, setEndpointUrl } from '../../../src/platform/webhooks/targeted.js';
import { endpointById, markFailedAttempt, markDelivered } from '../../../src/platform/webhooks/sql.js';
import { openSecret } from '../../../src/platform/webhooks/secrets.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

describe('targeted webhooks: one delivery to one endpoint for one event', () => {
  let database: TestDatabase;
  let councilId: string;
  let otherCouncilId: string;
  const ring = readKeyRing({}, { production: false, dataDir: 'memory://' });

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
    councilId = (await addCouncil(database.db, { slug: 'targets', name: 'Targets Council' })).id;
    otherCouncilId = (await addCouncil(database.db, { slug: 'elsewhere', name: 'Elsewhere Council' })).id;
  });
  after(() => database?.close());

  it('registers an endpoint with a sealed secret given back once, and moves it', async () => {
    const { endpoint, secret } = await addTargetedEndpoint(database.db, ring, { councilId, url: 'https://partner.example/hook', description: 'Partner', types: ['vault.notice'], createdBy: 'partner:x' });
    assert.match(secret, /^whsec_/);
    const { rows } = await database.db.query<{ secret: string }>('SELECT secret FROM webhook_endpoint WHERE id = $1', [endpoint.id]);
    assert.notEqual(rows[0].secret, secret, 'not kept in the clear');
    assert.equal(openSecret(() => ring, endpoint.id, rows[0].secret), secret);
    assert.ok(await setEndpointUrl(database.db, councilId, endpoint.id, 'https://partner.example/v2'));
    assert.equal((await endpointById(database.db, councilId, endpoint.id))?.url, 'https://partner.example/v2');
    assert.equal(await setEndpointUrl(database.db, otherCouncilId, endpoint.id, 'https://elsewhere.example/'), false);
  });

  it("enqueues once per (endpoint, event), only to the council's own endpoint, and reports progress", async () => {
    const { endpoint } = await addTargetedEndpoint(database.db, ring, { councilId, url: 'https://partner.example/a', description: '', types: ['vault.notice'], createdBy: null });
    const message = { councilId, endpointId: endpoint.id, eventId: 42, type: 'vault.notice', timestamp: new Date('2026-12-01T10:00:00Z'), data: { resident_id: 'r' } };
    const first = await database.db.transaction((tx) => enqueueDelivery(tx, message));
    assert.ok(first);
    const again = await database.db.transaction((tx) => enqueueDelivery(tx, { ...message, data: { resident_id: 'changed' } }));
    assert.equal(again, first, 'a repeat answers the first delivery');
    const { rows } = await database.db.query<{ payload: { type: string; timestamp: string; data: unknown } }>('SELECT payload FROM webhook_delivery WHERE id = $1', [first]);
    assert.deepEqual(rows[0].payload, { type: 'vault.notice', timestamp: '2026-12-01T10:00:00.000Z', data: { resident_id: 'r' } });
    assert.equal(await enqueueDelivery(database.db, { ...message, councilId: otherCouncilId, eventId: 43 }), undefined, "another council's endpoint gets nothing");
    assert.equal(await enqueueDelivery(database.db, { ...message, endpointId: randomUUID(), eventId: 44 }), undefined);

    assert.equal((await deliveryProgress(database.db, [first!])).get(first!)?.state, 'pending');
    await markFailedAttempt(database.db, first!, { status: 500, error: 'http: 500', retryInSeconds: 30 });
    await database.db.query('UPDATE webhook_delivery SET attempts = 1 WHERE id = $1', [first]);
    assert.deepEqual({ ...(await deliveryProgress(database.db, [first!])).get(first!), deliveredAt: null }, { state: 'retrying', attempts: 1, lastError: 'http: 500', deliveredAt: null });
    await markFailedAttempt(database.db, first!, { status: 500, error: 'http: 500', retryInSeconds: null });
    assert.equal((await deliveryProgress(database.db, [first!])).get(first!)?.state, 'failed');
    await markDelivered(database.db, first!, 204);
    const done = (await deliveryProgress(database.db, [first!])).get(first!)!;
    assert.equal(done.state, 'delivered');
    assert.ok(done.deliveredAt instanceof Date);
    assert.equal((await deliveryProgress(database.db, [])).size, 0);
  });

  it('names what is wrong with an address', () => {
    assert.equal(endpointUrlProblem(''), 'missing');
    assert.equal(endpointUrlProblem(`https://a.example/${'x'.repeat(2000)}`), 'too_long');
    assert.equal(endpointUrlProblem('http://partner.example/'), 'not_https');
    assert.equal(endpointUrlProblem('not a url'), 'not_https');
    for (const url of ['https://127.0.0.1/', 'https://10.0.0.5/', 'https://[::1]/', 'https://localhost/', 'https://x.localhost/']) assert.equal(endpointUrlProblem(url), 'private', url);
    assert.equal(endpointUrlProblem('https://partner.example/hook'), undefined);
  });
});
