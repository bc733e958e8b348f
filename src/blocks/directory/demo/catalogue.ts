import { COMMUNITY_SERVICES } from './catalogue-community.js';
import { PUBLIC_SERVICES } from './catalogue-public.js';
import type { LanguageCode } from './languages.js';
import { organisationIndex } from './organisations.js';
import type { ScheduleKind } from './schedules.js';
import { needTermByCode } from './taxonomy.js';
import { venueIndex } from './venues.js';

/**
 * A kind of service as an organisation describes it, before it is placed anywhere.
 * Text may use {place}, {venue}, {org}, {phone}, {email} and {web}, filled in per instance.
 */
export interface ServiceTemplate {
  key: string;
  /** Organisation key (organisations.ts). */
  org: string;
  /** One or more name variants. */
  name: string | string[];
  /** Two to four sentences: what, who for, how to get it. Never names days or times (schedules do). */
  description: string;
  /** Need codes (needs.json), usually sub-needs. */
  needs: string[];
  /** Delivery: letters P (in person), T (telephone), O (online). */
  delivery: string;
  /** Schedule kinds to choose from, separated by `|`. */
  schedule: string;
  /**
   * Where the catalogue offers it: each entry is one service, at one venue or at several
   * joined with `+`. Absent: a single service with no premises (phone, online, outreach).
   */
  at?: string[];
  ages?: [min: number | null, max: number | null];
  /** Cost options: [option, amount in pounds, amount description]. Absent: free. */
  cost?: [string, number, string?][];
  /** Languages spoken besides English. */
  languages?: LanguageCode[];
  /** A phone number of its own (a helpline); otherwise the organisation's. */
  phone?: string;
  /** Job title of the named contact. */
  contact?: string;
  accreditations?: string;
  alert?: string;
}

export const DELIVERY_LETTERS: Record<string, string> = { P: 'in_person', T: 'phone', O: 'online' };

/** Every template, council and NHS first. */
export const TEMPLATES: readonly ServiceTemplate[] = [...PUBLIC_SERVICES, ...COMMUNITY_SERVICES];

/** One service of the hand-written catalogue: a template at zero or more venues. */
export interface CatalogueEntry {
  template: number;
  venues: number[];
}

function check(t: ServiceTemplate): void {
  organisationIndex(t.org);
  for (const code of t.needs) if (!needTermByCode(code)) throw new Error(`Template ${t.key}: unknown need "${code}"`);
  for (const letter of t.delivery) if (!DELIVERY_LETTERS[letter]) throw new Error(`Template ${t.key}: bad delivery "${t.delivery}"`);
  if (t.at && !t.delivery.includes('P')) throw new Error(`Template ${t.key}: has venues but is not delivered in person`);
}

let entries: CatalogueEntry[] | undefined;

/** The hand-written directory: every template at every venue the catalogue lists for it. */
export function catalogueEntries(): readonly CatalogueEntry[] {
  if (entries) return entries;
  const keys = new Set<string>();
  entries = [];
  TEMPLATES.forEach((t, template) => {
    if (keys.has(t.key)) throw new Error(`Duplicate template key ${t.key}`);
    keys.add(t.key);
    check(t);
    if (!t.at) entries!.push({ template, venues: [] });
    else for (const spot of t.at) entries!.push({ template, venues: spot.split('+').map(venueIndex) });
  });
  return entries;
}

export const scheduleKinds = (t: ServiceTemplate): ScheduleKind[] => t.schedule.split('|') as ScheduleKind[];
