import type { Locale, Translate } from '../../../platform/web/i18n.js';
import { closedOn, closureOver } from '../closures/planned-status.js';
import { needTermById } from '../demo/taxonomy.js';
import type { Service } from '../oruk/schemas.js';
import { ACCESSIBILITY_FEATURES, DELIVERY_METHODS } from '../vocabulary.js';
import { formatAges, formatDate, formatMoney, ukDate } from './format.js';
import { languageName } from './languages.js';
import { describeOpeningTimes, type ScheduleInput } from './opening-times.js';

/**
 * The parts of a full ORUK 3.0 service that the pages show. Every field is optional and
 * checked before use: the data may come from any ORUK publisher via import.
 */
interface TermLike {
  id?: string;
  code?: string | null;
  name?: string | null;
}
interface AttributeLike {
  taxonomy_term_id?: string | null;
  taxonomy_term?: TermLike | null;
}
interface PhoneLike {
  number?: string | null;
  extension?: string | number | null;
  description?: string | null;
}
interface AddressLike {
  address_1?: string | null;
  address_2?: string | null;
  city?: string | null;
  region?: string | null;
  state_province?: string | null;
  postal_code?: string | null;
  address_type?: string | null;
}
interface LocationLike {
  id?: string;
  name?: string | null;
  description?: string | null;
  latitude?: number | string | null;
  longitude?: number | string | null;
  addresses?: AddressLike[] | null;
  accessibility?: Array<{ description?: string | null; details?: string | null }> | null;
  attributes?: AttributeLike[] | null;
  phones?: PhoneLike[] | null;
  schedules?: ScheduleInput[] | null;
}
export interface OrukServiceLike {
  id: string;
  name?: string | null;
  description?: string | null;
  url?: string | null;
  email?: string | null;
  status?: string | null;
  fees_description?: string | null;
  fees?: string | null;
  eligibility_description?: string | null;
  minimum_age?: number | null;
  maximum_age?: number | null;
  alert?: string | null;
  assured_date?: string | null;
  last_modified?: string | null;
  last_checked?: string | null;
  organization?: { id?: string; name?: string | null; website?: string | null; email?: string | null } | null;
  phones?: PhoneLike[] | null;
  contacts?: Array<{ name?: string | null; email?: string | null; phones?: PhoneLike[] | null }> | null;
  schedules?: Array<ScheduleInput & { service_at_location_id?: string | null }> | null;
  service_at_locations?: Array<{ id?: string; location?: LocationLike | null; schedules?: ScheduleInput[] | null; phones?: PhoneLike[] | null }> | null;
  languages?: Array<{ name?: string | null; code?: string | null }> | null;
  cost_options?: Array<{ option?: string | null; amount?: number | string | null; currency?: string | null; amount_description?: string | null }> | null;
  attributes?: AttributeLike[] | null;
  [extra: string]: unknown;
}

export interface LocationView {
  name?: string;
  addressLines: string[];
  mapUrl?: string;
  accessibility: string[];
  hours: string[];
}

export interface ServiceView {
  id: string;
  name: string;
  paragraphs: string[];
  alert?: string;
  closed: boolean;
  organisation?: { name: string; website?: string };
  ages?: string;
  eligibility?: string;
  free: boolean;
  costs: string[];
  feesText?: string;
  hours: string[];
  locations: LocationView[];
  phones: Array<{ number: string; href: string; description?: string }>;
  email?: string;
  website?: string;
  languages: string[];
  delivery: string[];
  needs: Array<{ id: string; name: string }>;
  lastChecked?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** Only http(s) addresses become links: a listing could otherwise carry `javascript:`. */
export function safeWebUrl(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function safeEmail(value: unknown): string | undefined {
  const raw = text(value);
  return raw && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(raw) ? raw : undefined;
}

function phoneView(phone: PhoneLike): { number: string; href: string; description?: string } | undefined {
  const number = text(phone.number);
  if (!number) return undefined;
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.replace(/\+/g, '').length < 3) return undefined;
  const extension = phone.extension !== undefined && phone.extension !== null && String(phone.extension).trim() ? String(phone.extension).trim() : undefined;
  return { number: extension ? `${number} ext. ${extension}` : number, href: `tel:${digits}`, description: text(phone.description) };
}

function termIds(attributes: AttributeLike[] | null | undefined): string[] {
  return (attributes ?? []).map((a) => a.taxonomy_term?.id ?? a.taxonomy_term_id ?? '').filter(Boolean);
}

/** The ids of the terms a service is tagged with. */
export function serviceTermIds(service: OrukServiceLike): string[] {
  return termIds(service.attributes);
}

function termCodes(attributes: AttributeLike[] | null | undefined): string[] {
  return (attributes ?? []).map((a) => a.taxonomy_term?.code ?? '').filter((c): c is string => Boolean(c));
}

/** Codes of a fixed vocabulary present in a set of attributes, by term id or code. */
function vocabularyCodes(attributes: AttributeLike[] | null | undefined, vocabulary: readonly { id: string; code: string }[]): string[] {
  const ids = new Set(termIds(attributes));
  const codes = new Set(termCodes(attributes));
  return vocabulary.filter((v) => ids.has(v.id) || codes.has(v.code)).map((v) => v.code);
}

function paragraphs(value: unknown): string[] {
  const raw = text(value);
  return raw ? raw.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean) : [];
}

function numeric(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * What it costs. "Free" follows the search index's rule (search/index-builder), so a service
 * found with the "free" filter says "free" on its page too: free unless a cost option has an
 * amount, or the fee text names a sum of money and does not say "free".
 */
function costs(service: OrukServiceLike): { free: boolean; lines: string[] } {
  const lines: string[] = [];
  let charges = false;
  const optionTexts: string[] = [];
  for (const option of service.cost_options ?? []) {
    const amount = numeric(option.amount);
    const label = [text(option.option), text(option.amount_description)].filter(Boolean).join(' – ');
    if (label) optionTexts.push(label);
    if (amount !== undefined && amount > 0) {
      charges = true;
      lines.push(label ? `${label}: ${formatMoney(amount, option.currency)}` : formatMoney(amount, option.currency));
    } else if (label && !/^free\.?$/i.test(label)) {
      lines.push(label);
    }
  }
  const feeText = [text(service.fees), text(service.fees_description), ...optionTexts].filter(Boolean).join(' ');
  const namesSum = /£ ?[0-9]*[1-9]/.test(feeText) && !/\bfree\b/i.test(feeText);
  return { free: !(charges || namesSum), lines };
}

function addressLines(address: AddressLike): string[] {
  return [address.address_1, address.address_2, address.city, address.state_province ?? address.region, address.postal_code]
    .map(text)
    .filter((l): l is string => Boolean(l));
}

function mapUrl(location: LocationLike): string | undefined {
  const lat = numeric(location.latitude);
  const lng = numeric(location.longitude);
  if (lat === undefined || lng === undefined || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  const la = lat.toFixed(5);
  const ln = lng.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${ln}#map=17/${la}/${ln}`;
}

/** When the listing was last confirmed as correct: Hearth's own date, else ORUK's. */
export function lastCheckedOf(service: OrukServiceLike): string | undefined {
  const metadata = service.hearth as { last_checked?: unknown } | undefined;
  return text(service.last_checked) ?? text(metadata?.last_checked) ?? text(service.assured_date) ?? text(service.last_modified);
}

/** Put a full ORUK service into the words and order a resident reads it in. */
export function serviceView(service: OrukServiceLike, t: Translate, locale: Locale, now = new Date()): ServiceView {
  const londonDay = ukDate(now)!;
  const cost = costs(service);
  const phones = [
    ...(service.phones ?? []),
    ...(service.contacts ?? []).flatMap((c) => c.phones ?? []),
  ]
    .map(phoneView)
    .filter((p): p is NonNullable<typeof p> => Boolean(p));
  const seenPhones = new Set<string>();
  const locations: LocationView[] = [];
  for (const sal of service.service_at_locations ?? []) {
    const location = sal.location;
    if (!location) continue;
    const physical = (location.addresses ?? []).find((a) => (a.address_type ?? 'physical') === 'physical') ?? location.addresses?.[0];
    const accessibility = [
      ...vocabularyCodes(location.attributes, ACCESSIBILITY_FEATURES).map((code) => t(`directory.accessibility.${code}`)),
      ...(location.accessibility ?? []).map((a) => text(a.description) ?? text(a.details)).filter((a): a is string => Boolean(a)),
    ];
    locations.push({
      name: text(location.name),
      addressLines: physical ? addressLines(physical) : [],
      mapUrl: mapUrl(location),
      accessibility: [...new Set(accessibility)],
      // ORUK keeps a place's own times among the service's schedules, marked with the place.
      hours: describeOpeningTimes(
        t,
        [...(service.schedules ?? []).filter((s) => sal.id && s.service_at_location_id === sal.id), ...(sal.schedules ?? []), ...(location.schedules ?? [])],
        now,
      ),
    });
    for (const phone of [...(sal.phones ?? []), ...(location.phones ?? [])]) {
      const view = phoneView(phone);
      if (view) phones.push(view);
    }
  }
  const needs = termIds(service.attributes)
    .map((id) => needTermById(id))
    .filter((n): n is NonNullable<typeof n> => Boolean(n))
    .map((n) => ({ id: n.id, name: locale === 'cy' ? n.name_cy : n.name }));
  const organisation = text(service.organization?.name);
  return {
    id: service.id,
    name: text(service.name) ?? '',
    paragraphs: paragraphs(service.description),
    // Read from the closure's dates, not only the status, so the page is right between the
    // scheduled job's runs (closures/): closed from its first day to its last (valid_to), open
    // again the day after.
    alert: closureOver(service as Service, londonDay) ? undefined : text(service.alert),
    closed: closedOn(service as Service, londonDay),
    organisation: organisation ? { name: organisation, website: safeWebUrl(service.organization?.website) } : undefined,
    ages: formatAges(t, numeric(service.minimum_age), numeric(service.maximum_age)),
    eligibility: text(service.eligibility_description),
    free: cost.free,
    costs: cost.lines,
    feesText: text(service.fees_description) ?? text(service.fees),
    hours: describeOpeningTimes(t, (service.schedules ?? []).filter((s) => !s.service_at_location_id), now),
    locations,
    phones: phones.filter((p) => (seenPhones.has(p.href) ? false : (seenPhones.add(p.href), true))),
    email: safeEmail(service.email) ?? (service.contacts ?? []).map((c) => safeEmail(c.email)).find(Boolean) ?? safeEmail(service.organization?.email),
    website: safeWebUrl(service.url),
    languages: [...new Set((service.languages ?? []).map((l) => languageName(t, locale, l.code, l.name)).filter(Boolean))],
    delivery: vocabularyCodes(service.attributes, DELIVERY_METHODS).map((code) => t(`directory.delivery.${code}`)),
    needs: [...new Map(needs.map((n) => [n.id, n])).values()],
    lastChecked: formatDate(t, lastCheckedOf(service)),
  };
}
