import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { registerClient } from '../../../../src/blocks/identity/partners/service.js';
import { createGrant, moveResidentGrant } from '../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../src/blocks/vault/record.js';
import { eraseCategories } from '../../../../src/blocks/vault/rights/erase.js';
import { insertGrant } from '../../../../src/blocks/vault/sql/grants.js';
import { addTeam } from '../../../../src/blocks/vault/teams.js';
import { mailTeamNotices, recordErasureNotices, registerPartnerEndpoint } from '../../../../src/blocks/vault/tell-us-once/index.js';
import { keyRingOf } from '../../../../src/platform/crypto/key-ring.js';
import type { OutboxEvent } from '../../../../src/platform/events/dispatcher.js';
import { SafeFetcher } from '../../../../src/platform/http/safe-fetch.js';
import { createLogger } from '../../../../src/platform/log.js';
import { recordedNotifications } from '../../../../src/platform/notifications/notifications.js';
import { DEFAULT_WEBHOOK_SETTINGS, WebhookDeliverer } from '../../../../src/platform/webhooks/index.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { startHttpsServer, type TestHttpsServer } from '../../../support/https-server.js';
import { signIn } from '../../identity/support.js';
import { basic, form, FORM_TYPE, freshAddress, PUBLIC_URL } from '../../identity/partners/support.js';
import { inCouncil } from '../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;
const SOURCE = { kind: 'resident' as const, name: 'Themselves' };

/**
 * Erasure tells the grantees: each team and partner system whose grant covered an erased
 * category when the resident erased it is told (through tell us once), so it deletes its copies.
 */
describe('vault: an erasure reaches every team and partner that was given what is erased', () => {
  let hearth: TestHearth;
  let receiver: TestHttpsServer;
  let deliverer: WebhookDeliverer;
  const received: { path: string; headers: Record<string, string>; body: string }[] = [];
  const clients: Record<string, { clientId: string; secret: string }> = {};
  let endpointSecret: string;
  let residentId: string;
  const grants: Record<string, string> = {};
  let event: OutboxEvent;

  const notices = async () =>
    (
      await hearth.db.query<{ id: string; kind: string; recipient_kind: string; recipient: string; categories: string[]; status: string; grant_id: string }>(
        `SELECT id, kind, recipient_kind, recipient, categories, status, grant_id FROM vault_notice WHERE resident_id = $1 ORDER BY recipient_kind, recipient`,
        [residentId],
      )
    ).rows;
  const grant = async (key: string, granteeKind: 'team' | 'partner', grantee: string, categories: string[], requested = false) => {
    const g = await createGrant(hearth.db, { councilId: hearth.council.id, residentId, granteeKind, grantee, categories, access: 'read', purpose: 'Support', lawfulBasis: 'consent', requested, expiresAt: new Date(Date.now() + 30 * DAY) });
    grants[key] = g.id;
  };
  async function tokenOf(name: string): Promise<string> {
    const c = clients[name];
    const res = await hearth.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: freshAddress(), headers: { ...FORM_TYPE, authorization: basic(c.clientId, c.secret) }, payload: form({ grant_type: 'client_credentials' }) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().access_token as string;
  }

  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity,vault', HEARTH_PUBLIC_URL: PUBLIC_URL } });
    const councilId = hearth.council.id;
    const setup = { actorPersonId: null, actorEmail: 'setup@testshire.example' };
    for (const [code, email] of [['Benefits', 'benefits@testshire.example'], ['Paused team', 'paused@testshire.example'], ['Housing options', 'housing@testshire.example'], ['Asking team', 'asking@testshire.example']]) {
      await addTeam(hearth.db, councilId, setup, { code, nameEn: code, nameCy: `${code} (cy)`, descriptionEn: '', descriptionCy: '', contactEmail: email });
    }
    for (const name of ['Care Trust', 'Quiet Trust', 'Housing Trust', 'Expired Trust']) {
      const r = await registerClient(hearth.db, { councilId }, { name, authMethod: 'client_secret', scopes: ['vault.read'] });
      clients[name] = { clientId: r.client.clientId, secret: r.secret! };
    }
    receiver = await startHttpsServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    const fetcher = new SafeFetcher({ allowLoopbackHosts: ['127.0.0.1'], ca: receiver.cert, resolve: async (host) => [{ address: host, family: 4 }] });
    deliverer = new WebhookDeliverer(hearth.db, createLogger('silent'), { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 2, timeoutMs: 2000, firstRetrySeconds: 1, maxRetrySeconds: 1 }, fetcher);
    endpointSecret = (await registerPartnerEndpoint(hearth.db, councilId, { clientId: clients['Care Trust'].clientId, name: 'Care Trust' }, `${receiver.origin}/care`)).secret!;

    residentId = (await ensurePerson(hearth.db, 'eraser@example.org', 'Erin Eraser')).id;
    const ring = keyRingOf(hearth.db);
    await writeItems(hearth.db, ring, councilId, residentId, 'benefits', [{ held: ['pension_credit'], other: 'Blue badge 12345' }], SOURCE);
    await writeItems(hearth.db, ring, councilId, residentId, 'disability', [{ applies: true, details: 'Uses a wheelchair' }], SOURCE);
    await writeItems(hearth.db, ring, councilId, residentId, 'address', [{ lines: ['9 Quiet Lane'], town: 'Testford', postcode: 'TE9 9QL' }], SOURCE);
    // To be told: live grants covering an erased category, and a paused one (it was given the values before it paused).
    await grant('benefits', 'team', 'Benefits', ['benefits', 'address']);
    await grant('paused', 'team', 'Paused team', ['disability']);
    assert.ok(await moveResidentGrant(hearth.db, councilId, residentId, grants.paused, 'pause'));
    await grant('care', 'partner', clients['Care Trust'].clientId, ['benefits', 'disability', 'address']);
    await grant('quiet', 'partner', clients['Quiet Trust'].clientId, ['benefits']);
    // Not to be told: a grant of other categories only, a request never accepted, an expired grant.
    await grant('housing', 'partner', clients['Housing Trust'].clientId, ['address']);
    await grant('asking', 'team', 'Asking team', ['benefits'], true);
    await inCouncil(hearth.db, councilId, (tx) => insertGrant(tx, councilId, { id: randomUUID(), residentId, granteeKind: 'partner', grantee: clients['Expired Trust'].clientId, categories: ['benefits'], access: 'read', purpose: 'x', lawfulBasis: 'consent', status: 'active', startsAt: new Date(Date.now() - 10 * DAY), expiresAt: new Date(Date.now() - DAY) }));
    while ((await hearth.ctx.events.dispatchOnce()) > 0);
    await hearth.db.query('DELETE FROM vault_notice');
    await hearth.db.query('DELETE FROM webhook_delivery');
  });
  after(async () => {
    await receiver?.close();
    await hearth?.stop();
  });

  it('tells each grant that covered an erased category, naming the categories it covered, though the erasure ended the grant', async () => {
    const erasure = await eraseCategories(hearth.db, { councilId: hearth.council.id, residentId, residentName: 'Erin Eraser', categories: ['benefits', 'disability'] });
    assert.equal(erasure.grantsEnded, 6, 'benefits, paused, care, quiet and the expired one withdrawn; the request refused');
    const { rows } = await hearth.db.query<{ id: number; council_id: string; type: string; subject: string; data: Record<string, unknown>; created_at: Date }>(
      "SELECT id::int AS id, council_id, type, subject, data, created_at FROM outbox WHERE type = 'vault.record.erased'",
    );
    assert.equal(rows.length, 1);
    event = { id: rows[0].id, councilId: rows[0].council_id, type: rows[0].type, subject: rows[0].subject, data: rows[0].data, createdAt: rows[0].created_at };
    assert.doesNotMatch(JSON.stringify(rows[0].data), /pension|Blue badge|wheelchair|Quiet Lane/);

    while ((await hearth.ctx.events.dispatchOnce()) > 0);
    const made = await notices();
    const byText = (a: unknown[], b: unknown[]) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    assert.deepEqual(
      made.map((n) => [n.kind, n.recipient_kind, n.recipient, n.grant_id, n.categories]).sort(byText),
      [
        ['erased', 'partner', clients['Care Trust'].clientId, grants.care, ['benefits', 'disability']],
        ['erased', 'partner', clients['Quiet Trust'].clientId, grants.quiet, ['benefits']],
        ['erased', 'team', 'Benefits', grants.benefits, ['benefits']],
        ['erased', 'team', 'Paused team', grants.paused, ['disability']],
      ].sort(byText),
    );
    // Handed out again, the event makes nothing new.
    assert.deepEqual(await hearth.db.transaction((tx) => recordErasureNotices(tx, hearth.config, event)), []);
    assert.equal((await notices()).length, 4);
  });

  it('a partner with an endpoint gets one signed vault.erasure webhook with the categories, never a value; one without collects it', async () => {
    while ((await deliverer.deliverDue()) > 0);
    const mine = received.filter((r) => r.path === '/care');
    assert.equal(mine.length, 1);
    const body = new Webhook(endpointSecret).verify(mine[0].body, mine[0].headers) as { type: string; data: Record<string, unknown> };
    assert.equal(body.type, 'vault.erasure');
    const [care] = (await notices()).filter((n) => n.grant_id === grants.care);
    assert.deepEqual(body.data, {
      resident_id: residentId,
      categories: ['benefits', 'disability'],
      erased_at: event.createdAt.toISOString(),
      notices: [{ id: care.id, grant_id: grants.care, categories: ['benefits', 'disability'], acknowledge_url: `${PUBLIC_URL}/c/testshire/api/vault/notices/${care.id}/acknowledge` }],
    });
    assert.doesNotMatch(mine[0].body, /pension|Blue badge|wheelchair|fetch_url/);

    // Through the API too: kind erased, the categories, nothing to fetch; and acknowledged when deleted.
    const listed = await hearth.app.inject({ method: 'GET', url: '/api/vault/notices', headers: { authorization: `Bearer ${await tokenOf('Care Trust')}` } });
    assert.equal(listed.statusCode, 200, listed.body);
    const n = listed.json().notices.find((x: { id: string }) => x.id === care.id);
    assert.deepEqual([n.kind, n.categories, n.fetch_url, n.status], ['erased', ['benefits', 'disability'], null, 'delivered']);
    const quietToken = await tokenOf('Quiet Trust');
    const quiet = (await hearth.app.inject({ method: 'GET', url: '/api/vault/notices', headers: { authorization: `Bearer ${quietToken}` } })).json().notices;
    assert.deepEqual(quiet.map((x: { kind: string; categories: string[]; status: string }) => [x.kind, x.categories, x.status]), [['erased', ['benefits'], 'pending']]);
    const acked = await hearth.app.inject({ method: 'POST', url: `/api/vault/notices/${quiet[0].id}/acknowledge`, headers: { authorization: `Bearer ${quietToken}` } });
    assert.equal(acked.statusCode, 200);
    assert.equal(acked.json().status, 'acknowledged');
  });

  it('a team is emailed in English and Welsh to delete its copies, with no value, and sees it in its list', async () => {
    const sent = await mailTeamNotices(hearth.ctx);
    assert.equal(sent.sent, 2);
    const [mail] = await recordedNotifications(hearth.db, 'benefits@testshire.example');
    assert.match(mail.personalisation.subject, /has erased part of their record/);
    assert.match(mail.personalisation.body, /erased their benefits from Hearth.*Delete any copies/);
    assert.match(mail.personalisation.body, /wedi dileu ei budd-daliadau o Hearth/);
    assert.doesNotMatch(mail.personalisation.body + mail.personalisation.subject, /pension|Blue badge|eraser@|Erin/);
    const person = await ensurePerson(hearth.db, 'officer@testshire.example', 'Officer');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'request_handler', scope: 'Benefits', grantedBy: null });
    const officer = await signIn(hearth, 'officer@testshire.example');
    const list = await officer.get('/admin/vault/team/Benefits/notices');
    assert.equal(list.statusCode, 200);
    assert.match(list.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), /Erased: Benefits\. Delete any copies you hold\./);
  });

  it('the resident sees who was told of the erasure and how it went, in English and Welsh', async () => {
    const browser = await signIn(hearth, 'eraser@example.org');
    const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const page = text((await browser.get('/my-record/told')).body);
    assert.match(page, /Benefits, Disability or health condition, erased /);
    assert.match(page, /Care Trust Organisation Delivered/);
    assert.match(page, /Quiet Trust Organisation Acknowledged/);
    assert.match(page, /Benefits Council team Delivered/);
    for (const name of ['Housing Trust', 'Asking team', 'Expired Trust']) assert.ok(!page.includes(name), name);
    const cy = text((await browser.get('/my-record/told?lang=cy')).body);
    assert.match(cy, /Budd-daliadau, Anabledd neu gyflwr iechyd, dilëwyd /);
    const overview = text((await browser.get('/my-hearth?lang=en')).body);
    assert.match(overview, /Benefits, Disability or health condition, erased|Disability or health condition, erased/);
  });
});
