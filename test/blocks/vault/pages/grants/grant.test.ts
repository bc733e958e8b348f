import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AccessRefused, withResidentAccess } from '../../../../../src/blocks/vault/gateway.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { canonicalJson } from '../../../../../src/blocks/vault/receipt.js';
import type { TestHearth } from '../../../../support/app.js';
import { openApi31Problems } from '../../../../platform/http/openapi-31.js';
import { Browser } from '../../../identity/support.js';
import { resident, startVaultHearth } from '../support.js';

const DAY = 24 * 3600_000;

describe('vault: a resident’s grant, what they can do with it, and its consent receipt', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startVaultHearth();
  });
  after(() => hearth.stop());

  const give = (residentId: string, over: Partial<Parameters<typeof createGrant>[1]> = {}) =>
    createGrant(hearth.db, {
      councilId: hearth.council.id,
      residentId,
      granteeKind: 'team',
      grantee: 'Housing options',
      categories: ['address', 'household'],
      access: 'read',
      purpose: 'Assessing my housing application',
      lawfulBasis: 'consent',
      expiresAt: new Date(Date.now() + 30 * DAY),
      ...over,
    });
  const readAsHousing = (councilId: string, residentId: string) =>
    withResidentAccess(hearth.db, { councilId, actor: { kind: 'staff', personId: residentId, name: 'Jo Officer', team: 'Housing options' }, residentId, categories: ['address'], action: 'read' }, (a) => a.read());

  it('pauses, resumes, and withdraws after asking, final, and the team loses access at once; each change in its history', async () => {
    const { browser, id } = await resident(hearth, 'moves@example.org');
    const grant = await give(id);
    const path = `/my-record/sharing/${grant.id}`;
    let page = await browser.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Pause sharing/);
    assert.match(page.body, new RegExp(`href="${path}/withdraw"`));
    const paused = await browser.post(`${path}/pause`, {});
    assert.equal(paused.statusCode, 303);
    assert.equal(paused.headers.location, `${path}?done=paused`);
    await assert.rejects(readAsHousing(hearth.council.id, id), AccessRefused);
    // Sent again (a double click): the same answer, nothing more.
    assert.equal((await browser.post(`${path}/pause`, {})).headers.location, `${path}?done=paused`);
    page = await browser.get(`${path}?done=paused`);
    assert.match(page.body, /Sharing is paused/);
    assert.equal((await browser.post(`${path}/resume`, {})).statusCode, 303);
    await readAsHousing(hearth.council.id, id);

    const ask = await browser.get(`${path}/withdraw`);
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /Withdrawing is final/);
    assert.match(ask.body, /Housing options will no longer be able to see: Address, People you live with/);
    const withdrawn = await browser.post(`${path}/withdraw`, {});
    assert.equal(withdrawn.headers.location, `${path}?done=withdrawn`);
    await assert.rejects(readAsHousing(hearth.council.id, id), AccessRefused, 'withdrawn: refused at once');
    page = await browser.get(path);
    assert.doesNotMatch(page.body, /Pause sharing|Resume sharing|Withdraw permission/);
    const resumed = await browser.post(`${path}/resume`, {});
    assert.equal(resumed.statusCode, 409, 'withdrawn is final');
    assert.match(resumed.body, /This cannot be done now/);
    const history = [...page.body.matchAll(/<td class="govuk-table__cell">([^<]+)<\/td>\s*<td class="govuk-table__cell">You<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(history, ['You gave permission', 'Paused', 'Resumed', 'Withdrawn']);
    assert.equal((await browser.get(`${path}/withdraw`)).statusCode, 303, 'nothing to withdraw: back to the grant');
  });

  it('shows a team’s request with its purpose; the resident accepts or refuses', async () => {
    const { browser, id } = await resident(hearth, 'asked@example.org');
    const asked = await give(id, { requested: true, purpose: 'Checking who lives with you for council tax' });
    const refused = await give(id, { requested: true, purpose: 'Marketing' });
    const list = await browser.get('/my-record/sharing');
    assert.match(list.body, /Asking for your permission/);
    assert.match(list.body, /Checking who lives with you for council tax/);
    const page = await browser.get(`/my-record/sharing/${asked.id}`);
    assert.match(page.body, /Housing options is asking to see your information/);
    assert.match(page.body, /Asked for your permission/);
    await assert.rejects(readAsHousing(hearth.council.id, id), AccessRefused, 'nothing until accepted');
    assert.equal((await browser.post(`/my-record/sharing/${asked.id}/accept`, {})).headers.location, `/my-record/sharing/${asked.id}?done=accepted`);
    await readAsHousing(hearth.council.id, id);
    await browser.get(`/my-record/sharing/${refused.id}`);
    assert.equal((await browser.post(`/my-record/sharing/${refused.id}/refuse`, {})).statusCode, 303);
    const after = await browser.get('/my-record/sharing');
    assert.match(after.body, /Ended[\s\S]*Marketing/);
  });

  it('answers 404 for another resident’s grant, and for an address that is not a grant', async () => {
    const owner = await resident(hearth, 'owner@example.org');
    const grant = await give(owner.id);
    const other = await resident(hearth, 'nosy@example.org');
    for (const path of [`/my-record/sharing/${grant.id}`, `/my-record/sharing/${grant.id}/withdraw`, `/my-record/sharing/${grant.id}/receipt.json`, '/my-record/sharing/not-a-grant']) {
      assert.equal((await other.browser.get(path)).statusCode, 404, path);
    }
    await other.browser.get('/my-record/sharing');
    assert.equal((await other.browser.post(`/my-record/sharing/${grant.id}/withdraw`, {})).statusCode, 404);
    await readAsHousing(hearth.council.id, owner.id);
    // Without a CSRF token, nothing moves.
    await owner.browser.get(`/my-record/sharing/${grant.id}`);
    assert.equal((await owner.browser.post(`/my-record/sharing/${grant.id}/withdraw`, {}, { csrf: false })).statusCode, 403);
    await readAsHousing(hearth.council.id, owner.id);
  });

  it('gives a signed consent receipt that the verify page finds genuine, and a changed or foreign one not', async () => {
    const { browser, id } = await resident(hearth, 'receipt@example.org');
    const grant = await give(id, { access: 'read_update' });
    await browser.get(`/my-record/sharing/${grant.id}`);
    await browser.post(`/my-record/sharing/${grant.id}/pause`, {});
    const download = await browser.get(`/my-record/sharing/${grant.id}/receipt.json`);
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /attachment; filename="consent-receipt-/);
    const receipt = JSON.parse(download.body);
    assert.equal(receipt.record_id, grant.id);
    assert.equal(receipt.pii_principal_id, id);
    assert.equal(receipt.consent_status, 'paused');
    assert.deepEqual(receipt.events.map((e: { event_type: string }) => e.event_type), ['given', 'paused']);
    assert.deepEqual(receipt.processing[0].recipients, [{ name: 'Housing options', kind: 'council_team' }]);
    assert.equal(receipt.pii_controllers[0].name, 'Testshire Council');

    // The published key (a JWK) checks the signature, with nothing of Hearth's.
    const keys = await hearth.app.inject('/vault/receipt-key');
    assert.equal(keys.statusCode, 200);
    assert.match(String(keys.headers['content-type']), /application\/jwk-set\+json/);
    const [jwk] = keys.json().keys;
    assert.equal(jwk.kid, receipt.proof.key_id);
    const { proof, ...body } = receipt;
    assert.ok(verify(null, Buffer.from(canonicalJson(body)), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(proof.signature, 'base64')));

    const anyone = new Browser(hearth);
    const page = await anyone.get('/vault/receipts/verify');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /How checking works/);
    const genuine = await anyone.post('/vault/receipts/verify', { receipt: download.body });
    assert.equal(genuine.statusCode, 200);
    assert.match(genuine.body, /This receipt is genuine/);
    assert.match(genuine.body, /Assessing my housing application/);
    const changed = await anyone.post('/vault/receipts/verify', { receipt: JSON.stringify({ ...receipt, processing: [{ ...receipt.processing[0], valid_until: '2099-01-01T00:00:00.000Z' }] }) });
    assert.match(changed.body, /This receipt has been changed/);
    // Signed by someone else's key: the signature holds, but it is not the council's.
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const forger = generateKeyPairSync('ed25519');
    const forgedBody = { ...body, processing: [{ ...body.processing[0], purposes: ['Anything at all'] }] };
    const forged = { ...forgedBody, proof: { ...proof, public_key: forger.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), signature: sign(null, Buffer.from(canonicalJson(forgedBody)), forger.privateKey).toString('base64') } };
    assert.match((await anyone.post('/vault/receipts/verify', { receipt: JSON.stringify(forged) })).body, /This receipt was not issued by this council/);
    assert.match((await anyone.post('/vault/receipts/verify', { receipt: '{"hello": 1}' })).body, /This is not a consent receipt/);
    const notJson = await anyone.post('/vault/receipts/verify', { receipt: 'not json' });
    assert.equal(notJson.statusCode, 400);
    assert.match(notJson.body, /<a href="#receipt">The receipt must be the JSON of a receipt file/);
    const empty = await anyone.post('/vault/receipts/verify', { receipt: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Paste the receipt to check/);
    const huge = await anyone.post('/vault/receipts/verify', { receipt: `{"x":"${'a'.repeat(40_000)}"}` });
    assert.equal(huge.statusCode, 400);
    assert.equal((await anyone.post('/vault/receipts/verify', { receipt: download.body }, { csrf: false })).statusCode, 403);

    // The same check as JSON, for programs.
    const api = (payload: string) => hearth.app.inject({ method: 'POST', url: '/api/vault/receipts/verify', headers: { 'content-type': 'application/json' }, payload });
    assert.deepEqual((await api(download.body)).json(), { result: 'valid', valid: true });
    assert.deepEqual((await api(JSON.stringify(forged))).json(), { result: 'unknown_key', valid: false });
    assert.deepEqual((await api('{"hello": 1}')).json(), { result: 'not_a_receipt', valid: false });
    const broken = await api('{not json');
    assert.equal(broken.statusCode, 400);
    assert.match(String(broken.headers['content-type']), /application\/problem\+json/);
    assert.equal((await api('[1, 2]')).statusCode, 400, 'a receipt is an object');
    const openapi = (await hearth.app.inject('/api/openapi.json')).json();
    assert.ok(openapi.paths['/api/vault/receipts/verify']?.post, 'documented in the OpenAPI');
    assert.deepEqual(openApi31Problems(openapi), []);
  });
});
