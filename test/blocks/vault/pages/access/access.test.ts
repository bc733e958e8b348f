import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { withResidentAccess } from '../../../../../src/blocks/vault/gateway.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { sealHead, sealKeyFrom } from '../../../../../src/blocks/vault/log/seal.js';
import { insertBasis } from '../../../../../src/blocks/vault/sql/grants.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import type { TestHearth } from '../../../../support/app.js';
import { resident, startVaultHearth } from '../support.js';
import { inCouncil } from '../../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;
const ukDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);

describe('vault: who has seen my information (/my-record/access)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startVaultHearth();
  });
  after(() => hearth.stop());

  const officer = (team: string) => ({ kind: 'staff' as const, personId: randomUUID(), name: `Officer of ${team}`, team });
  const read = (residentId: string, team: string, categories = ['address']) =>
    withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: officer(team), residentId, categories, action: 'read' }, (a) => a.read());
  const basis = async (residentId: string, team: string, discloseAfter: string | null) =>
    inCouncil(hearth.db, hearth.council.id, (tx) => insertBasis(tx, hearth.council.id, {
      id: randomUUID(), residentId, team, categories: ['household'], legalBasis: 'Children Act 1989, section 47', purpose: `Safeguarding enquiry by ${team}`,
      recordedBy: randomUUID(), status: 'active', expiresAt: new Date(Date.now() + 30 * DAY), discloseAfter,
    }));

  it('lists each access, newest first, a page at a time: who, what, under which grant or basis, why, when; hidden bases only after their date', async () => {
    const { browser, id } = await resident(hearth, 'watched@example.org');
    const empty = await browser.get('/my-record/access');
    assert.equal(empty.statusCode, 200);
    assert.equal(empty.headers['cache-control'], 'no-store');
    assert.match(empty.body, /No one has seen your information/);

    const grant = await createGrant(hearth.db, {
      councilId: hearth.council.id, residentId: id, granteeKind: 'team', grantee: 'Housing options', categories: ['address', 'household'], access: 'read',
      purpose: 'Assessing my housing application', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY),
    });
    for (let i = 0; i < 22; i++) await read(id, 'Housing options');
    await basis(id, 'Children’s services', ukDate(new Date(Date.now() - 2 * DAY)));
    await read(id, 'Children’s services', ['household']);
    await basis(id, 'Adult safeguarding', ukDate(new Date(Date.now() + 2 * DAY)));
    await read(id, 'Adult safeguarding', ['household']);
    // Another resident's accesses are not theirs to see.
    const other = await resident(hearth, 'neighbour@example.org');
    await createGrant(hearth.db, {
      councilId: hearth.council.id, residentId: other.id, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], access: 'read',
      purpose: 'Neighbour’s own application', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY),
    });
    await read(other.id, 'Housing options');

    const first = await browser.get('/my-record/access');
    const cards = first.body.match(/<h2 class="govuk-summary-card__title"/g) ?? [];
    assert.equal(cards.length, 20, 'a page of 20');
    assert.doesNotMatch(first.body, /Adult safeguarding/, 'a basis kept from the resident until its date is not shown');
    assert.doesNotMatch(first.body, /Neighbour’s own application/);
    // Newest first: the disclosed basis's access, then the grant's.
    const children = first.body.indexOf('Safeguarding enquiry by Children’s services');
    assert.ok(children > 0 && children < first.body.indexOf('Assessing my housing application'));
    assert.match(first.body, /A legal duty, without your consent: Children Act 1989, section 47/);
    assert.match(first.body, new RegExp(`<a class="govuk-link" href="/my-record/sharing/${grant.id}">Your permission for Housing options</a>`));
    assert.match(first.body, /Officer of Housing options, Housing options \(council team\)/);
    assert.match(first.body, /Looked at: Address/);
    const older = /govuk-pagination__next[\s\S]*?href="(\/my-record\/access\?before=\d+)"/.exec(first.body)?.[1];
    assert.ok(older, 'a link to older entries');
    const second = await browser.get(older);
    assert.equal((second.body.match(/<h2 class="govuk-summary-card__title"/g) ?? []).length, 3, '23 shown in all');
    assert.doesNotMatch(second.body, /govuk-pagination__next/, 'no older page after the last');
    assert.match(second.body, /href="\/my-record\/access"/, 'back to the newest');

    for (const bad of ['abc', '0', '-1', '1e5', '99999999999999999999']) {
      const res = await browser.get(`/my-record/access?before=${bad}`);
      assert.equal(res.statusCode, 400, bad);
    }
    const welsh = await browser.get('/my-record/access?lang=cy');
    assert.match(welsh.body, /Pwy sydd wedi gweld eich gwybodaeth/);
    await browser.get('/my-record/access?lang=en');
  });

  it('downloads the entries with each one’s hash and the hash before it, the latest seal and its key, all checkable without Hearth', async () => {
    const { browser, id } = await resident(hearth, 'checks@example.org');
    await createGrant(hearth.db, {
      councilId: hearth.council.id, residentId: id, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], access: 'read',
      purpose: 'Checking my address', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY),
    });
    await read(id, 'Housing options');
    await read(id, 'Housing options');
    await basis(id, 'Adult safeguarding', ukDate(new Date(Date.now() + 2 * DAY)));
    await read(id, 'Adult safeguarding', ['household']);
    await sealHead(hearth.db, hearth.council.id, sealKeyFrom(keyRingOf(hearth.db)));

    const res = await browser.get('/my-record/access/download.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(String(res.headers['content-disposition']), /attachment/);
    const doc = res.json();
    assert.equal(doc.resident_id, id);
    assert.equal(doc.entries.length, 2, 'the hidden basis’s access is left out');
    for (const entry of doc.entries) {
      const hash = createHash('sha256').update(Buffer.from(entry.prev_hash, 'hex')).update(entry.hashed, 'utf8').digest('hex');
      assert.equal(hash, entry.hash, `entry ${entry.seq} checks`);
      assert.equal(JSON.parse(entry.hashed)[2], entry.seq);
      assert.equal(entry.purpose, 'Checking my address');
    }
    assert.equal(doc.entries[0].prev_hash, doc.entries[1].hash, 'consecutive entries of the council chain link');
    const seal = doc.latest_seal;
    assert.ok(seal.seq >= doc.entries[0].seq);
    const key = createPublicKey({ key: seal.public_key_jwk, format: 'jwk' });
    assert.ok(verify(null, Buffer.from(seal.signed_message, 'utf8'), key, Buffer.from(seal.signature, 'base64')), 'the seal checks with the published key');
    assert.match(doc.keys_url, /\/vault\/receipt-key$/);
    const published = (await hearth.app.inject('/vault/receipt-key')).json().keys;
    assert.ok(published.some((k: { x: string }) => k.x === seal.public_key_jwk.x));
  });
});
