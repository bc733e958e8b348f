import { Ajv } from 'ajv';
import addFormatsImport from 'ajv-formats';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO_BOUNDS, insideDemoArea } from '../../../../src/blocks/directory/demo/area.js';
import { demoCouncil, secondDemoCouncil } from '../../../../src/blocks/directory/demo/council.js';
import {
  catalogueSize,
  DEFAULT_SERVICE_COUNT,
  DEMO_REFERENCE_DATE,
  generateDemoServices,
  type OrukFullService,
} from '../../../../src/blocks/directory/demo/generator.js';
import { DEMO_POSTCODE_AREA, DEMO_POSTCODES_CSV, demoPostcodesCsv } from '../../../../src/blocks/directory/demo/postcodes.js';
import { needsTaxonomy, needTermById, topLevelNeedOf, topLevelNeeds } from '../../../../src/blocks/directory/demo/taxonomy.js';
import {
  ACCESSIBILITY_CODES,
  ACCESSIBILITY_TAXONOMY,
  DELIVERY_CODES,
  DELIVERY_TAXONOMY,
} from '../../../../src/blocks/directory/vocabulary.js';
import { validateServices } from '../../../../src/blocks/directory/oruk/validate.js';

const ORUK_DIR = process.env.HEARTH_ORUK_STANDARD_DIR ?? '/work/shared/standards/oruk-3.0';
const SERVICE_SCHEMA = join(ORUK_DIR, 'schema', 'compiled', 'service.json');
/** The standard UK postcode pattern (outward code, space, inward code). */
const UK_POSTCODE = /^(([A-Z][0-9]{1,2})|([A-Z][A-HJ-Y][0-9]{1,2})|([A-Z][0-9][A-Z])|([A-Z][A-HJ-Y][0-9][A-Z]?)) [0-9][A-Z]{2}$/;

const generate = (services: number, seed?: number): OrukFullService[] => [...generateDemoServices({ services, seed })];

// The default directory, plus a stretch of synthetic services beyond the catalogue.
const defaults = generate(DEFAULT_SERVICE_COUNT);
const extended = generate(DEFAULT_SERVICE_COUNT + 1500);

const csvRows = readFileSync(DEMO_POSTCODES_CSV, 'utf8').trim().split('\n');
const csvPostcodes = new Set(csvRows.slice(1).map((line) => line.split(',')[0]));

const locationsOf = (services: OrukFullService[]) => services.flatMap((s) => (s.service_at_locations ?? []).map((sal) => sal.location!));

test('the same seed gives identical output; another seed other ids', () => {
  assert.deepEqual(generate(600), extended.slice(0, 600));
  assert.deepEqual(generate(600, 7), generate(600, 7));
  const other = generate(50, 2);
  assert.notEqual(other[0].id, extended[0].id);
});

test('dates come from `now`, never from the clock', () => {
  const later = new Date(DEMO_REFERENCE_DATE.getTime() + 10 * 86_400_000);
  const [a] = generateDemoServices({ services: 1 });
  const [b] = generateDemoServices({ services: 1, now: later });
  assert.equal(Date.parse(b.assured_date!) - Date.parse(a.assured_date!), 10 * 86_400_000);
  assert.deepEqual({ ...b, assured_date: a.assured_date, last_modified: a.last_modified }, a);
});

test('a longer run starts with the services of a shorter one', () => {
  assert.deepEqual(generate(100), defaults.slice(0, 100));
  assert.deepEqual(defaults, extended.slice(0, DEFAULT_SERVICE_COUNT));
});

test('the default directory is the hand-written catalogue, several hundred services', () => {
  assert.equal(defaults.length, DEFAULT_SERVICE_COUNT);
  assert.equal(catalogueSize(), DEFAULT_SERVICE_COUNT);
  assert.ok(DEFAULT_SERVICE_COUNT >= 300 && DEFAULT_SERVICE_COUNT <= 1000);
  assert.equal(generate(0).length, 0);
  assert.throws(() => generate(-1), RangeError);
});

test('every service validates against the ORUK 3.0 service schema', (t) => {
  if (!existsSync(SERVICE_SCHEMA)) {
    t.skip(`ORUK 3.0 schema not found at ${SERVICE_SCHEMA}; set HEARTH_ORUK_STANDARD_DIR to the standard's folder to run this check`);
    return;
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS; under ESM its default export may arrive wrapped.
  const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv) => Ajv;
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SERVICE_SCHEMA, 'utf8')));
  for (const service of extended) {
    assert.ok(validate(service), `${service.name}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('ids are unique, and shared organisations and locations are the same object wherever they appear', () => {
  const serviceIds = new Set(extended.map((s) => s.id));
  assert.equal(serviceIds.size, extended.length);
  const shared = new Map<string, string>();
  const own = new Set<string>(serviceIds);
  const claimOwn = (id: string, what: string) => {
    assert.ok(!own.has(id) && !shared.has(id), `${what} id ${id} is used twice`);
    own.add(id);
  };
  const claimShared = (id: string, value: unknown) => {
    assert.ok(!own.has(id), `shared id ${id} is also used by a service's own entity`);
    const json = JSON.stringify(value);
    const before = shared.get(id);
    if (before) assert.equal(json, before, `entity ${id} differs between services`);
    else shared.set(id, json);
  };
  for (const s of extended) {
    claimShared(s.organization!.id, s.organization);
    assert.equal(s.organization_id, s.organization!.id);
    for (const list of [s.schedules, s.service_areas, s.languages, s.funding, s.cost_options, s.contacts, s.attributes, s.service_at_locations, s.phones]) {
      for (const item of list ?? []) claimOwn(item.id, 'service part');
    }
    for (const sal of s.service_at_locations ?? []) {
      assert.equal(sal.location_id, sal.location!.id);
      claimShared(sal.location!.id, sal.location);
    }
  }
  // Locations really are shared: far fewer locations than services at them.
  const locations = locationsOf(extended);
  assert.ok(new Set(locations.map((l) => l.id)).size < locations.length / 2);
});

test('every location lies inside the demo area, at a postcode from demo.csv', () => {
  const locations = locationsOf(extended);
  assert.ok(locations.length > DEFAULT_SERVICE_COUNT / 2);
  for (const l of locations) {
    assert.ok(insideDemoArea(l.latitude!, l.longitude!), `${l.name} at ${l.latitude},${l.longitude} is outside ${JSON.stringify(DEMO_BOUNDS)}`);
    assert.equal(l.addresses?.length, 1);
    const address = l.addresses![0];
    assert.ok(csvPostcodes.has(address.postal_code), `${l.name}: ${address.postal_code} is not in demo.csv`);
    assert.equal(address.country, 'GB');
  }
});

test('demo.csv matches its generator and holds valid fictional postcodes in the demo area', () => {
  assert.equal(readFileSync(DEMO_POSTCODES_CSV, 'utf8'), demoPostcodesCsv(), 'regenerate with: node --import tsx src/blocks/directory/demo/postcodes.ts --write');
  assert.equal(csvRows[0], 'pcds,lat,long');
  assert.ok(csvRows.length > 300 && csvRows.length <= 2001, `${csvRows.length - 1} postcodes`);
  assert.equal(csvPostcodes.size, csvRows.length - 1, 'postcodes unique');
  for (const line of csvRows.slice(1)) {
    const [pcds, lat, long] = line.split(',');
    assert.match(pcds, UK_POSTCODE);
    assert.ok(pcds.startsWith(DEMO_POSTCODE_AREA) && /^[0-9]$/.test(pcds[DEMO_POSTCODE_AREA.length]), pcds);
    assert.ok(insideDemoArea(Number(lat), Number(long)), line);
  }
});

test('every top-level need has at least 10 services in the default directory', () => {
  const counts = new Map(topLevelNeeds().map((t) => [t.code, 0]));
  for (const s of defaults) {
    const tops = new Set<string>();
    for (const a of s.attributes ?? []) {
      if (a.link_type !== 'need') continue;
      const term = needTermById(a.taxonomy_term_id!);
      assert.ok(term, `${s.name}: unknown need ${a.taxonomy_term_id}`);
      assert.equal(a.taxonomy_term?.taxonomy_id, needsTaxonomy().taxonomy.id);
      assert.equal(a.link_id, s.id);
      tops.add(topLevelNeedOf(term).code);
    }
    assert.ok(tops.size > 0, `${s.name} has a need`);
    for (const code of tops) counts.set(code, counts.get(code)! + 1);
  }
  for (const [code, n] of counts) assert.ok(n >= 10, `${code}: ${n} services`);
});

test('every delivery method and accessibility feature occurs, linked by vocabulary ids', () => {
  const delivery = new Set<string>();
  const accessibility = new Set<string>();
  for (const s of defaults) {
    const methods = (s.attributes ?? []).filter((a) => a.taxonomy_term?.taxonomy_id === DELIVERY_TAXONOMY.id);
    assert.ok(methods.length > 0, `${s.name} has a delivery method`);
    for (const a of methods) delivery.add(a.taxonomy_term!.code!);
    // In-person services without premises exist (home visits, street outreach); premises without in person do not.
    if (s.service_at_locations?.length) assert.ok(methods.some((a) => a.taxonomy_term!.code === 'in_person'), `${s.name} has premises but is not in person`);
    for (const l of s.service_at_locations ?? []) {
      for (const entry of l.location!.accessibility ?? []) {
        const term = entry.attributes?.[0]?.taxonomy_term;
        assert.equal(term?.taxonomy_id, ACCESSIBILITY_TAXONOMY.id);
        assert.equal(entry.attributes![0].taxonomy_term_id, term!.id);
        accessibility.add(term!.code!);
      }
    }
  }
  assert.deepEqual([...delivery].sort(), [...DELIVERY_CODES].sort());
  assert.deepEqual([...accessibility].sort(), [...ACCESSIBILITY_CODES].sort());
});

test('services read like a real directory: schedules, ages, languages, costs, contacts, dates', () => {
  const now = DEMO_REFERENCE_DATE.getTime();
  let active = 0;
  let paid = 0;
  const kinds = new Set<string>();
  for (const s of extended) {
    if (s.status === 'active') active++;
    else assert.ok(s.status !== 'temporarily closed' || s.alert, `${s.name}: closed without an alert`);
    assert.ok(s.description && s.description.split('. ').length >= 2, `${s.name}: description too short`);
    assert.ok(s.url?.startsWith('https://') && s.url.includes('.example'), s.url);
    assert.ok(s.email?.endsWith('.example'), s.email);
    if (s.minimum_age !== undefined && s.maximum_age !== undefined) assert.ok(s.minimum_age <= s.maximum_age, s.name);
    assert.ok(Date.parse(s.assured_date!) <= now && Date.parse(s.last_modified!) <= now, `${s.name}: dated in the future`);
    assert.ok(s.languages?.some((l) => l.code === 'en' && l.name === 'English'));
    for (const l of s.languages!) assert.ok(l.name && l.code);
    assert.ok(s.contacts?.[0]?.name && s.contacts[0].title);
    assert.ok(s.cost_options?.length);
    const byPhone = s.attributes!.some((a) => a.taxonomy_term?.code === 'phone');
    if (byPhone) assert.ok(s.phones?.length, `${s.name} is delivered by phone but has no number`);
    for (const p of s.phones ?? []) assert.match(p.number, /^(01632 960\d{3}|0808 157 0\d{3})$/, 'Ofcom drama numbers only');
    if (s.cost_options!.some((c) => (c.amount ?? 0) > 0)) paid++;
    assert.ok(s.schedules?.length, `${s.name} has opening times`);
    for (const sch of s.schedules!) {
      assert.ok(sch.description, `${s.name}: schedule without a description`);
      if (!sch.freq) {
        kinds.add('by description only');
        continue;
      }
      kinds.add(sch.freq);
      assert.match(sch.byday!, /^([1-4]?(MO|TU|WE|TH|FR|SA|SU))(,(MO|TU|WE|TH|FR|SA|SU))*$/);
      assert.match(sch.opens_at!, /^\d\d:\d\d:\d\d$/);
      assert.ok(sch.opens_at! < sch.closes_at!, `${s.name}: opens after it closes`);
      if (sch.byday!.includes('SA') || sch.byday!.includes('SU')) kinds.add('weekend');
      if (sch.closes_at! >= '19:00:00') kinds.add('evening');
      if (sch.byday === 'MO,TU,WE,TH,FR') kinds.add('weekdays');
    }
  }
  assert.ok(active / extended.length > 0.9, 'mostly active');
  assert.ok(paid > 0 && paid / extended.length < 0.35, 'mostly free, some charged');
  for (const kind of ['WEEKLY', 'MONTHLY', 'by description only', 'weekend', 'evening', 'weekdays']) assert.ok(kinds.has(kind), kind);
  const ages = defaults.filter((s) => s.minimum_age !== undefined || s.maximum_age !== undefined);
  assert.ok(ages.some((s) => s.maximum_age === 5) && ages.some((s) => s.minimum_age === 11 && s.maximum_age === 19) && ages.some((s) => (s.minimum_age ?? 0) >= 60));
});

test('organisations run several services, and content stays varied beyond the catalogue', () => {
  const byOrg = new Map<string, number>();
  for (const s of defaults) byOrg.set(s.organization!.id, (byOrg.get(s.organization!.id) ?? 0) + 1);
  assert.ok([...byOrg.values()].filter((n) => n >= 3).length >= 20, 'many organisations with several services');
  const synthetic = extended.slice(DEFAULT_SERVICE_COUNT);
  assert.ok(new Set(synthetic.map((s) => s.name)).size > synthetic.length / 5, 'varied names');
  assert.ok(new Set(synthetic.map((s) => s.organization!.name)).size > synthetic.length / 20, 'varied organisations');
  const catalogueOrgs = new Set(defaults.map((s) => s.organization!.name));
  assert.ok(synthetic.every((s) => !catalogueOrgs.has(s.organization!.name)), 'look-alike organisations have their own names');
});

test('the demo councils', () => {
  assert.equal(demoCouncil.slug, 'ashdown');
  assert.notEqual(secondDemoCouncil.slug, demoCouncil.slug);
  assert.notEqual(secondDemoCouncil.colourPrimary, demoCouncil.colourPrimary);
  assert.ok(insideDemoArea(demoCouncil.centreLat, demoCouncil.centreLng));
  const postcode = demoCouncil.address.split(' ').slice(-2).join(' ');
  assert.ok(csvPostcodes.has(postcode), `${postcode} is a demo postcode`);
  for (const c of [demoCouncil, secondDemoCouncil]) {
    assert.match(c.colourPrimary, /^#[0-9a-f]{6}$/);
    assert.match(c.contactPhone, /^01632 960\d{3}$/, 'Ofcom drama number');
    assert.ok(c.contactEmail.endsWith('.example') && c.contactUrl.includes('.example'));
  }
});

test("Hearth's own ORUK import validation accepts the demo services", () => {
  const { problems, unresolved } = validateServices(extended);
  assert.deepEqual(problems.slice(0, 5), []);
  assert.equal(unresolved.locations.size + unresolved.terms.size, 0);
});
