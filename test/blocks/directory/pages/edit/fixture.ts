import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { importOruk } from '../../../../../src/blocks/directory/index.js';
import type { Service } from '../../../../../src/blocks/directory/oruk/schemas.js';
import { importPostcodes } from '../../../../../src/platform/geo/import-postcodes.js';
import { startTestHearth, type TestHearth } from '../../../../support/app.js';

/**
 * Two organisations of the test council: a lunch club (one service at a church hall it shares
 * with the other) and a food bank; an editor of each, a directory manager and a resident.
 */
export const LUNCH_CLUB = 'a1000000-0000-4000-8000-000000000001';
export const FOOD_BANK = 'a1000000-0000-4000-8000-000000000002';
export const LUNCH = 'b1000000-0000-4000-8000-000000000001';
export const PANTRY = 'b1000000-0000-4000-8000-000000000002';
export const HALL = 'c1000000-0000-4000-8000-000000000001';
export const WAREHOUSE = 'c1000000-0000-4000-8000-000000000002';

export const VOLUNTEER = 'volunteer@lunchclub.example';
export const FOOD_EDITOR = 'editor@foodbank.example';
export const MANAGER = 'manager@testshire.example';
export const RESIDENT = 'resident@example.org';

const hall = {
  id: HALL,
  location_type: 'physical' as const,
  name: "St Mary's hall",
  latitude: 52.556,
  longitude: -1.505,
  addresses: [{ id: 'd1000000-0000-4000-8000-000000000001', address_1: '1 Church Lane', city: 'Ashdown', state_province: 'Testshire', postal_code: 'AS1 1AA', country: 'GB', address_type: 'physical' as const }],
};

export function editFixtures(): Service[] {
  return [
    {
      id: LUNCH,
      name: 'Tuesday lunch club',
      description: 'A hot two-course lunch and company for older people.',
      status: 'active',
      organization: { id: LUNCH_CLUB, name: 'Ashdown Lunch Club', description: 'Volunteers cooking for older neighbours.' },
      schedules: [{ id: 'e1000000-0000-4000-8000-000000000001', freq: 'WEEKLY', byday: 'TU', opens_at: '12:00', closes_at: '14:00' }],
      service_at_locations: [{ id: 'f1000000-0000-4000-8000-000000000001', location: hall }],
      cost_options: [{ id: 'e2000000-0000-4000-8000-000000000001', amount: 3.5, currency: 'GBP', option: 'per lunch' }],
    },
    {
      id: PANTRY,
      name: 'Community pantry',
      description: 'Food for anyone who needs it, no referral needed.',
      status: 'active',
      organization: { id: FOOD_BANK, name: 'Ashdown Food Bank', description: 'Emergency food for Ashdown.' },
      service_at_locations: [
        { id: 'f1000000-0000-4000-8000-000000000002', location: hall },
        {
          id: 'f1000000-0000-4000-8000-000000000003',
          location: { id: WAREHOUSE, location_type: 'physical', name: 'Food bank warehouse', addresses: [{ id: 'd1000000-0000-4000-8000-000000000002', address_1: '9 Mill Road', city: 'Ashdown', state_province: 'Testshire', postal_code: 'AS1 1AE', country: 'GB', address_type: 'physical' }] },
        },
      ],
    },
  ];
}

export async function startEditHearth(options: { env?: Record<string, string> } = {}): Promise<TestHearth> {
  const hearth = await startTestHearth(options);
  await importPostcodes(hearth.db, 'data/postcodes/demo.csv');
  await importOruk(hearth.db, hearth.council.id, editFixtures());
  const grant = async (email: string, role: string, scope = '') => {
    const person = await ensurePerson(hearth.db, email);
    if (role !== 'resident') await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role, scope, grantedBy: null });
  };
  await grant(VOLUNTEER, 'organisation_editor', LUNCH_CLUB);
  await grant(FOOD_EDITOR, 'organisation_editor', FOOD_BANK);
  await grant(MANAGER, 'directory_manager');
  await grant(RESIDENT, 'resident');
  return hearth;
}
