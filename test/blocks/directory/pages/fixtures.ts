import { needTaxonomyTerm, needTermByCode, deliveryTaxonomyTerm, accessibilityTaxonomyTerm } from '../../../../src/blocks/directory/demo/taxonomy.js';

/**
 * A small ORUK 3.0 directory for the page tests: services that exercise every part of the
 * pages (several places, split opening times, a monthly session, description-only times,
 * costs, ages, languages, accessibility), plus enough similar ones for a second results page.
 */
const id = (group: number, n: number) => `a0000000-0000-4000-8000-${String(group).padStart(4, '0')}${String(n).padStart(8, '0')}`;

export const IDS = {
  foodBank: id(1, 1),
  debtLine: id(1, 2),
  youthClub: id(1, 3),
  lunchClub: id(1, 4),
  housing: id(1, 5),
  /** Support for people experiencing domestic abuse. */
  abuseSupport: id(1, 6),
  /** A programme for people who harm a partner (tagged "Changing abusive behaviour"). */
  abuseProgramme: id(1, 7),
  /** Last checked two years ago. */
  oldListing: id(1, 8),
  /** A well-formed id that no service has. */
  unknown: id(9, 9),
};

const ORG_CHURCHES = { id: id(2, 1), name: 'Ashdown Churches Together', description: 'Churches in Ashdown working together.', website: 'https://churches.example.org/', email: 'hello@churches.example.org' };
const ORG_ADVICE = { id: id(2, 2), name: 'Ashdown Citizens Advice', description: 'Free, confidential advice.', website: 'https://advice.example.org' };
const ORG_COUNCIL = { id: id(2, 3), name: 'Testshire Council', description: 'The council.' };

let attributeSerial = 0;
const attr = (term: ReturnType<typeof needTaxonomyTerm>) => ({ id: id(8, ++attributeSerial), taxonomy_term_id: term.id, taxonomy_term: term });
const need = (code: string) => attr(needTaxonomyTerm(needTermByCode(code)!));
const delivery = (code: string) => attr(deliveryTaxonomyTerm(code));
const access = (code: string) => attr(accessibilityTaxonomyTerm(code));

function place(n: number, name: string, street: string, postcode: string, lat: number, lng: number, features: string[] = []) {
  return {
    id: id(3, n),
    location_type: 'physical',
    name,
    latitude: lat,
    longitude: lng,
    addresses: [{ id: id(4, n), address_1: street, city: 'Ashdown', state_province: 'Ardenshire', postal_code: postcode, country: 'GB', address_type: 'physical' }],
    accessibility: [],
    attributes: features.map(access),
  };
}

let scheduleSerial = 0;
const weekly = (byday: string, opens: string, closes: string, extra: Record<string, unknown> = {}) => ({
  id: id(5, ++scheduleSerial),
  freq: 'WEEKLY',
  interval: 1,
  byday,
  opens_at: opens,
  closes_at: closes,
  ...extra,
});

export function fixtureServices(): Record<string, unknown>[] {
  const services: Record<string, unknown>[] = [
    {
      id: IDS.foodBank,
      name: 'Ashdown Food Bank',
      description: 'Emergency food parcels for people who cannot afford to buy food.\n\nBring your voucher if you have one. If you do not, come anyway and we will help you get one.',
      url: 'https://foodbank.example.org/ashdown',
      email: 'foodbank@churches.example.org',
      status: 'active',
      eligibility_description: 'Anyone in crisis who lives in Ashdown.',
      assured_date: '2026-03-03',
      organization: ORG_CHURCHES,
      phones: [{ id: id(6, 1), number: '01234 567890', description: 'Weekdays only' }],
      schedules: [weekly('MO,WE,FR', '10:00', '12:00', { notes: 'Closed on bank holidays.' }), weekly('SA', '10:00', '13:00')],
      service_at_locations: [{ id: id(7, 1), location: place(1, "St Mary's Church Hall", '1 Market Square', 'AS1 1AA', 52.556, -1.505, ['wheelchair', 'hearing_loop']) }],
      languages: [{ id: id(10, 1), name: 'English', code: 'en' }, { id: id(10, 2), name: 'Polish', code: 'pl' }],
      cost_options: [{ id: id(11, 1), option: 'Free', amount: 0 }],
      attributes: [need('food-banks'), delivery('in_person')],
    },
    {
      id: IDS.debtLine,
      name: 'Debt advice line',
      description: 'Talk to an adviser about debts, bills and money worries.',
      status: 'active',
      organization: ORG_ADVICE,
      phones: [{ id: id(6, 2), number: '0800 123 4567' }],
      schedules: [weekly('MO,TU,WE,TH,FR', '09:00', '17:00')],
      languages: [{ id: id(10, 3), name: 'Welsh', code: 'cy' }],
      cost_options: [{ id: id(11, 2), option: 'Free', amount: 0 }],
      attributes: [need('debt-advice'), delivery('phone'), delivery('online')],
    },
    {
      id: IDS.youthClub,
      name: 'Brookfield Youth Club',
      description: 'Games, sport and a safe place to be with friends.',
      status: 'active',
      minimum_age: 11,
      maximum_age: 18,
      organization: ORG_COUNCIL,
      schedules: [weekly('TU,TH', '18:30', '21:00')],
      service_at_locations: [{ id: id(7, 3), location: place(3, 'Brookfield Community Centre', '2 Larch Avenue', 'AS1 2AA', 52.5599, -1.5067, ['accessible_toilet']) }],
      cost_options: [{ id: id(11, 3), option: 'Per session', amount: 1 }],
      attributes: [need('children-families'), delivery('in_person')],
    },
    {
      id: IDS.lunchClub,
      name: 'Lunch club for older people',
      description: 'A hot two-course lunch and good company.',
      status: 'active',
      minimum_age: 60,
      organization: ORG_CHURCHES,
      schedules: [{ id: id(5, 90), freq: 'MONTHLY', interval: 1, byday: '2TU', opens_at: '12:00', closes_at: '14:00' }],
      service_at_locations: [{ id: id(7, 4), location: place(4, 'Chapel Lane Hall', '3 Chapel Lane', 'AS1 2AP', 52.5563, -1.5125) }],
      cost_options: [{ id: id(11, 4), option: 'Lunch', amount: 3.5 }],
      attributes: [need('older-people'), delivery('in_person')],
    },
    {
      id: IDS.housing,
      name: 'Housing options appointments',
      description: 'Advice if you are homeless or about to lose your home.',
      status: 'temporarily closed',
      alert: 'Appointments are paused until April.',
      organization: ORG_COUNCIL,
      schedules: [{ id: id(5, 91), description: 'By appointment only. Phone to book a time.' }],
      attributes: [need('housing'), delivery('phone')],
    },
  ];
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  services.push(
    {
      id: IDS.abuseSupport,
      name: 'Ashdown Domestic Abuse Service',
      description: 'Confidential support if someone close to you hurts, threatens or controls you: a helpline, safety planning and an advocate.',
      status: 'active',
      assured_date: daysAgo(30),
      organization: ORG_ADVICE,
      phones: [{ id: id(6, 6), number: '0808 000 0000', description: '24 hours' }],
      schedules: [weekly('MO,TU,WE,TH,FR,SA,SU', '00:00', '00:00')],
      attributes: [need('domestic-abuse-support'), delivery('phone')],
    },
    {
      id: IDS.abuseProgramme,
      name: 'Respect programme for people who harm',
      description: 'A group programme for people who use abuse in their relationships and want to change.',
      status: 'active',
      assured_date: daysAgo(30),
      organization: ORG_ADVICE,
      schedules: [weekly('WE', '18:00', '20:00')],
      service_at_locations: [{ id: id(7, 7), location: place(7, 'Bridge Centre', '7 Bridge Street', 'AS1 1AA', 52.556, -1.505) }],
      attributes: [need('changing-behaviour'), delivery('in_person')],
    },
    {
      id: IDS.oldListing,
      name: 'Ashdown computer club',
      description: 'Help with computers, tablets and phones.',
      status: 'active',
      assured_date: daysAgo(730),
      organization: ORG_CHURCHES,
      schedules: [weekly('MO', '10:00', '12:00')],
      attributes: [need('digital-skills'), delivery('in_person')],
    },
  );
  // Enough pantries for a second page of results.
  for (let n = 1; n <= 12; n++) {
    services.push({
      id: id(1, 100 + n),
      name: `Community pantry ${n}`,
      description: 'Low-cost food shop for members. Membership is free.',
      status: 'active',
      organization: ORG_CHURCHES,
      schedules: [weekly('TH', '13:00', '15:00')],
      service_at_locations: [{ id: id(7, 100 + n), location: place(100 + n, `Pantry ${n}`, `${n} High Street`, 'AS1 2AT', 52.5600 + n * 0.001, -1.5064) }],
      cost_options: [{ id: id(11, 100 + n), option: 'Weekly shop', amount: 4 }],
      attributes: [need('food'), delivery('in_person')],
    });
  }
  return services;
}
