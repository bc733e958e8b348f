import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import * as schemas from '../../../../src/blocks/directory/oruk/schemas.js';
import { normaliseService, validateService, validateServices, type OrukProblem } from '../../../../src/blocks/directory/oruk/validate.js';
import { exampleService, ORUK_MISSING, orukAvailable, richServices } from '../../../support/oruk-fixtures.js';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests break services on purpose

const clone = <T>(v: T): T => structuredClone(v);
const at = (problems: OrukProblem[], path: string) => problems.filter((p) => p.path === path);
const service = () => clone(richServices()[0]) as Mutable;

describe('ORUK schemas', () => {
  it('are plain JSON Schema that Ajv compiles, without $id or $ref', () => {
    type FormatsPlugin = (ajv: Ajv) => Ajv;
    const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;
    const ajv = addFormats(new Ajv({ strict: false }));
    const exported = Object.entries(schemas).filter(([name, v]) => name.endsWith('Schema') && typeof v === 'object');
    assert.ok(exported.length >= 20, 'schemas are exported');
    for (const [name, schema] of exported) {
      const text = JSON.stringify(schema);
      assert.doesNotMatch(text, /"\$(id|ref)"/, name);
      ajv.compile(schema as object);
    }
    const page = schemas.Paged(schemas.TaxonomySchema);
    assert.deepEqual(Object.keys(page.properties), ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents']);
  });
});

describe('validateService', () => {
  it('accepts the ORUK example service once its coordinates are in range', (t) => {
    if (!orukAvailable()) return t.skip(ORUK_MISSING);
    const result = validateService(exampleService());
    assert.deepEqual(result.problems, []);
    assert.equal(result.service?.id, 'ac148810-d857-441c-9679-408f346de14b');
  });

  it('rejects the ORUK example as published: latitude 100 is out of range, named by path', (t) => {
    if (!orukAvailable()) return t.skip(ORUK_MISSING);
    const { problems, service: ok } = validateService(exampleService(false), '$[0]');
    assert.equal(ok, undefined);
    assert.deepEqual(problems, [{ path: '$[0].service_at_locations[0].location.latitude', reason: 'must be between -90 and 90 (got 100)' }]);
  });

  it('accepts every hand-made fixture service', () => {
    const { problems, services } = validateServices(richServices());
    assert.deepEqual(problems, []);
    assert.equal(services.length, 3);
  });

  it('requires the organisation, with its id and name', () => {
    const s = service();
    delete s.organization;
    assert.deepEqual(at(validateService(s).problems, '$.organization').length, 1);
    const t = service();
    delete t.organization.name;
    t.organization.id = 'not-a-uuid';
    const problems = validateService(t).problems;
    assert.deepEqual(at(problems, '$.organization.name'), [{ path: '$.organization.name', reason: 'is required' }]);
    assert.match(at(problems, '$.organization.id')[0].reason, /UUID/);
  });

  it('reports every problem of a service at once, each with its path', () => {
    const s = service();
    s.status = 'open';
    s.minimum_age = 30;
    s.maximum_age = 12;
    s.url = 'kct.example.org';
    s.schedules[0].opens_at = '9am';
    s.schedules[0].byday = 'MO,Tuesday';
    s.schedules[1].bymonthday = '0,32';
    s.schedules[1].valid_to = '2023-12-31';
    s.cost_options[1].valid_from = '2024-02-30';
    s.cost_options[1].amount = '2.50';
    s.service_at_locations[0].location = { ...s.service_at_locations[0].location, longitude: undefined, latitude: 51.5 };
    delete s.service_at_locations[0].location.longitude;
    s.last_modified = '2024-03-02 09:15';
    const problems = validateService(s, '$[4]').problems;
    const paths = problems.map((p) => p.path).sort();
    assert.deepEqual(paths, [
      '$[4].cost_options[1].amount',
      '$[4].cost_options[1].valid_from',
      '$[4].last_modified',
      '$[4].minimum_age',
      '$[4].schedules[0].byday',
      '$[4].schedules[0].opens_at',
      '$[4].schedules[1].bymonthday',
      '$[4].schedules[1].valid_to',
      '$[4].service_at_locations[0].location.longitude',
      '$[4].status',
      '$[4].url',
    ]);
    const reason = (path: string) => problems.find((p) => p.path === path)!.reason;
    assert.match(reason('$[4].status'), /one of: active, inactive, defunct, temporarily closed/);
    assert.match(reason('$[4].minimum_age'), /not be more than maximum_age/);
    assert.match(reason('$[4].schedules[0].opens_at'), /HH:MM/);
    assert.match(reason('$[4].schedules[0].byday'), /"Tuesday"/);
    assert.match(reason('$[4].cost_options[1].valid_from'), /YYYY-MM-DD/);
    assert.match(reason('$[4].cost_options[1].amount'), /number/);
  });

  it('allows RFC 5545 ordinals in BYDAY only for monthly rules', () => {
    const s = service();
    s.schedules[0].byday = '1MO';
    assert.match(at(validateService(s).problems, '$.schedules[0].byday')[0].reason, /"1MO"/);
    s.schedules[0].freq = 'MONTHLY';
    s.schedules[0].byday = '1MO, -1FR';
    assert.deepEqual(validateService(s).problems, []);
  });

  it('accepts HH:MM and 24:00 but not 25:00', () => {
    const s = service();
    s.schedules[0].opens_at = '09:30';
    s.schedules[0].closes_at = '24:00';
    assert.deepEqual(validateService(s).problems, []);
    s.schedules[0].closes_at = '25:00';
    assert.equal(at(validateService(s).problems, '$.schedules[0].closes_at').length, 1);
  });

  it('finds ids used twice inside a service, and nested foreign keys that disagree', () => {
    const s = service();
    s.schedules[1].id = s.schedules[0].id;
    s.contacts[0].phones[0].id = s.phones[0].id;
    s.schedules[0].service_id = '00000000-0000-4000-8000-000000000bad';
    s.service_at_locations[0].location.addresses[1].location_id = '00000000-0000-4000-8000-000000000bad';
    const problems = validateService(s).problems;
    assert.match(at(problems, '$.schedules[1].id')[0].reason, /duplicate id .* also used at \$\.schedules\[0\]/);
    assert.match(at(problems, '$.contacts[0].phones[0].id')[0].reason, /duplicate id/);
    assert.match(at(problems, '$.schedules[0].service_id')[0].reason, /nested in/);
    assert.match(at(problems, '$.service_at_locations[0].location.addresses[1].location_id')[0].reason, /nested in/);
  });

  it('needs a term on every attribute and a location on every service_at_location', () => {
    const s = service();
    delete s.attributes[0].taxonomy_term;
    delete s.service_at_locations[0].location;
    const problems = validateService(s).problems;
    assert.equal(at(problems, '$.attributes[0].taxonomy_term').length, 1);
    assert.equal(at(problems, '$.service_at_locations[0].location').length, 1);
  });

  it('requires a schedule\'s service_at_location_id to be one of the service\'s own', () => {
    const s = clone(richServices()[1]) as Mutable;
    s.schedules[0].service_at_location_id = '00000000-0000-4000-8000-00000000abcd';
    assert.equal(at(validateService(s).problems, '$.schedules[0].service_at_location_id').length, 1);
  });

  it('treats null and blank optional fields as absent, lower-cases ids, and refuses blank required ones', () => {
    const s = service();
    s.alert = null;
    s.url = '   ';
    s.schedules[0].notes = '';
    s.id = s.id.toUpperCase();
    const ok = validateService(s);
    assert.deepEqual(ok.problems, []);
    assert.equal('alert' in ok.service!, false);
    assert.equal('url' in ok.service!, false);
    assert.equal('notes' in ok.service!.schedules![0], false);
    assert.equal(ok.service!.id, richServices()[0].id);
    assert.equal(s.alert, null, 'the caller\'s object is not changed');

    s.name = '';
    s.status = null;
    const bad = validateService(s).problems;
    assert.deepEqual(at(bad, '$.name'), [{ path: '$.name', reason: 'must not be empty' }]);
    assert.match(at(bad, '$.status')[0].reason, /null/);
  });

  it('refuses text that PostgreSQL cannot store', () => {
    const s = service();
    s.description = 'bad\u0000byte';
    assert.match(at(validateService(s).problems, '$.description')[0].reason, /NUL/);
  });

  it('refuses dates PostgreSQL would refuse, and non-objects', () => {
    const s = service();
    s.assured_date = '0000-01-01';
    assert.equal(at(validateService(s).problems, '$.assured_date').length, 1);
    assert.deepEqual(validateService('nope', '$[2]').problems, [{ path: '$[2]', reason: 'must be an object (one full ORUK service)' }]);
  });

  it('across an import: one service id once, and one service\'s children never claimed by another', () => {
    const [a, b] = richServices().map((x) => clone(x) as Mutable);
    b.contacts[0].id = a.contacts[0].id;
    const c = clone(a);
    const { problems } = validateServices([a, b, c]);
    assert.match(at(problems, '$[1].contacts[0].id')[0].reason, /also used by another service's contact \(at \$\[0\]\)/);
    assert.match(at(problems, '$[2].id')[0].reason, /duplicate service id .* also at \$\[0\]/);
  });

  it('reports locations and terms named only by id that the import does not define', () => {
    const s = service();
    s.service_at_locations = [{ id: '00000000-0000-4000-8000-0000000000aa', location_id: '00000000-0000-4000-8000-0000000000bb' }];
    s.attributes = [{ id: '00000000-0000-4000-8000-0000000000cc', taxonomy_term_id: richServices()[1].attributes![0].taxonomy_term!.id }];
    const alone = validateServices([s]);
    assert.deepEqual(alone.problems, []);
    assert.deepEqual([...alone.unresolved.locations.keys()], ['00000000-0000-4000-8000-0000000000bb']);
    assert.deepEqual([...alone.unresolved.terms.keys()], [richServices()[1].attributes![0].taxonomy_term!.id]);
    const withDefinition = validateServices([s, richServices()[1]]);
    assert.equal(withDefinition.unresolved.terms.size, 0);
  });

  it('normaliseService gives what validateService gives', () => {
    const s = service();
    s.alert = null;
    assert.deepEqual(normaliseService(s), validateService(s).service);
  });
});
