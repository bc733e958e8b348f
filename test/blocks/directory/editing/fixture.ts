import { importOruk } from '../../../../src/blocks/directory/index.js';
import type { Service } from '../../../../src/blocks/directory/oruk/schemas.js';
import type { TestHearth } from '../../../support/app.js';

/** Ids of the editing tests' small directory. */
const id = (group: number, n: number) => `e0000000-0000-4000-8000-${String(group).padStart(4, '0')}${String(n).padStart(8, '0')}`;

export const EDIT_IDS = {
  lunchClubOrg: id(1, 1),
  adviceOrg: id(1, 2),
  lunchClub: id(2, 1),
  advice: id(2, 2),
  hall: id(3, 1),
  newService: id(2, 9),
};

export const LUNCH_ORG = { id: EDIT_IDS.lunchClubOrg, name: 'Friends of Chapel Lane', description: 'Volunteers who run the Chapel Lane lunch club.' };
export const ADVICE_ORG = { id: EDIT_IDS.adviceOrg, name: 'Ashdown Advice', description: 'Free advice on money and housing.' };

/** The lunch club as first imported: Mondays 10:00–14:00, £3.50. */
export function lunchClub(): Service {
  return {
    id: EDIT_IDS.lunchClub,
    name: 'Chapel Lane lunch club',
    description: 'A hot lunch and good company for older people.',
    status: 'active',
    organization: LUNCH_ORG,
    schedules: [{ id: id(4, 1), freq: 'WEEKLY', interval: 1, byday: 'MO', opens_at: '10:00:00', closes_at: '14:00:00' }],
    service_at_locations: [{
      id: id(5, 1),
      location: {
        id: EDIT_IDS.hall, location_type: 'physical', name: 'Chapel Lane Hall',
        addresses: [{ id: id(6, 1), address_1: '3 Chapel Lane', city: 'Ashdown', state_province: 'Ardenshire', postal_code: 'AS1 2AP', country: 'GB', address_type: 'physical' }],
      },
    }],
    cost_options: [{ id: id(7, 1), option: 'Lunch', amount: 3.5, currency: 'GBP' }],
    languages: [{ id: id(8, 1), name: 'English', code: 'en' }],
  } as Service;
}

export function advice(): Service {
  return {
    id: EDIT_IDS.advice,
    name: 'Money advice drop-in',
    description: 'Talk to an adviser about debts and bills.',
    status: 'active',
    organization: ADVICE_ORG,
  } as Service;
}

export async function loadEditingFixture(hearth: TestHearth): Promise<void> {
  await importOruk(hearth.db, hearth.council.id, [lunchClub(), advice()]);
}

/** A copy of a document to edit. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
