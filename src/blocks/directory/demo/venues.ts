import { DEMO_COUNTY, PLACES, placeByKey, type Place } from './area.js';
import type { OrukAccessibility, OrukLocation } from './oruk-types.js';
import { demoPostcodeByCode, demoPostcodesOf, type DemoPostcode } from './postcodes.js';
import { hash32, hashString, demoUuid, KIND } from './prng.js';
import { accessibilityTaxonomyTerm } from './taxonomy.js';

/**
 * Venues: the physical places where demo services run. Community centres, libraries,
 * churches and family hubs host many services each, as they do in real life. The curated
 * venues below are used by the hand-written catalogue; beyond them, venues are synthesised
 * from their index, so a million-service directory still has plausible, shared locations.
 */
export type VenueKind =
  | 'civic' | 'library' | 'family-hub' | 'community-centre' | 'church' | 'village-hall' | 'health' | 'leisure'
  | 'youth-centre' | 'faith-centre' | 'office' | 'college' | 'school' | 'pub' | 'workshop' | 'court';

export interface Venue {
  key: string;
  name: string;
  kind: VenueKind;
  place: string;
  /** First line of the address. */
  street: string;
  /** Accessibility feature codes (vocabulary.ts). */
  features: readonly string[];
  postcode: DemoPostcode;
  lat: number;
  lng: number;
}

const FEATURE_LETTERS: Record<string, string> = {
  w: 'wheelchair', t: 'accessible_toilet', l: 'hearing_loop', b: 'bsl', p: 'parking', q: 'quiet_space', r: 'large_print',
};

type VenueRow = [key: string, name: string, kind: VenueKind, place: string, street: string, features: string, postcode?: string];

const CURATED: VenueRow[] = [
  ['ashdown-civic', 'Ashdown Civic Centre', 'civic', 'ashdown', 'Market Square', 'wtlbpqr', 'AS1 1AA'],
  ['ashdown-library', 'Ashdown Central Library', 'library', 'ashdown', '2 Church Street', 'wtlqr'],
  ['ashdown-family-hub', 'Ashdown Family Hub (Rainbow Centre)', 'family-hub', 'ashdown', '41 Station Road', 'wtpq'],
  ['st-michaels', "St Michael's Church Hall", 'church', 'ashdown', 'Church Street', 'wt'],
  ['bridge-centre', 'The Bridge Centre', 'community-centre', 'ashdown', '14 Chapel Lane', 'wtlqr'],
  ['ashdown-methodist', 'Ashdown Methodist Church', 'church', 'ashdown', '7 Wesley Street', 'wl'],
  ['ashdown-health-centre', 'Ashdown Health Centre', 'health', 'ashdown', "Queen's Road", 'wtlp'],
  ['ashdown-leisure', 'Ashdown Leisure Centre', 'leisure', 'ashdown', 'Park Road', 'wtp'],
  ['ashdown-college', 'Ashdown College', 'college', 'ashdown', 'College Road', 'wtlp'],
  ['ashdown-youth-centre', 'The Zone Youth Centre', 'youth-centre', 'ashdown', '23 Victoria Road', 'wt'],
  ['quaker-meeting-house', 'Friends Meeting House', 'church', 'ashdown', '5 Priory Walk', 'wq'],
  ['ashdown-recovery-hub', 'Ashdown Recovery Hub', 'office', 'ashdown', '21 Bridge Street', 'wtq'],
  ['ashdown-works-hub', 'Ashdown Works Jobs Hub', 'office', 'ashdown', '30 High Street', 'wtl'],
  ['ageing-well-house', 'Age Well House', 'office', 'ashdown', '9 Sheep Street', 'wtlpr'],
  ['carers-centre', 'Ashdown Carers Centre', 'office', 'ashdown', '5 Castle Street', 'wtlq'],
  ['access-house', 'Access House', 'office', 'ashdown', '6 Northgate', 'wtlbpqr'],
  ['ashdown-county-court', 'Ashdown County Court', 'court', 'ashdown', 'Priory Walk', 'wtl'],
  ['law-centre', 'Ashdown Law Centre', 'office', 'ashdown', '3 Castle Street', 'wq'],
  ['womens-centre', "Ashdown Women's Centre", 'office', 'ashdown', '18 Albion Terrace', 'wtq'],
  ['the-haven', 'The Haven', 'community-centre', 'ashdown', '9 Bridge Street', 'wt'],
  ['pedal-workshop', 'Pedal Ashdown bike workshop', 'workshop', 'ashdown', 'Railway Arches, Station Road', 'w'],
  ['brookfield-community-centre', 'Brookfield Community Centre', 'community-centre', 'brookfield', 'Brookfield Way', 'wtp'],
  ['brookfield-library', 'Brookfield Library', 'library', 'brookfield', '88 Ashby Road', 'wtr'],
  ['st-lukes', "St Luke's Church", 'church', 'brookfield', 'Larch Avenue', 'w'],
  ['brookfield-primary', 'Brookfield Primary School', 'school', 'brookfield', 'Cedar Drive', 'wtp'],
  ['ashdown-foyer', 'The Ashdown Foyer', 'office', 'brookfield', '2 Alder Road', 'wt'],
  ['hollins-park-centre', 'Hollins Park Neighbourhood Centre', 'community-centre', 'hollins-park', 'Hollins Road', 'wtl'],
  ['hollins-park-family-hub', 'Hollins Park Family Hub', 'family-hub', 'hollins-park', '12 Sycamore Road', 'wtpq'],
  ['hollins-baptist', 'Hollins Park Baptist Church', 'church', 'hollins-park', 'Beech Grove', 'wt'],
  ['hollins-youth', 'The Den Youth Centre', 'youth-centre', 'hollins-park', 'Ridgeway', 'w'],
  ['kingsmere-town-hall', 'Kingsmere Town Hall', 'civic', 'kingsmere', 'High Street', 'wtlr'],
  ['kingsmere-library', 'Kingsmere Library', 'library', 'kingsmere', 'The Square', 'wtlqr'],
  ['kingsmere-family-hub', 'Kingsmere Family Hub', 'family-hub', 'kingsmere', '3 Orchard Road', 'wtpq'],
  ['st-peters', "St Peter's Church, Kingsmere", 'church', 'kingsmere', 'Church Walk', 'wl'],
  ['kingsmere-community-centre', 'Kingsmere Community Centre', 'community-centre', 'kingsmere', 'Meadow Lane', 'wtp'],
  ['kingsmere-islamic-centre', 'Kingsmere Islamic Centre', 'faith-centre', 'kingsmere', '54 Albert Road', 'w'],
  ['kingsmere-medical', 'Kingsmere Medical Centre', 'health', 'kingsmere', 'Station Road', 'wtlp'],
  ['old-fire-station', 'The Old Fire Station', 'community-centre', 'kingsmere', 'Mill Lane', 'wtq'],
  ['kingsmere-leisure', 'Kingsmere Leisure Centre', 'leisure', 'kingsmere', 'Mere Road', 'wtp'],
  ['kingsmere-shed', "Kingsmere Men's Shed", 'workshop', 'kingsmere', 'Unit 3, Brook Street', 'p'],
  ['sensory-centre', 'Ardenshire Sensory Centre', 'office', 'kingsmere', '11 Albert Road', 'wtlbqr'],
  ['fernlea-hub', 'Fernlea Community Hub', 'community-centre', 'fernlea', 'Fernlea Road', 'wt'],
  ['fernlea-primary', 'Fernlea Primary School', 'school', 'fernlea', 'Bracken Way', 'wp'],
  ['millbridge-library', 'Millbridge Library', 'library', 'millbridge', '4 Bridge Street', 'wtr'],
  ['millbridge-memorial-hall', 'Millbridge Memorial Hall', 'community-centre', 'millbridge', 'High Street', 'wtlp'],
  ['millbridge-family-hub', 'Millbridge Family Hub', 'family-hub', 'millbridge', 'School Lane', 'wtp'],
  ['all-saints', 'All Saints Church, Millbridge', 'church', 'millbridge', 'Church Lane', 'w'],
  ['millbridge-gurdwara', 'Guru Nanak Gurdwara', 'faith-centre', 'millbridge', '20 Canal Street', 'wtp'],
  ['millbridge-surgery', 'Millbridge Surgery', 'health', 'millbridge', 'Station Road', 'wtp'],
  ['millbridge-shed', "Millbridge Men's Shed", 'workshop', 'millbridge', 'Canal Wharf', 'p'],
  ['reboot-workshop', 'Reboot Ashdown workshop', 'workshop', 'millbridge', 'Unit 7, Canal Wharf', 'wt'],
  ['oakhurst-village-hall', 'Oakhurst Village Hall', 'village-hall', 'oakhurst', 'The Green', 'wtp'],
  ['st-marys-oakhurst', "St Mary's Church, Oakhurst", 'church', 'oakhurst', 'Church Road', ''],
  ['little-oakhurst-reading-room', 'Little Oakhurst Reading Room', 'village-hall', 'little-oakhurst', 'Main Street', ''],
  ['harrowby-village-hall', 'Harrowby Green Village Hall', 'village-hall', 'harrowby-green', 'Green Lane', 'wp'],
  ['the-plough', 'The Plough Community Pub', 'pub', 'harrowby-green', 'Harrowby Road', 'wp'],
  ['coldharbour-chapel', 'Coldharbour Chapel', 'church', 'coldharbour', 'Chapel Row', 'w'],
  ['netherby-village-hall', 'Netherby Village Hall', 'village-hall', 'netherby', 'Station Road', 'wtp'],
  ['wyvern-vale-pavilion', 'Wyvern Vale Community Pavilion', 'community-centre', 'wyvern-vale', 'Wyvern Way', 'wtp'],
];

/** ~40 m; keeps a venue near (not exactly on) its postcode's centre. */
const JITTER_DEGREES = 0.0004;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const jitter = (h: number): number => ((h % 2001) / 1000 - 1) * JITTER_DEGREES;

function located(key: string, postcode: DemoPostcode): { postcode: DemoPostcode; lat: number; lng: number } {
  const h = hashString(key);
  return { postcode, lat: round6(postcode.lat + jitter(h)), lng: round6(postcode.lng + jitter(hash32(h, 7))) };
}

export const CURATED_VENUES: readonly Venue[] = CURATED.map(([key, name, kind, place, street, letters, code]) => {
  const postcodes = demoPostcodesOf(place);
  const postcode = code ? demoPostcodeByCode(code) : postcodes[hashString(key) % postcodes.length];
  if (!postcode) throw new Error(`Venue ${key}: postcode ${code} is not in the demo postcodes`);
  return {
    key, name, kind, place, street,
    features: [...letters].map((l) => FEATURE_LETTERS[l]),
    ...(code ? { postcode, lat: postcode.lat, lng: postcode.lng } : located(key, postcode)),
  };
});

const curatedIndex = new Map(CURATED_VENUES.map((v, i) => [v.key, i]));
const CURATED_NAMES = new Set(CURATED_VENUES.map((v) => v.name));

/** The venue index of a curated venue key (throws on typos in the catalogue). */
export function venueIndex(key: string): number {
  const i = curatedIndex.get(key);
  if (i === undefined) throw new Error(`Unknown demo venue "${key}"`);
  return i;
}

/** Kinds of venue any group might hire (not council offices, surgeries or the court). */
const SHAREABLE: ReadonlySet<VenueKind> = new Set<VenueKind>([
  'community-centre', 'church', 'village-hall', 'library', 'family-hub', 'faith-centre', 'youth-centre', 'school', 'pub', 'leisure',
]);
const shareableByPlace = new Map<string, number[]>();
CURATED_VENUES.forEach((v, i) => {
  if (SHAREABLE.has(v.kind)) shareableByPlace.set(v.place, [...(shareableByPlace.get(v.place) ?? []), i]);
});

/** Indexes of the curated venues of a place that other groups also use. */
export function shareableVenues(placeKey: string): readonly number[] {
  return shareableByPlace.get(placeKey) ?? [];
}

// --- synthetic venues -------------------------------------------------------------------

const SAINTS = ['Andrew', 'Anne', 'Barnabas', 'Chad', 'George', 'James', 'John', 'Margaret', 'Mark', 'Matthew', 'Paul', 'Stephen', 'Thomas', 'Edmund', 'Catherine', 'Alban', 'Nicholas', 'Hilda', 'Aidan', 'Bride'];
const WORDS = ['Beacon', 'Harbour', 'Lantern', 'Crossroads', 'Orchard', 'Compass', 'Anchor', 'Lighthouse', 'Meeting Point', 'Oak Tree', 'Willow', 'Junction', 'Springboard', 'Cornerstone', 'Kingfisher', 'Heron'];
const PUBS = ['Red Lion', 'White Hart', 'Royal Oak', 'Bell', 'Swan', 'Crown', 'Wheatsheaf', 'Fox and Hounds', 'Rose and Crown', 'Black Horse'];

const NAME_PATTERNS: Partial<Record<VenueKind, string[]>> = {
  'community-centre': ['{stem} Community Centre', '{place} Community Hub', 'The {word} Centre', '{place} Neighbourhood Centre', '{stem} Hall'],
  church: ["St {saint}'s Church Hall", '{place} Methodist Church', '{place} Baptist Church', 'Christ Church, {place}', '{place} United Reformed Church', "St {saint}'s Parish Centre"],
  'village-hall': ['{place} Village Hall', '{place} Memorial Hall', '{place} Scout Hut', '{place} Sports Pavilion'],
  school: ['{stem} Primary School', '{place} Academy', "St {saint}'s C of E Primary School", '{place} Infant School'],
  'faith-centre': ['{place} Mosque', '{place} Gurdwara', '{place} Hindu Community Centre', '{place} Islamic Education Centre'],
  office: ['{word} House', 'Unit {n}, {place} Enterprise Centre', '{place} Community Offices'],
  'youth-centre': ['{place} Youth Centre', 'The {word} Youth Project', '{place} Scout and Guide Hall'],
  health: ['{stem} Surgery', '{place} Health Centre', '{place} Medical Practice'],
  pub: ['The {pub}', 'The {pub}, {place}'],
  workshop: ['Unit {n}, {place} Trading Estate', '{place} Allotments Pavilion'],
};

const TOWN_KINDS: VenueKind[] = ['community-centre', 'community-centre', 'church', 'church', 'school', 'faith-centre', 'office', 'office', 'youth-centre', 'health', 'workshop', 'pub'];
const VILLAGE_KINDS: VenueKind[] = ['village-hall', 'village-hall', 'church', 'church', 'school', 'pub'];
const FEATURE_CODES = Object.values(FEATURE_LETTERS);
/** How often a synthetic venue has each feature, in per cent. */
const FEATURE_PERCENT: Record<string, number> = {
  wheelchair: 80, accessible_toilet: 55, hearing_loop: 35, bsl: 6, parking: 45, quiet_space: 25, large_print: 25,
};

const totalWeight = PLACES.reduce((sum, p) => sum + p.weight, 0);

/** A place chosen with probability proportional to its weight. */
export function weightedPlace(h: number): Place {
  let x = (h / 4294967296) * totalWeight;
  for (const place of PLACES) {
    x -= place.weight;
    if (x < 0) return place;
  }
  return PLACES[PLACES.length - 1];
}

function fill(pattern: string, place: Place, street: string, h: number): string {
  return pattern
    .replace('{place}', place.name)
    .replace('{stem}', street.split(' ')[0])
    .replace('{saint}', SAINTS[h % SAINTS.length])
    .replace('{word}', WORDS[(h >>> 5) % WORDS.length])
    .replace('{pub}', PUBS[(h >>> 9) % PUBS.length])
    .replace('{n}', String(1 + ((h >>> 13) % 24)));
}

/** Synthetic organisation `k` owns synthetic venues `k * VENUES_PER_SYNTHETIC_ORG` onwards. */
export const VENUES_PER_SYNTHETIC_ORG = 2;

/** The place of synthetic organisation `k`, and so of its venues. */
export function syntheticGroupPlace(seed: number, k: number): Place {
  return weightedPlace(hash32(seed, k, 0x91ace));
}

/** A synthetic venue: a pure function of seed and index, so every service sharing it agrees. */
export function syntheticVenue(seed: number, index: number): Venue {
  const h = hash32(seed, index, 0x7e11);
  const place = syntheticGroupPlace(seed, Math.floor((index - CURATED_VENUES.length) / VENUES_PER_SYNTHETIC_ORG));
  const kinds = place.kind === 'village' ? VILLAGE_KINDS : TOWN_KINDS;
  const kind = kinds[hash32(h, 2) % kinds.length];
  const street = place.streets[hash32(h, 3) % place.streets.length];
  const patterns = NAME_PATTERNS[kind]!;
  const first = hash32(h, 4) % patterns.length;
  let name = fill(patterns[first], place, street, hash32(h, 5));
  // Never a second "Hollins Park Baptist Church" at another address.
  for (let p = 1; CURATED_NAMES.has(name) && p <= patterns.length; p++) {
    name = p < patterns.length ? fill(patterns[(first + p) % patterns.length], place, street, hash32(h, 5)) : `${name} Annexe`;
  }
  const postcodes = demoPostcodesOf(place.key);
  const postcode = postcodes[hash32(h, 6) % postcodes.length];
  const features = FEATURE_CODES.filter((code, i) => hash32(h, 20 + i) % 100 < FEATURE_PERCENT[code]);
  return {
    key: `venue-${index}`,
    name,
    kind,
    place: place.key,
    street: `${1 + (hash32(h, 9) % 140)} ${street}`,
    features,
    postcode,
    lat: round6(postcode.lat + jitter(hash32(h, 10))),
    lng: round6(postcode.lng + jitter(hash32(h, 11))),
  };
}

/** The venue with this index: curated first, synthetic after. */
export function venueAt(seed: number, index: number): Venue {
  return index < CURATED_VENUES.length ? CURATED_VENUES[index] : syntheticVenue(seed, index);
}

// --- as ORUK locations ------------------------------------------------------------------

const KIND_DESCRIPTIONS: Record<VenueKind, string> = {
  civic: 'Council offices with a customer service centre, private interview rooms and meeting rooms.',
  library: "A public library with free wifi, computers, printing and a children's area.",
  'family-hub': 'A family hub for families with children and young people aged 0 to 19 (25 with SEND), with play rooms, a baby clinic and meeting rooms.',
  'community-centre': 'A community centre with a main hall, meeting rooms and a kitchen, used by local groups throughout the week.',
  church: 'A church with a hall that local groups use during the week.',
  'village-hall': 'The village hall, with a main hall, kitchen and small car park, home to many village clubs and groups.',
  health: 'A health centre with GP surgeries, community clinics and a pharmacy.',
  leisure: 'A leisure centre with a swimming pool, gym, sports hall and studios.',
  'youth-centre': 'A youth centre with a games room, kitchen, music studio and meeting rooms.',
  'faith-centre': 'A place of worship with a community hall and kitchen, open to people of all faiths and none for community activities.',
  office: 'Offices with a ground-floor reception and private rooms for confidential conversations.',
  college: 'A further education college with courses for young people and adults.',
  school: 'A primary school whose hall and rooms are used by community groups outside school hours.',
  pub: 'A community-owned pub with a café and a meeting room used by local groups.',
  workshop: 'A workshop unit with tools, workbenches and a tea room.',
  court: 'The county court, which hears housing, debt and family cases.',
};

const FEATURE_TEXT: Record<string, [string, string]> = {
  wheelchair: ['Step-free entrance and level access throughout the ground floor.', 'Ramped entrance at the side of the building; all rooms we use are on one level.'],
  accessible_toilet: ['Accessible toilet with grab rails on the ground floor.', 'Accessible toilet next to the main hall; a changing bench is available.'],
  hearing_loop: ['Induction loop at reception and in the main meeting room.', 'Portable hearing loop available; please ask when you arrive.'],
  bsl: ["British Sign Language interpreters can be booked for appointments; please give us a week's notice.", 'Some staff use British Sign Language; interpreters can be booked in advance.'],
  parking: ['Blue Badge parking spaces next to the entrance.', 'Free car park with two Blue Badge spaces close to the door.'],
  quiet_space: ['A quiet room is available if you find busy places hard; just ask a member of staff.', 'A calm, low-sensory room you can use at any time.'],
  large_print: ['Leaflets in large print and easy read; staff can read forms through with you.', 'Large print, easy read and audio information available on request.'],
};

const FEATURE_TERMS = new Map(FEATURE_CODES.map((code) => [code, accessibilityTaxonomyTerm(code)]));

function accessibilityOf(seed: number, index: number, venue: Venue, locationId: string): OrukAccessibility[] {
  return venue.features.map((code, j) => {
    const id = demoUuid(seed, KIND.accessibility, index, j);
    const term = FEATURE_TERMS.get(code)!;
    return {
      id,
      location_id: locationId,
      description: FEATURE_TEXT[code][(index + j) & 1],
      attributes: [{
        id: demoUuid(seed, KIND.accessibilityAttribute, index, j),
        link_id: id,
        link_type: 'accessibility',
        link_entity: 'accessibility',
        taxonomy_term_id: term.id,
        taxonomy_term: term,
      }],
    };
  });
}

// Catalogue venues' locations, built once per seed and shared by every service there.
let built: OrukLocation[] = [];
let builtSeed = -1;

/**
 * The venue as a full ORUK location, with its address and accessibility. For catalogue
 * venues the same object is returned for every service there: treat it as read-only.
 * (Synthetic venues are rebuilt each time: short-lived objects are cheaper to collect.)
 * `venue`, when the caller already has it, saves working it out again.
 */
export function venueLocation(seed: number, index: number, venue?: Venue): OrukLocation {
  if (index >= CURATED_VENUES.length) return buildLocation(seed, index, venue ?? syntheticVenue(seed, index));
  if (seed !== builtSeed) {
    built = [];
    builtSeed = seed;
  }
  return (built[index] ??= buildLocation(seed, index, CURATED_VENUES[index]));
}

function buildLocation(seed: number, index: number, venue: Venue): OrukLocation {
  const id = demoUuid(seed, KIND.location, index);
  const place = placeByKey(venue.place);
  return {
    id,
    location_type: 'physical',
    name: venue.name,
    description: KIND_DESCRIPTIONS[venue.kind],
    latitude: venue.lat,
    longitude: venue.lng,
    addresses: [{
      id: demoUuid(seed, KIND.address, index),
      location_id: id,
      address_1: venue.street,
      city: place.name,
      state_province: DEMO_COUNTY,
      postal_code: venue.postcode.postcode,
      country: 'GB',
      address_type: 'physical',
    }],
    accessibility: accessibilityOf(seed, index, venue, id),
  };
}
