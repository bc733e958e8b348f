import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { exportOruk } from '../../../../src/blocks/directory/oruk/export.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { needTerms } from '../../../../src/blocks/directory/search/synonyms.js';
import { withRecognisedTerms } from '../../../../src/blocks/directory/taxonomy/recognise.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { orukValidator } from '../../../support/oruk-fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ORUK JSON */
const PUBLIC_URL = 'https://directory.testshire.example';
const need = (code: string) => {
  const t = needTerms().find((n) => n.code === code)!;
  // As the demo and any Hearth directory tag services: the need's own id, a stored URI that does not resolve.
  return { id: t.id, name: t.name, description: t.description ?? t.name, parent_id: t.parent_id, taxonomy: 'Hearth needs', term_uri: `https://hearth.example/taxonomies/needs/${t.code}` };
};

const SERVICE = 'a7800000-0000-4000-8000-000000000001';
const ORG = 'a7800000-0000-4000-8000-000000000002';
const service = {
  id: SERVICE,
  name: 'Testshire Food Bank',
  description: 'Emergency food parcels.',
  status: 'active',
  organization: { id: ORG, name: 'Testshire Food Bank Trust', description: 'A charity.' },
  attributes: [
    { id: 'a7800000-0000-4000-8000-000000000011', link_type: 'service', taxonomy_term_id: need('food-banks').id, taxonomy_term: need('food-banks') },
    { id: 'a7800000-0000-4000-8000-000000000012', link_type: 'service', taxonomy_term_id: need('befriending').id, taxonomy_term: need('befriending') },
  ],
};

const terms = (s: any) => (s.attributes as any[]).map((a) => a.taxonomy_term);
const byUri = (s: any, uri: string) => terms(s).filter((t) => t.term_uri === uri);

describe('exported data is recognised: need terms with resolving URIs and their mapped external terms', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_PUBLIC_URL: PUBLIC_URL } });
    await importOruk(hearth.database.db, hearth.council.id, [service]);
  });
  after(() => hearth.stop());

  it('GET /oruk/services/{id}: each need term at /needs/{code} from configuration, LGSL food banks beside it, valid ORUK', async () => {
    const res = await hearth.app.inject({ url: `/oruk/services/${SERVICE}` });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(byUri(body, `${PUBLIC_URL}/needs/food-banks`).length, 1);
    const [lgsl] = byUri(body, 'http://id.esd.org.uk/service/1818');
    assert.deepEqual({ name: lgsl.name, term: lgsl.term, taxonomy: lgsl.taxonomy }, { name: 'Food banks', term: '1818', taxonomy: 'Local Government Services List (LGSL)' });
    // Befriending has no mapping of its own, but it is part of loneliness, which the LGA's
    // 'Social inclusion' need includes: so it is that too.
    assert.equal(byUri(body, `${PUBLIC_URL}/needs/befriending`).length, 1);
    assert.equal(byUri(body, 'http://id.esd.org.uk/need/69').length, 1);
    assert.equal(terms(body).length, 4);
    const validate = orukValidator('compiled/service.json');
    if (validate) assert.ok(validate(body), JSON.stringify(validate.errors));
  });

  it('GET /oruk/taxonomy_terms and /oruk/taxonomy_terms/{id}: the need term carries its resolving URI', async () => {
    const page = (await hearth.app.inject({ url: '/oruk/taxonomy_terms?per_page=100' })).json();
    const foodBanks = page.contents.find((t: any) => t.id === need('food-banks').id);
    assert.equal(foodBanks.term_uri, `${PUBLIC_URL}/needs/food-banks`);
    const one = (await hearth.app.inject({ url: `/oruk/taxonomy_terms/${need('food-banks').id}` })).json();
    assert.equal(one.term_uri, `${PUBLIC_URL}/needs/food-banks`);
    const validate = orukValidator('taxonomy_term.json');
    if (validate) assert.ok(validate(one), JSON.stringify(validate.errors));
  });

  it('the ids it publishes for an external term and its vocabulary resolve in the feed', async () => {
    const body = (await hearth.app.inject({ url: `/oruk/services/${SERVICE}` })).json();
    const [lgsl] = byUri(body, 'http://id.esd.org.uk/service/1818');
    const term = await hearth.app.inject({ url: `/oruk/taxonomy_terms/${lgsl.id}` });
    assert.equal(term.statusCode, 200);
    assert.deepEqual(term.json(), lgsl);
    const taxonomy = (await hearth.app.inject({ url: `/oruk/taxonomies/${lgsl.taxonomy_id}` })).json();
    assert.equal(taxonomy.uri, 'http://id.esd.org.uk/list/englishAndWelshServices');
    assert.ok(taxonomy.taxonomy_terms.some((t: any) => t.id === lgsl.id));
    const validate = orukValidator('taxonomy.json');
    if (validate) assert.ok(validate(taxonomy), JSON.stringify(validate.errors));
    assert.equal((await hearth.app.inject({ url: '/oruk/taxonomy_terms/a7800000-0000-4000-8000-0000000000ff' })).statusCode, 404);
  });

  it('the ORUK JSON download and export carry the same, and import back into the same need', async () => {
    const res = await hearth.app.inject({ url: '/open-data/directory.json' });
    assert.equal(res.statusCode, 200);
    const chunks: Buffer[] = [];
    const out = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(Buffer.from(c)), done()) });
    await exportOruk(hearth.database.db, hearth.council.id, out, { needsBaseUrl: `${PUBLIC_URL}/needs` });
    const [exported] = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    assert.equal(byUri(exported, 'http://id.esd.org.uk/service/1818').length, 1);
    assert.equal(byUri(exported, `${PUBLIC_URL}/needs/food-banks`).length, 1);
    assert.deepEqual(terms(JSON.parse(res.body)[0]).map((t: any) => t.term_uri).sort(), terms(exported).map((t: any) => t.term_uri).sort());
    // Imported again (a directory that reads Hearth's export), it is the same service under the same needs, once.
    await importOruk(hearth.database.db, hearth.council.id, [exported]);
    const again = (await hearth.app.inject({ url: `/oruk/services/${SERVICE}` })).json();
    assert.equal(terms(again).length, 4);
  });

  it('/needs/{code} shows the external terms mapped to the need, how each relates, and where they come from, in English and Welsh', async () => {
    const page = await hearth.app.inject({ url: '/needs/carer-support', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="http:\/\/id\.esd\.org\.uk\/service\/298" lang="en">298: Carers support groups<\/a>/);
    assert.match(page.body, /Narrower: part of this need/);
    assert.match(page.body, /OpenReferralUK\/human-services/);
    const cy = await hearth.app.inject({ url: '/needs/carer-support?lang=cy', headers: { accept: 'text/html' } });
    assert.match(cy.body, /Culach: rhan o&#39;r angen hwn|Culach: rhan o'r angen hwn/);
    const none = await hearth.app.inject({ url: '/needs/befriending', headers: { accept: 'text/html' } });
    assert.match(none.body, /has been matched to this need/);
  });

  it('adds a published term once, even when two needs or the service itself already carry it', () => {
    const alcohol = need('alcohol');
    const drugs = need('drugs');
    const doc = {
      id: SERVICE,
      attributes: [
        { id: 'x1', link_type: 'service', taxonomy_term: alcohol },
        { id: 'x2', link_type: 'service', taxonomy_term: drugs },
      ],
    };
    const out = withRecognisedTerms(doc, `${PUBLIC_URL}/needs`);
    assert.deepEqual(terms(out).map((t: any) => t.term_uri), [`${PUBLIC_URL}/needs/alcohol`, `${PUBLIC_URL}/needs/drugs`, 'http://id.esd.org.uk/service/730']);
    assert.equal(doc.attributes[0].taxonomy_term.term_uri, alcohol.term_uri, 'the argument is not changed');
    assert.equal(terms(withRecognisedTerms(out, `${PUBLIC_URL}/needs`)).length, 3);
  });
});
