import { PLACES, placeByKey, type Place } from './area.js';
import { drama, ORGANISATIONS, type DemoOrganisation } from './organisations.js';
import { hash32 } from './prng.js';
import { syntheticGroupPlace } from './venues.js';

/**
 * Organisations as the generator writes them: the catalogue's own, and look-alikes for
 * directories larger than the catalogue ("Hollins Park Food Club", modelled on the Kingsmere
 * Community Pantry), with names, domains and numbers of their own.
 */
export interface OrgInfo {
  /** Index in the organisation id space: catalogue organisations first, look-alikes after. */
  index: number;
  /** The catalogue organisation this one is, or is modelled on. */
  modelIndex: number;
  model: DemoOrganisation;
  name: string;
  description: string;
  domain: string;
  email: string;
  website: string;
  phone: string;
  place: Place;
}

const ORG_WORDS = ['Hope', 'Unity', 'Bridge', 'Harbour', 'Lighthouse', 'Open Door', 'Oak Tree', 'Beacon', 'Compass', 'New Leaf', 'Springboard', 'Kindred', 'Haven', 'Cornerstone', 'Willow', 'Together'];
const CATALOGUE_ORG_NAMES = new Set(ORGANISATIONS.map((o) => o.name));
/** Organisations that can have look-alikes (not the council or the NHS). */
const REPLICABLE = ORGANISATIONS.map((o, i) => ({ o, i })).filter(({ o }) => o.synth).map(({ i }) => i);

const slug = (s: string): string => s.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');

export function catalogueOrg(index: number): OrgInfo {
  const model = ORGANISATIONS[index];
  return {
    index,
    modelIndex: index,
    model,
    name: model.name,
    description: model.description,
    domain: model.domain,
    email: `${model.mailbox}@${model.domain}`,
    website: `https://www.${model.domain}`,
    phone: index === 0 ? '01632 960000' : drama(100 + index * 7),
    place: placeByKey('ashdown'),
  };
}

/** Look-alike organisation `k`: a pure function of seed and `k`. */
export function lookAlikeOrg(seed: number, k: number): OrgInfo {
  const h = hash32(seed, k, 0x0e6);
  const modelIndex = REPLICABLE[h % REPLICABLE.length];
  const model = ORGANISATIONS[modelIndex];
  const place = syntheticGroupPlace(seed, k);
  const word = ORG_WORDS[(h >>> 12) % ORG_WORDS.length];
  const patterns = model.synth!;
  let name = '';
  // Never the name of a catalogue organisation ("Kingsmere Community Pantry" already exists).
  for (let p = 0; p <= patterns.length && (!name || CATALOGUE_ORG_NAMES.has(name)); p++) {
    name = p < patterns.length
      ? patterns[((h >>> 8) + p) % patterns.length].replace('{place}', place.name).replace('{word}', word)
      : `${word} ${name}`;
  }
  const domain = `${slug(name)}${k}.org.example`;
  return {
    index: ORGANISATIONS.length + k,
    modelIndex,
    model,
    name,
    description: model.description.replace(/the borough|Ashdown|Ardenshire/g, place.name),
    domain,
    email: `${model.mailbox}@${domain}`,
    website: `https://www.${domain}`,
    phone: drama(500 + (k % 500)),
    place,
  };
}

const PLACE_NAMES = new RegExp(`\\b(${PLACES.map((p) => p.name).sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MODEL_NAMES = ORGANISATIONS.map((o) => new RegExp(escapeRegExp(o.name), 'gi'));

/**
 * A catalogue service name made fit for a look-alike organisation: the model organisation's
 * name becomes the new one's, place names become its place, and a brand before a colon
 * ("Little Stars: support for bereaved children") is dropped.
 */
export function rebrand(name: string, org: OrgInfo): string {
  let out = name.replace(MODEL_NAMES[org.modelIndex], org.name).replace(PLACE_NAMES, org.place.name);
  const colon = out.indexOf(': ');
  if (colon > 0 && /^[a-z]/.test(out.slice(colon + 2)) && !out.slice(0, colon).includes(org.name)) {
    out = out.charAt(colon + 2).toUpperCase() + out.slice(colon + 3);
  }
  return out;
}
