import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { registerClient } from '../../../../src/blocks/identity/partners/service.js';
import { createGrant, moveResidentGrant } from '../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../src/blocks/vault/record.js';
import { insertGrant } from '../../../../src/blocks/vault/sql/grants.js';
import { addTeam } from '../../../../src/blocks/vault/teams.js';
import { mailTeamNotices, recordNotices, registerPartnerEndpoint } from '../../../../src/blocks/vault/tell-us-once/index.js';
import { keyRingOf } from '../../../../src/platform/crypto/key-ring.js';
import type { OutboxEvent } from '../../../../src/platform/events/dispatcher.js';
import { SafeFetcher } from '../../../../src/platform/http/safe-fetch.js';
import { createLogger } from '../../../../src/platform/log.js';
import { recordedNotifications } from '../../../../src/platform/notifications/notifications.js';
import { DEFAULT_WEBHOOK_SETTINGS, newSigningSecret, WebhookDeliverer } from '../../../../src/platform/webhooks/index.js';
import { replayDelivery, insertEndpoint } from '../../../../src/platform/webhooks/sql.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { startHttpsServer, type TestHttpsServer } from '../../../support/https-server.js';
import { signIn, type Browser } from '../../identity/support.js';
import { basic, form, FORM_TYPE, freshAddress, PUBLIC_URL } from '../../identity/partners/support.js';
import { inCouncil } from '../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;
const ADDRESS = { lines: ['2 New Road'], town: 'Testford', postcode: 'TE2 2ND' };
const RESIDENT_SOURCE = { kind: 'resident' as const, name: 'Themselves' };

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Everything a test reads of the notices, by SQL in the test (the block's own modules are what is tested). */
interface Notice {
  id: string;
  recipient_kind: string;
  recipient: string;
  category: string;
  status: string;
  grant_id: string;
  event_id: number;
}

describe('vault: tell us once — a change reaches every team and partner whose live grant covers it', () => {
  let hearth: TestHearth;
  let receiver: TestHttpsServer;
  let deliverer: WebhookDeliverer;
  const received: Received[] = [];
  /** Answers per path of the receiver: a status, or 204 when none is queued. */
  const answers = new Map<string, number[]>();
  const clients: Record<string, { clientId: string; secret: string; token?: string }> = {};
  const endpointSecrets: Record<string, string> = {};
  let residentId: string;
  let otherResidentId: string;
  const grants: Record<string, string> = {};

  const notices = async (where = 'TRUE', params: unknown[] = []) =>
    (await hearth.db.query<Notice>(`SELECT id, recipient_kind, recipient, category, status, grant_id, event_id::int AS event_id FROM vault_notice WHERE ${where} ORDER BY recipient_kind, recipient`, params)).rows;
  const lastEvent = async (): Promise<OutboxEvent> => {
    const { rows } = await hearth.db.query<{ id: number; council_id: string; type: string; subject: string; data: Record<string, unknown>; created_at: Date }>(
      "SELECT id::int AS id, council_id, type, subject, data, created_at FROM outbox WHERE type = 'vault.record.changed' ORDER BY id DESC LIMIT 1",
    );
    const r = rows[0];
    return { id: r.id, councilId: r.council_id, type: r.type, subject: r.subject, data: r.data, createdAt: r.created_at };
  };
  async function tokenOf(name: string): Promise<string> {
    const c = clients[name];
    if (c.token) return c.token;
    const res = await hearth.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: freshAddress(), headers: { ...FORM_TYPE, authorization: basic(c.clientId, c.secret) }, payload: form({ grant_type: 'client_credentials' }) });
    assert.equal(res.statusCode, 200, res.body);
    return (c.token = res.json().access_token as string);
  }
  const call = async (name: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    hearth.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await tokenOf(name)}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const grant = async (key: string, granteeKind: 'team' | 'partner', grantee: string, categories: string[], resident = residentId) => {
    const g = await createGrant(hearth.db, { councilId: hearth.council.id, residentId: resident, granteeKind, grantee, categories, access: 'read', purpose: 'Keeping in touch', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY) });
    grants[key] = g.id;
  };
  const moveHouse = async (to = ADDRESS) => {
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residentId, 'address', [to], RESIDENT_SOURCE);
    while ((await hearth.ctx.events.dispatchOnce()) > 0);
    return lastEvent();
  };

  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity,vault', HEARTH_PUBLIC_URL: PUBLIC_URL } });
    const councilId = hearth.council.id;
    const setup = { actorPersonId: null, actorEmail: 'setup@testshire.example' };
    const team = (code: string, contactEmail: string) =>
      addTeam(hearth.db, councilId, setup, { code, nameEn: code, nameCy: `${code} (cy)`, descriptionEn: '', descriptionCy: '', contactEmail });
    await team('Housing options', 'housing@testshire.example');
    await team('Council tax', 'counciltax@testshire.example');
    await team('Paused team', 'paused@testshire.example');
    await team('Benefits', 'benefits@testshire.example');
    for (const name of ['Testshire Homes', 'Care Trust', 'Surgery', 'Withdrawn Trust', 'Expired Trust', 'Other Resident Trust']) {
      const r = await registerClient(hearth.db, { councilId }, { name, authMethod: 'client_secret', scopes: ['vault.read'] });
      clients[name] = { clientId: r.client.clientId, secret: r.secret! };
    }
    receiver = await startHttpsServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answers.get(req.url ?? '')?.shift() ?? 204).end();
      });
    });
    const fetcher = new SafeFetcher({ allowLoopbackHosts: ['127.0.0.1'], ca: receiver.cert, resolve: async (host) => [{ address: host, family: 4 }] });
    deliverer = new WebhookDeliverer(hearth.db, createLogger('silent'), { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 2, timeoutMs: 2000, firstRetrySeconds: 1, maxRetrySeconds: 1 }, fetcher);
    // Three partners listen on this machine (registered as the API would, past its public-address check).
    for (const name of ['Testshire Homes', 'Care Trust', 'Withdrawn Trust']) {
      const made = await registerPartnerEndpoint(hearth.db, councilId, { clientId: clients[name].clientId, name }, `${receiver.origin}/${encodeURIComponent(name)}`);
      endpointSecrets[name] = made.secret!;
    }

    residentId = (await ensurePerson(hearth.db, 'mover@example.org')).id;
    otherResidentId = (await ensurePerson(hearth.db, 'neighbour@example.org')).id;
    await grant('housing', 'team', 'Housing options', ['address', 'household']);
    await grant('counciltax', 'team', 'Council tax', ['address']);
    await grant('homes', 'partner', clients['Testshire Homes'].clientId, ['address']);
    await grant('care', 'partner', clients['Care Trust'].clientId, ['address', 'contact']);
    // Not to be told: paused, withdrawn, expired, another category, another resident's grant.
    await grant('paused', 'team', 'Paused team', ['address']);
    assert.ok(await moveResidentGrant(hearth.db, councilId, residentId, grants.paused, 'pause'));
    await grant('withdrawn', 'partner', clients['Withdrawn Trust'].clientId, ['address']);
    assert.ok(await moveResidentGrant(hearth.db, councilId, residentId, grants.withdrawn, 'withdraw'));
    await inCouncil(hearth.db, councilId, (tx) => insertGrant(tx, councilId, { id: randomUUID(), residentId, granteeKind: 'partner', grantee: clients['Expired Trust'].clientId, categories: ['address'], access: 'read', purpose: 'x', lawfulBasis: 'consent', status: 'active', startsAt: new Date(Date.now() - 10 * DAY), expiresAt: new Date(Date.now() - DAY) }));
    await grant('benefits', 'team', 'Benefits', ['benefits']);
    await grant('surgery-other-category', 'partner', clients.Surgery.clientId, ['contact']);
    await grant('other-resident', 'partner', clients['Other Resident Trust'].clientId, ['address'], otherResidentId);
  });
  after(async () => {
    await receiver?.close();
    await hearth?.stop();
  });

  it('a move of address makes one notice for each live grant covering address, and none for any other grant', async () => {
    const event = await moveHouse();
    const made = await notices('event_id = $1', [event.id]);
    // Partner client ids are random: both sides in one order, JavaScript's.
    const byText = (a: string[], b: string[]) => a.join(' ').localeCompare(b.join(' '));
    assert.deepEqual(
      made.map((n) => [n.recipient_kind, n.recipient, n.grant_id]).sort(byText),
      [
        ['partner', clients['Care Trust'].clientId, grants.care],
        ['partner', clients['Testshire Homes'].clientId, grants.homes],
        ['team', 'Council tax', grants.counciltax],
        ['team', 'Housing options', grants.housing],
      ].sort(byText),
    );
    assert.ok(made.every((n) => n.category === 'address' && n.status === 'pending'));
    // Nothing at all for the other resident, or for a change to a category no one was granted.
    assert.equal((await notices('resident_id = $1', [otherResidentId])).length, 0);
  });

  it('the same event handled twice makes one notice and one delivery each', async () => {
    const event = await lastEvent();
    const before = await notices('event_id = $1', [event.id]);
    const deliveries = async () => (await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_delivery WHERE event_id = $1', [event.id])).rows[0].n;
    const deliveredBefore = await deliveries();
    assert.equal(deliveredBefore, 2);
    const again = await hearth.db.transaction((tx) => recordNotices(tx, hearth.config, event));
    assert.deepEqual(again, []);
    assert.deepEqual(await notices('event_id = $1', [event.id]), before);
    assert.equal(await deliveries(), deliveredBefore);
  });

  it('never broadcasts: an endpoint subscribed to every event receives no vault event', async () => {
    const all = randomUUID();
    await insertEndpoint(hearth.db, { id: all, councilId: hearth.council.id, url: `${receiver.origin}/everything`, description: 'all', eventTypes: ['*'], secret: newSigningSecret(), createdBy: null });
    const event = await moveHouse({ ...ADDRESS, lines: ['3 Broadcast Lane'] });
    const { rows } = await hearth.db.query<{ endpoint_id: string }>('SELECT endpoint_id FROM webhook_delivery WHERE event_id = $1', [event.id]);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.endpoint_id !== all));
    await hearth.db.query('DELETE FROM webhook_endpoint WHERE id = $1', [all]);
  });

  it('each partner gets one signed webhook at its own endpoint, verifiable with its secret, carrying no values', async () => {
    received.length = 0;
    const event = await lastEvent();
    while ((await deliverer.deliverDue()) > 0);
    // Two changes so far (the move, and the one no broadcast endpoint heard of): two messages to each partner, none to another.
    const paths = received.map((r) => decodeURIComponent(r.path)).sort();
    assert.deepEqual(paths, ['/Care Trust', '/Care Trust', '/Testshire Homes', '/Testshire Homes']);
    for (const r of received) {
      const name = decodeURIComponent(r.path.slice(1));
      assert.match(r.headers['webhook-id'], /^msg_/);
      assert.match(r.headers['webhook-timestamp'], /^\d+$/);
      assert.match(r.headers['webhook-signature'], /^v1,/);
      const payload = new Webhook(endpointSecrets[name]).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> };
      // Another partner's secret does not verify it.
      const other = name === 'Care Trust' ? 'Testshire Homes' : 'Care Trust';
      assert.throws(() => new Webhook(endpointSecrets[other]).verify(r.body, r.headers));
      assert.equal(payload.type, 'vault.notice');
      assert.equal(payload.data.resident_id, residentId);
      assert.deepEqual(payload.data.categories, ['address']);
      assert.ok(typeof payload.data.changed_at === 'string' && payload.data.changed_at <= event.createdAt.toISOString());
      const [notice] = payload.data.notices as { id: string; grant_id: string; acknowledge_url: string }[];
      assert.equal(notice.grant_id, name === 'Care Trust' ? grants.care : grants.homes);
      assert.equal(payload.data.fetch_url, `${PUBLIC_URL}/c/testshire/api/vault/residents/${residentId}/record?categories=address`);
      assert.ok(!r.body.includes('Broadcast') && !r.body.includes('Testford') && !r.body.includes('TE2'), 'no value of the record is sent');
    }
  });

  it('a partner acknowledges its own notice, and only its own', async () => {
    const event = await lastEvent();
    const [homes] = await notices('event_id = $1 AND recipient = $2', [event.id, clients['Testshire Homes'].clientId]);
    const [care] = await notices('event_id = $1 AND recipient = $2', [event.id, clients['Care Trust'].clientId]);
    const listed = await call('Testshire Homes', 'GET', '/api/vault/notices');
    assert.equal(listed.statusCode, 200, listed.body);
    assert.ok(listed.json().notices.every((n: { grant_id: string }) => n.grant_id === grants.homes));
    assert.equal(listed.json().notices[0].status, 'delivered');

    const theirs = await call('Testshire Homes', 'POST', `/api/vault/notices/${care.id}/acknowledge`);
    assert.equal(theirs.statusCode, 404, theirs.body);
    assert.match(String(theirs.headers['content-type']), /^application\/problem\+json/);
    assert.equal((await notices('id = $1', [care.id]))[0].status, 'pending'); // not yet read back from its delivery, and not acknowledged
    const none = await call('Testshire Homes', 'POST', `/api/vault/notices/${randomUUID()}/acknowledge`);
    assert.equal(none.statusCode, 404);
    const bad = await call('Testshire Homes', 'POST', '/api/vault/notices/not-an-id/acknowledge');
    assert.equal(bad.statusCode, 400);

    const mine = await call('Testshire Homes', 'POST', `/api/vault/notices/${homes.id}/acknowledge`);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().status, 'acknowledged');
    const twice = await call('Testshire Homes', 'POST', `/api/vault/notices/${homes.id}/acknowledge`);
    assert.equal(twice.statusCode, 200);
    assert.equal(twice.json().acknowledged_at, mine.json().acknowledged_at);
  });

  it('a failing endpoint shows retrying, then failed, and a replay delivers it', async () => {
    answers.set(`/${encodeURIComponent('Care Trust')}`, [500, 500]);
    answers.set(`/${encodeURIComponent('Testshire Homes')}`, []);
    const event = await moveHouse({ ...ADDRESS, lines: ['4 Failing Street'] });
    const [care] = await notices('event_id = $1 AND recipient = $2', [event.id, clients['Care Trust'].clientId]);
    const careStatus = async () => (await call('Care Trust', 'GET', '/api/vault/notices')).json().notices.find((n: { id: string }) => n.id === care.id).status;
    assert.equal(await careStatus(), 'pending');
    await deliverer.deliverDue();
    assert.equal(await careStatus(), 'retrying');
    await hearth.db.query("UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'pending'");
    await deliverer.deliverDue();
    assert.equal(await careStatus(), 'failed');
    // The resident sees it.
    const { browser } = await residentBrowser();
    const page = await browser.get('/my-record/told');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Failed/);
    // An admin replays it (as /admin/webhooks does); now it goes.
    const { rows } = await hearth.db.query<{ id: string; endpoint_id: string }>('SELECT d.id, d.endpoint_id FROM webhook_delivery d WHERE d.event_id = $1 AND d.status = $2', [event.id, 'failed']);
    assert.equal(rows.length, 1);
    assert.ok(await replayDelivery(hearth.db, hearth.council.id, rows[0].endpoint_id, rows[0].id));
    await deliverer.deliverDue();
    assert.equal(await careStatus(), 'delivered');
  });

  it('teams get one email per change with no personal values, are delivered, and acknowledge from their list', async () => {
    const event = await lastEvent();
    const sent = await mailTeamNotices(hearth.ctx);
    assert.ok(sent.sent >= 2, JSON.stringify(sent));
    const mails = await recordedNotifications(hearth.db, 'housing@testshire.example');
    assert.ok(mails.length >= 1);
    const body = mails[0].personalisation.body;
    assert.match(body, /A resident you support has updated their address in Hearth/);
    assert.match(body, new RegExp(`${PUBLIC_URL}/c/testshire/admin/vault/team/Housing%20options/notices`));
    assert.ok(!/Failing|Testford|TE2|mover@/.test(body + mails[0].personalisation.subject), 'no personal data in the email');
    assert.equal((await mailTeamNotices(hearth.ctx)).sent, 0, 'sent once');
    const [housing] = await notices("event_id = $1 AND recipient = 'Housing options'", [event.id]);
    assert.equal(housing.status, 'delivered');

    const officer = await staff('officer@testshire.example', 'Housing options');
    const list = await officer.get('/admin/vault/team/Housing%20options/notices');
    assert.equal(list.statusCode, 200, list.body);
    assert.match(list.body, new RegExp(`/notices/${housing.id}/acknowledge`));
    assert.ok(!list.body.includes('Failing Street'));
    const acked = await officer.post(`/admin/vault/team/Housing%20options/notices/${housing.id}/acknowledge`, {});
    assert.equal(acked.statusCode, 303);
    assert.equal((await notices('id = $1', [housing.id]))[0].status, 'acknowledged');
    // Without the anti-forgery token: refused, nothing changes.
    const [tax] = await notices("event_id = $1 AND recipient = 'Council tax'", [event.id]);
    const taxOfficer = await staff('tax@testshire.example', 'Council tax');
    await taxOfficer.get('/admin/vault/team/Council%20tax/notices');
    const forged = await taxOfficer.post(`/admin/vault/team/Council%20tax/notices/${tax.id}/acknowledge`, {}, { csrf: false });
    assert.equal(forged.statusCode, 403);
    // Another team's notice is not this team's to acknowledge.
    const across = await taxOfficer.post(`/admin/vault/team/Council%20tax/notices/${housing.id}/acknowledge`, {});
    assert.equal(across.statusCode, 404);
    // Nor may an officer of one team open another's list.
    const elsewhere = await taxOfficer.get('/admin/vault/team/Housing%20options/notices');
    assert.equal(elsewhere.statusCode, 403);
    assert.equal((await notices('id = $1', [tax.id]))[0].status, 'delivered');
  });

  it("the resident's page shows each recipient's status, in English and Welsh", async () => {
    const { browser } = await residentBrowser();
    const page = await browser.get('/my-record/told');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    const text = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const status of ['Delivered', 'Acknowledged']) assert.ok(text.includes(status), status);
    assert.match(text, /Housing options .*Acknowledged/);
    assert.match(text, /Care Trust Organisation Delivered/);
    for (const name of ['Paused team', 'Withdrawn Trust', 'Expired Trust', 'Benefits', 'Surgery', 'Other Resident Trust']) assert.ok(!text.includes(name), name);
    // After saving a change, the record says who is being told.
    const saved = await browser.get('/my-record?saved=address');
    assert.equal(saved.statusCode, 200);
    assert.match(saved.body, /govuk-notification-banner[\s\S]*href="\/my-record\/told">See who we told about your changes</);
    const cy = await browser.get('/my-record/told?lang=cy');
    assert.equal(cy.statusCode, 200);
    assert.match(cy.body, /Wedi.*i gydnabod|Wedi&#39;i gydnabod/);
    assert.match(cy.body, /Wedi.*i ddanfon|Wedi&#39;i ddanfon/);
  });

  it('a partner registers its endpoint only at a public https address (400 naming url)', async () => {
    for (const url of ['http://partner.example/hook', 'https://127.0.0.1/hook', 'not a url']) {
      const res = await call('Surgery', 'PUT', '/api/vault/notices/endpoint', { url });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.body, /url/);
    }
    const made = await call('Surgery', 'PUT', '/api/vault/notices/endpoint', { url: 'https://surgery.example/hearth' });
    assert.equal(made.statusCode, 201, made.body);
    assert.match(made.json().secret, /^whsec_/);
    const moved = await call('Surgery', 'PUT', '/api/vault/notices/endpoint', { url: 'https://surgery.example/hearth/v2' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().secret, undefined);
  });

  it('documents the notices API in the OpenAPI document', async () => {
    const res = await hearth.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    assert.ok(paths['/api/vault/notices/{id}/acknowledge']?.post, Object.keys(paths).filter((p) => p.includes('vault')).join(', '));
    assert.ok(paths['/api/vault/notices']?.get);
    assert.ok(paths['/api/vault/notices/endpoint']?.put);
  });

  it('whoever made the change under its grant is not told of it; everyone else is', async () => {
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residentId, 'address', [{ ...ADDRESS, lines: ['3 New Road'] }], {
      kind: 'partner',
      name: 'Care Trust',
      grantee: { kind: 'partner', id: clients['Care Trust'].clientId },
    });
    while ((await hearth.ctx.events.dispatchOnce()) > 0);
    const event = await lastEvent();
    const told = (await notices('event_id = $1', [event.id])).map((n) => n.recipient);
    assert.ok(!told.includes(clients['Care Trust'].clientId), 'the partner that made the change');
    assert.ok(told.includes(clients['Testshire Homes'].clientId) && told.includes('Housing options') && told.includes('Council tax'));
  });

  async function residentBrowser(): Promise<{ browser: Browser }> {
    return { browser: await signIn(hearth, 'mover@example.org') };
  }
  async function staff(email: string, team: string): Promise<Browser> {
    const person = await ensurePerson(hearth.db, email, email.split('@')[0]);
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'request_handler', scope: team, grantedBy: null });
    return signIn(hearth, email);
  }
});
