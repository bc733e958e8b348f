import { placeByKey, type Place } from './area.js';
import { catalogueEntries, DELIVERY_LETTERS, scheduleKinds, TEMPLATES, type CatalogueEntry, type ServiceTemplate } from './catalogue.js';
import { COMMUNITY_LANGUAGES, LANGUAGES, type LanguageCode } from './languages.js';
import type {
  OrukAttribute,
  OrukCostOption,
  OrukFullService,
  OrukLanguage,
  OrukOrganization,
  OrukSchedule,
  OrukServiceStatus,
  OrukTaxonomyTerm,
} from './oruk-types.js';
import { catalogueOrg, lookAlikeOrg, rebrand, type OrgInfo } from './org-info.js';
import { ORGANISATIONS, organisationIndex } from './organisations.js';
import { DEFAULT_TITLES, personName } from './people.js';
import { demoUuid, hash32, KIND, Rng } from './prng.js';
import { buildSchedules, type ScheduleKind } from './schedules.js';
import { deliveryTaxonomyTerm, needTaxonomyTerm, needTermByCode } from './taxonomy.js';
import { compile, fill, type Compiled } from './text.js';
import { CURATED_VENUES, shareableVenues, venueAt, venueLocation, VENUES_PER_SYNTHETIC_ORG } from './venues.js';

export type { OrukFullService } from './oruk-types.js';

/**
 * The demo directory: Ashdown's council, NHS and community services as full Open Referral
 * UK 3.0 service objects, streamed one at a time.
 *
 * The first services are the hand-written catalogue (templates placed at their venues), in
 * a seeded order. Beyond the catalogue, services are synthesised for benchmarks: look-alike
 * organisations in each place, each running a handful of its model organisation's services
 * at venues of its own and at the community centres, churches and libraries of its place.
 * Service `i` depends only on the seed and `i`, so a longer run starts with the same services
 * as a shorter one, and ids are derived, not random, so they are stable between runs.
 */
export interface GenerateDemoOptions {
  /** How many services to generate. */
  services: number;
  /** Default `DEFAULT_SEED`. */
  seed?: number;
  /** "Today" for assured and modified dates. Default `DEMO_REFERENCE_DATE`. */
  now?: Date;
}

export const DEFAULT_SEED = 1;
/** A fixed "today", so that the demo data never depends on the clock. */
export const DEMO_REFERENCE_DATE = new Date('2025-06-02T09:00:00.000Z');
/** The size of the default demo directory. */
export const DEFAULT_SERVICE_COUNT = 450;
export const DEMO_ASSURER_EMAIL = 'directory@ashdown.gov.example';

/** Synthetic organisations each run this many consecutive services. */
const SERVICES_PER_SYNTHETIC_ORG = 5;
const DAY_MS = 86_400_000;

const EXTRA_IN_PERSON = [
  'Refreshments are provided.',
  'You are welcome to bring a friend or family member.',
  'Please tell us in advance if you have any access needs.',
  'Interpreters can be arranged if you let us know beforehand.',
  'Buses stop nearby and there is limited parking.',
  'Volunteers are always welcome; ask us how to get involved.',
  'Everything you tell us is confidential.',
];
const EXTRA_REMOTE = [
  'Everything you tell us is confidential.',
  'Interpreters can be arranged on request.',
  'If you would rather not pay for the call, ask us to ring you back.',
  'Information is available in large print and easy read on request.',
];
const CLOSED_ALERTS = [
  'This service is temporarily closed while the building is refurbished. Please call us for the nearest alternative.',
  'Sessions are paused for the summer and will restart in September.',
  'Temporarily closed because of staff shortages. We hope to reopen soon; please check back.',
];

interface PreparedTemplate {
  template: ServiceTemplate;
  names: Compiled[];
  description: Compiled;
  needTerms: OrukTaxonomyTerm[];
  deliveryTerms: OrukTaxonomyTerm[];
  scheduleKinds: ScheduleKind[];
  attendingType: string;
  org: number;
}

const ATTENDING: Record<string, string> = {
  P: 'In person', T: 'By phone', O: 'Online', PT: 'In person or by phone', PO: 'In person or online', TO: 'By phone or online',
  PTO: 'In person, by phone or online',
};

let prepared: PreparedTemplate[] | undefined;

function prepare(): PreparedTemplate[] {
  if (prepared) return prepared;
  prepared = TEMPLATES.map((template) => ({
    template,
    names: (Array.isArray(template.name) ? template.name : [template.name]).map(compile),
    description: compile(template.description),
    needTerms: template.needs.map((code) => needTaxonomyTerm(needTermByCode(code)!)),
    deliveryTerms: [...template.delivery].map((l) => deliveryTaxonomyTerm(DELIVERY_LETTERS[l])),
    scheduleKinds: scheduleKinds(template),
    attendingType: ATTENDING[template.delivery],
    org: organisationIndex(template.org),
  }));
  return prepared;
}

// --- services ------------------------------------------------------------------------------------

/** What one service is, before it is written out. */
interface Plan {
  template: PreparedTemplate;
  org: OrgInfo;
  venues: number[];
  place: Place;
  /** A look-alike service beyond the catalogue. */
  synthetic?: boolean;
}

function syntheticPlan(seed: number, j: number, rng: Rng, templatesByOrg: Map<number, number[]>, orgCache: { k: number; org?: OrgInfo }): Plan {
  const k = Math.floor(j / SERVICES_PER_SYNTHETIC_ORG);
  if (orgCache.k !== k || !orgCache.org) orgCache.org = lookAlikeOrg(seed, k);
  orgCache.k = k;
  const org = orgCache.org;
  const own = templatesByOrg.get(org.modelIndex)!;
  // Consecutive services of one organisation are different services while it has enough.
  const template = prepare()[own[(hash32(seed, k, 0x7a) + (j % SERVICES_PER_SYNTHETIC_ORG)) % own.length]];
  let venues: number[] = [];
  if (template.template.at) {
    const shared = shareableVenues(org.place.key);
    venues = shared.length && rng.chance(0.25)
      ? [rng.pick(shared)]
      : [CURATED_VENUES.length + k * VENUES_PER_SYNTHETIC_ORG + rng.int(VENUES_PER_SYNTHETIC_ORG)];
  }
  return { template, org, venues, place: org.place, synthetic: true };
}

function catalogueOrder(seed: number): readonly CatalogueEntry[] {
  return new Rng(hash32(seed, 0xca7a)).shuffle([...catalogueEntries()]);
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function status(rng: Rng): OrukServiceStatus {
  const x = rng.next();
  return x < 0.965 ? 'active' : x < 0.99 ? 'temporarily closed' : 'inactive';
}

function languagesOf(rng: Rng, t: ServiceTemplate, org: OrgInfo): LanguageCode[] {
  const codes: LanguageCode[] = ['en', ...(t.languages ?? [])];
  const add = (c: LanguageCode) => {
    if (!codes.includes(c)) codes.push(c);
  };
  if (rng.chance(0.18)) add(rng.pick(COMMUNITY_LANGUAGES));
  if (rng.chance(0.05)) add(rng.pick(COMMUNITY_LANGUAGES));
  if (org.model.kind === 'council' && rng.chance(0.08)) add('bfi');
  if (rng.chance(0.02)) add('cy');
  return codes;
}

function buildService(seed: number, i: number, plan: Plan, rng: Rng, nowMs: number): OrukFullService {
  const { template: p, org, venues, place } = plan;
  const t = p.template;
  const id = demoUuid(seed, KIND.service, i);
  const orgId = demoUuid(seed, KIND.organization, org.index);
  const firstVenue = venues.length ? venueAt(seed, venues[0]) : undefined;
  const servicePlace = firstVenue ? placeByKey(firstVenue.place) : place;
  const statutory = org.model.kind === 'council' || org.model.kind === 'nhs';
  const email = statutory ? `${t.key.replace(/-/g, '.')}@${org.domain}` : org.email;
  const phone = t.phone ?? org.phone;
  const values = [servicePlace.name, firstVenue?.name ?? servicePlace.name, org.name, phone, email, org.website];

  let description = fill(p.description, values);
  if (rng.chance(0.35)) {
    const extra = rng.pick(t.at ? EXTRA_IN_PERSON : EXTRA_REMOTE);
    // Councils and the NHS do not ask their service users to volunteer.
    if (!(statutory && extra.startsWith('Volunteers'))) description += ' ' + extra;
  }

  const serviceStatus = status(rng);
  const ageDays = rng.chance(0.7) ? rng.int(180) : rng.chance(0.66) ? 180 + rng.int(185) : 365 + rng.int(355);
  const assuredMs = nowMs - ageDays * DAY_MS;
  const modifiedMs = assuredMs + rng.int(Math.max(1, ageDays) * 24) * 3_600_000 + rng.int(3_600_000);

  const schedules: OrukSchedule[] = buildSchedules(rng.pick(p.scheduleKinds), rng).map((s, j) => ({
    id: demoUuid(seed, KIND.schedule, i, j),
    service_id: id,
    ...s,
    attending_type: p.attendingType,
  }));

  const languages: OrukLanguage[] = languagesOf(rng, t, org).map((code, j) => ({
    id: demoUuid(seed, KIND.language, i, j),
    service_id: id,
    name: LANGUAGES[code],
    code,
  }));

  const cost: OrukCostOption[] = (t.cost ?? [['Free', 0, 'There is no charge for this service.']]).map(([option, amount, detail], j) => ({
    id: demoUuid(seed, KIND.costOption, i, j),
    service_id: id,
    option,
    amount,
    ...(detail ? { amount_description: detail } : {}),
  }));

  const attributes: OrukAttribute[] = [
    ...p.needTerms.map((term) => ({ link_type: 'need', term })),
    ...p.deliveryTerms.map((term) => ({ link_type: 'delivery_method', term })),
  ].map(({ link_type, term }, j) => ({
    id: demoUuid(seed, KIND.attribute, i, j),
    link_id: id,
    link_type,
    link_entity: 'service',
    taxonomy_term_id: term.id,
    taxonomy_term: term,
  }));

  const organization: OrukOrganization = {
    id: orgId,
    name: org.name,
    description: org.description,
    email: org.email,
    website: org.website,
    uri: org.website,
  };

  const phones = t.phone || t.delivery.includes('T') || rng.chance(0.6)
    ? [{ id: demoUuid(seed, KIND.phone, i), service_id: id, number: phone, type: 'voice' }]
    : [];

  const areaName = statutory || venues.length !== 1 ? 'Borough of Ashdown' : `${servicePlace.name} and surrounding area`;
  const nameParts = p.names[rng.int(p.names.length)];
  const name = plan.synthetic ? rebrand(fill(nameParts, values), org) : fill(nameParts, values);

  const service: OrukFullService = {
    id,
    organization_id: orgId,
    name,
    description,
    url: `${org.website}/${t.key}`,
    email,
    status: serviceStatus,
    ...(t.accreditations ? { accreditations: t.accreditations } : {}),
    ...(t.ages?.[0] != null ? { minimum_age: t.ages[0] } : {}),
    ...(t.ages?.[1] != null ? { maximum_age: t.ages[1] } : {}),
    assured_date: isoDate(assuredMs),
    assurer_email: DEMO_ASSURER_EMAIL,
    ...(serviceStatus === 'temporarily closed'
      ? { alert: rng.pick(CLOSED_ALERTS) }
      : t.alert
        ? { alert: t.alert }
        : {}),
    last_modified: new Date(Math.min(modifiedMs, nowMs)).toISOString(),
    ...(phones.length ? { phones } : {}),
    schedules,
    service_areas: [{ id: demoUuid(seed, KIND.serviceArea, i), service_id: id, name: areaName, service_area: areaName }],
    service_at_locations: venues.map((v, j) => {
      const location = venueLocation(seed, v, j === 0 ? firstVenue : undefined);
      return { id: demoUuid(seed, KIND.serviceAtLocation, i, j), service_id: id, location_id: location.id, location };
    }),
    languages,
    organization,
    funding: [{ id: demoUuid(seed, KIND.funding, i), service_id: id, source: `Funded by ${org.model.funding}.` }],
    cost_options: cost,
    contacts: [{
      id: demoUuid(seed, KIND.contact, i),
      service_id: id,
      name: personName(hash32(seed, i, 0xc0)),
      title: t.contact ?? rng.pick(DEFAULT_TITLES[org.model.kind]),
    }],
    attributes,
  };
  return service;
}

/**
 * Streams `services` demo services. Same options, same output, byte for byte. Treat the
 * services as read-only: locations and taxonomy terms are shared objects, as in a real feed
 * where many services meet at one community centre.
 * Bad options throw a RangeError when iteration starts.
 */
export function* generateDemoServices(options: GenerateDemoOptions): Generator<OrukFullService> {
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const nowMs = (options.now ?? DEMO_REFERENCE_DATE).getTime();
  if (!Number.isInteger(options.services) || options.services < 0) throw new RangeError('services must be a whole number, 0 or more');
  const templates = prepare();
  const order = catalogueOrder(seed);
  const catalogueOrgs = ORGANISATIONS.map((_, i) => catalogueOrg(i));
  const templatesByOrg = new Map<number, number[]>();
  templates.forEach((t, i) => templatesByOrg.set(t.org, [...(templatesByOrg.get(t.org) ?? []), i]));
  const orgCache: { k: number; org?: OrgInfo } = { k: -1 };

  for (let i = 0; i < options.services; i++) {
    const rng = new Rng(hash32(seed, i, 0x5e41));
    let plan: Plan;
    if (i < order.length) {
      const entry = order[i];
      const template = templates[entry.template];
      const org = catalogueOrgs[template.org];
      plan = { template, org, venues: entry.venues, place: org.place };
    } else {
      plan = syntheticPlan(seed, i - order.length, rng, templatesByOrg, orgCache);
    }
    yield buildService(seed, i, plan, rng, nowMs);
  }
}

/** How many services the hand-written catalogue has (synthetic ones follow). */
export function catalogueSize(): number {
  return catalogueEntries().length;
}
