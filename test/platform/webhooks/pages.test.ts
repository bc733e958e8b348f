import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { keyRingOf } from '../../../src/platform/crypto/key-ring.js';
import { openSecret } from '../../../src/platform/webhooks/secrets.js';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { insertEndpoint } from '../../../src/platform/webhooks/sql.js';
import { newSigningSecret } from '../../../src/platform/webhooks/index.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { signIn, type Browser } from '../../blocks/identity/support.js';

const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const mainText = (html: string) => decode((/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
/** The error summary's links: the field each names and what it says. */
const summary = (html: string) =>
  [...(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => [m[1], decode(m[2].trim())]);
const secretOf = (html: string) => /id="signing-secret">(whsec_[A-Za-z0-9+/=]+)</.exec(html)?.[1];

describe('/admin/webhooks: a council admin manages the partner systems told of its events', () => {
  let hearth: TestHearth;
  let admin: Browser;
  let manager: Browser;
  let otherEndpointId: string;

  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    const dm = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: dm.id, role: 'directory_manager', scope: '', grantedBy: null });
    const other = await addCouncil(hearth.db, { slug: 'other', name: 'Other Council' });
    await hearth.councils.reload();
    otherEndpointId = (await insertEndpoint(hearth.db, { id: randomUUID(), councilId: other.id, url: 'https://other.example/hook', description: '', eventTypes: ['*'], secret: newSigningSecret(), createdBy: null })).id;
    admin = await signIn(hearth, 'admin@testshire.example');
    manager = await signIn(hearth, 'manager@testshire.example');
  });
  after(() => hearth?.stop());

  it('is offered to a council admin on /admin, and refused to a directory manager', async () => {
    const home = await admin.get('/admin');
    assert.match(home.body, /href="\/admin\/webhooks"/);
    assert.equal((await manager.get('/admin')).body.includes('href="/admin/webhooks"'), false);
    assert.equal((await manager.get('/admin/webhooks')).statusCode, 403);
    const list = await admin.get('/admin/webhooks');
    assert.equal(list.statusCode, 200);
    assert.equal(list.headers['cache-control'], 'no-store');
    assert.match(mainText(list.body), /No endpoints yet/);
    assert.match(mainText((await admin.get('/admin/webhooks?lang=cy')).body), /Bachau gwe/);
    assert.match(mainText((await admin.get('/admin/webhooks?lang=en')).body), /Webhooks/, 'back in English (the choice is remembered)');
  });

  it('refuses bad input with a 400 naming each field, and keeps what was typed', async () => {
    await admin.get('/admin/webhooks/new');
    let res = await admin.post('/admin/webhooks', { url: '', description: '', eventTypes: '' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      ['url', 'Enter the web address messages are sent to'],
      ['eventTypes', 'Enter at least one event to send'],
    ]);
    res = await admin.post('/admin/webhooks', { url: 'http://partner.example/hook', description: 'x'.repeat(201), eventTypes: 'directory.service.*\nDirectory Service!' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body).map(([field]) => field), ['url', 'description', 'eventTypes']);
    assert.match(summary(res.body)[0][1], /https:\/\//);
    assert.match(summary(res.body)[2][1], /"Directory" is not an event name/);
    assert.match(res.body, /value="http:\/\/partner.example\/hook"/);
    for (const url of ['https://127.0.0.1/hook', 'https://[::1]/hook', 'https://192.168.0.7/hook', 'https://localhost/hook', 'https://user:pw@partner.example/']) {
      res = await admin.post('/admin/webhooks', { url, eventTypes: '*' });
      assert.equal(res.statusCode, 400, url);
      assert.deepEqual(summary(res.body).map(([field]) => field), ['url'], url);
    }
    // In Welsh, in Welsh.
    await admin.get('/admin/webhooks/new?lang=cy');
    res = await admin.post('/admin/webhooks?lang=cy', { url: '', eventTypes: '*' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [['url', "Rhowch y cyfeiriad gwe y caiff negeseuon eu hanfon ato"]]);
    await admin.get('/admin/webhooks?lang=en');
    assert.equal((await hearth.db.query('SELECT 1 FROM webhook_endpoint WHERE council_id = $1', [hearth.council.id])).rows.length, 0, 'nothing saved');
  });

  it('refuses a form without its CSRF token', async () => {
    await admin.get('/admin/webhooks/new');
    const res = await admin.post('/admin/webhooks', { url: 'https://partner.example/hook', eventTypes: '*' }, { csrf: false });
    assert.equal(res.statusCode, 403);
  });

  let endpointPath = '';
  it('registers an endpoint, then shows its signing secret once on the page it redirects to (a reload registers nothing and shows no secret)', async () => {
    await admin.get('/admin/webhooks/new');
    const posted = await admin.post('/admin/webhooks', { url: 'https://partner.example/hearth', description: 'The county hub', eventTypes: 'directory.service.*, directory.organization.updated' });
    assert.equal(posted.statusCode, 303, 'post/redirect/get: the answer to the form is a redirect');
    assert.equal(posted.body.includes('whsec_'), false, 'no secret in the answer to the form');
    const shownAt = String(posted.headers.location);
    assert.match(shownAt, /^\/admin\/webhooks\/[0-9a-f-]{36}\/added$/);
    const res = await admin.get(shownAt);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(mainText(res.body), /Endpoint added/);
    const secret = secretOf(res.body);
    assert.ok(secret, 'the secret is on the page');
    assert.equal(Buffer.from(secret.slice('whsec_'.length), 'base64').length, 32);
    const { rows } = await hearth.db.query<{ id: string; secret: string; event_types: string[]; created_by: string }>('SELECT id, secret, event_types, created_by FROM webhook_endpoint WHERE council_id = $1', [hearth.council.id]);
    // Kept sealed, not as shown: it opens to the secret with the server's key ring only.
    assert.equal(rows[0].secret.includes(secret.slice('whsec_'.length)), false, 'not in the clear');
    assert.equal(openSecret(() => keyRingOf(hearth.db), rows[0].id, rows[0].secret), secret);
    assert.deepEqual(rows[0].event_types, ['directory.service.*', 'directory.organization.updated']);
    assert.equal(rows[0].created_by, 'admin@testshire.example');
    endpointPath = `/admin/webhooks/${rows[0].id}`;
    assert.equal(shownAt, `${endpointPath}/added`);

    // A reload of the page shows the secret no more, and adds nothing.
    const reload = await admin.get(shownAt);
    assert.equal(reload.statusCode, 200);
    assert.equal(reload.body.includes(secret), false, 'shown once');
    assert.match(mainText(reload.body), /The secret was shown once .*make a new secret on the endpoint's page/);
    assert.match(mainText((await admin.get(`${shownAt}?lang=cy`)).body), /Dangoswyd y gyfrinach unwaith/);
    await admin.get('/admin/webhooks?lang=en');
    assert.equal((await hearth.db.query('SELECT 1 FROM webhook_endpoint WHERE council_id = $1', [hearth.council.id])).rows.length, 1, 'one endpoint');

    const list = await admin.get('/admin/webhooks');
    assert.match(mainText(list.body), /https:\/\/partner\.example\/hearth The county hub Events: directory\.service\.\*, directory\.organization\.updated/);
    const page = await admin.get(endpointPath);
    assert.equal(page.statusCode, 200);
    assert.equal(page.body.includes(secret), false, 'never shown again');
    assert.match(mainText(page.body), /No messages yet/);
  });

  it('shows the held secret to the session that made it only', async () => {
    const other = await signIn(hearth, 'admin@testshire.example');
    await admin.get(endpointPath);
    const posted = await admin.post(`${endpointPath}/rotate`, {});
    const held = /hearth_webhook_secret=([^;]+)/.exec(String(posted.headers['set-cookie']))?.[1];
    assert.ok(held, 'held in a cookie, encrypted');
    assert.equal(decodeURIComponent(held).includes('whsec_'), false, 'not in the clear');
    other.jar.set('hearth_webhook_secret', held);
    const stolen = await other.get(String(posted.headers.location));
    assert.equal(stolen.statusCode, 200);
    assert.equal(secretOf(stolen.body), undefined, 'another session cannot open it');
    assert.match(mainText(stolen.body), /The secret was shown once/);
  });

  it('adds one endpoint when the same form is sent twice (a double click), and sends the second to the first one\'s answer', async () => {
    const form = await admin.get('/admin/webhooks/new');
    const formId = /name="_once" value="([0-9a-f-]{36})"/.exec(form.body)?.[1];
    assert.ok(formId, 'the form carries a one-time id');
    const fields = { _once: formId, url: 'https://double.example/hook', description: '', eventTypes: '*' };
    const [first, second] = await Promise.all([admin.post('/admin/webhooks', fields), admin.post('/admin/webhooks', fields)]);
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(first.headers.location, second.headers.location, 'both land on the page of the one endpoint');
    assert.match(String(first.headers.location), /^\/admin\/webhooks\/[0-9a-f-]{36}\/added$/);
    assert.equal((await hearth.db.query("SELECT 1 FROM webhook_endpoint WHERE url = 'https://double.example/hook'")).rows.length, 1, 'one endpoint, so one delivery of each message');
    // Sent again later (the browser's "resend"), still nothing new.
    const again = await admin.post('/admin/webhooks', fields);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, first.headers.location);
    assert.equal((await hearth.db.query("SELECT 1 FROM webhook_endpoint WHERE url = 'https://double.example/hook'")).rows.length, 1);
    // A form with a mistake is drawn with a fresh id, so its corrected form is not taken for a repeat.
    await admin.get('/admin/webhooks/new');
    const wrongId = /name="_once" value="([0-9a-f-]{36})"/.exec(admin.lastPage)![1];
    const wrong = await admin.post('/admin/webhooks', { _once: wrongId, url: '', eventTypes: '*' });
    assert.equal(wrong.statusCode, 400);
    const freshId = /name="_once" value="([0-9a-f-]{36})"/.exec(wrong.body)?.[1];
    assert.ok(freshId && freshId !== wrongId, 'a fresh id');
    const corrected = await admin.post('/admin/webhooks', { _once: freshId, url: 'https://corrected.example/hook', eventTypes: '*' });
    assert.equal(corrected.statusCode, 303);
    assert.equal((await hearth.db.query("SELECT 1 FROM webhook_endpoint WHERE url = 'https://corrected.example/hook'")).rows.length, 1);
    await hearth.db.query("DELETE FROM webhook_endpoint WHERE url IN ('https://double.example/hook', 'https://corrected.example/hook')");
  });

  it('rotates the secret, showing the new one once (a reload or a double click makes no other)', async () => {
    const before = (await hearth.db.query<{ secret: string }>('SELECT secret FROM webhook_endpoint WHERE council_id = $1', [hearth.council.id])).rows[0].secret;
    const page = await admin.get(endpointPath);
    const formId = /action="\/admin\/webhooks\/[0-9a-f-]{36}\/rotate"[\s\S]*?name="_once" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
    assert.ok(formId, 'the rotate form carries a one-time id');
    const [posted, twice] = await Promise.all([admin.post(`${endpointPath}/rotate`, { _once: formId }), admin.post(`${endpointPath}/rotate`, { _once: formId })]);
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, `${endpointPath}/new-secret`);
    assert.equal(twice.headers.location, posted.headers.location);
    const stored = (await hearth.db.query<{ id: string; secret: string }>('SELECT id, secret FROM webhook_endpoint WHERE council_id = $1', [hearth.council.id])).rows[0];
    assert.notEqual(stored.secret, before);
    // Whichever answer the browser kept holds the one secret made.
    const holder = [posted, twice].find((r) => /hearth_webhook_secret=[^;]+/.test(String(r.headers['set-cookie'])))!;
    admin.jar.take(holder);
    const res = await admin.get(String(posted.headers.location));
    assert.equal(res.statusCode, 200);
    assert.match(mainText(res.body), /New signing secret made/);
    const secret = secretOf(res.body);
    assert.ok(secret);
    assert.equal(openSecret(() => keyRingOf(hearth.db), stored.id, stored.secret), secret, 'the secret shown is the one kept: no second rotation replaced it');
    const reload = await admin.get(String(posted.headers.location));
    assert.equal(secretOf(reload.body), undefined, 'a reload shows none');
    assert.equal((await hearth.db.query<{ secret: string }>('SELECT secret FROM webhook_endpoint WHERE id = $1', [stored.id])).rows[0].secret, stored.secret, 'and makes none');
    assert.match(mainText((await admin.get(endpointPath)).body), /Secret last changed \d/);
  });

  it('pauses and resumes', async () => {
    await admin.get(endpointPath);
    let res = await admin.post(`${endpointPath}/pause`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${endpointPath}?done=paused`);
    let page = await admin.get(res.headers.location as string);
    assert.match(mainText(page.body), /The endpoint is paused.*State Paused/);
    res = await admin.post(`${endpointPath}/resume`, {});
    page = await admin.get(res.headers.location as string);
    assert.match(mainText(page.body), /State Active/);
  });

  it('lists deliveries with their state and replays a failed one', async () => {
    const id = endpointPath.split('/').pop()!;
    await hearth.db.query(
      `INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload, status, attempts, last_status, last_error, last_attempt_at, next_attempt_at)
       VALUES ($1, 1, 'directory.service.created', '{}', 'failed', 8, 500, 'status: answered 500', now(), now()),
              ($1, 2, 'directory.service.updated', '{}', 'pending', 2, 503, 'status: answered 503', now(), now() + interval '1 hour'),
              ($1, 3, 'directory.service.ended', '{}', 'delivered', 1, 200, NULL, now(), now())`,
      [id],
    );
    const page = await admin.get(endpointPath);
    const text = mainText(page.body);
    assert.match(text, /directory\.service\.created What happened Failed Event happened [^]*? Attempts 8 Receiver's answer 500 Last error status: answered 500/);
    assert.match(text, /directory\.service\.updated What happened Retrying Event happened [^]*? Attempts 2 Receiver's answer 503 Next attempt \d/);
    assert.match(text, /directory\.service\.ended What happened Delivered Event happened [^]*? Attempts 1 Receiver's answer 200 Send again/);
    const replays = [...page.body.matchAll(/action="([^"]+\/replay)"/g)].map((m) => m[1]);
    assert.equal(replays.length, 2, 'the failed and the delivered one can be sent again; the one waiting cannot');
    const failedId = (await hearth.db.query<{ id: string }>("SELECT id FROM webhook_delivery WHERE status = 'failed'")).rows[0].id;
    const res = await admin.post(`${endpointPath}/deliveries/${failedId}/replay`, {});
    assert.equal(res.statusCode, 303);
    const { rows } = await hearth.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_delivery WHERE id = $1', [failedId]);
    assert.deepEqual(rows[0], { status: 'pending', attempts: 0 });
    assert.equal((await admin.post(`${endpointPath}/deliveries/${failedId}/replay`, {})).statusCode, 404, 'already waiting');
    assert.equal((await admin.post(`${endpointPath}/deliveries/not-a-uuid/replay`, {})).statusCode, 404);
  });

  it("never shows or changes another council's endpoint", async () => {
    assert.equal((await admin.get(`/admin/webhooks/${otherEndpointId}`)).statusCode, 404);
    await admin.get('/admin/webhooks');
    for (const action of ['pause', 'rotate', 'delete']) assert.equal((await admin.post(`/admin/webhooks/${otherEndpointId}/${action}`, {})).statusCode, 404, action);
    assert.equal((await admin.get('/admin/webhooks/not-a-uuid')).statusCode, 404);
    const { rows } = await hearth.db.query<{ paused: boolean }>('SELECT paused FROM webhook_endpoint WHERE id = $1', [otherEndpointId]);
    assert.equal(rows[0].paused, false);
  });

  it('asks before deleting, then deletes the endpoint and its deliveries', async () => {
    const ask = await admin.get(`${endpointPath}/delete`);
    assert.equal(ask.statusCode, 200);
    assert.match(mainText(ask.body), /Are you sure you want to delete this endpoint\? Nothing more will be sent to https:\/\/partner\.example\/hearth/);
    const res = await admin.post(`${endpointPath}/delete`, {});
    assert.equal(res.statusCode, 303);
    assert.match(mainText((await admin.get(res.headers.location as string)).body), /The endpoint was deleted/);
    assert.equal((await hearth.db.query('SELECT 1 FROM webhook_endpoint WHERE council_id = $1', [hearth.council.id])).rows.length, 0);
    assert.equal((await hearth.db.query('SELECT 1 FROM webhook_delivery')).rows.length, 0);
  });
});
