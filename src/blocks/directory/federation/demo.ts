import type { Db } from '../../../platform/db/db.js';
import { getFullServices } from '../sql/oruk-read.js';
import { getFeed, insertFeed, listFeeds, markDemoPulled, ownServicesAtPlaces } from '../sql/feeds.js';
import { localId } from './namespace.js';
import { importAsPulled } from './pull.js';

/**
 * The demo has no internet, so its federation is seeded: a subscription to a fictional
 * neighbour, Northmoor Council, whose services are imported as if pulled an hour ago — some of
 * them its own (in Northmoor, a few miles north), three the same as services the demo council
 * lists itself, written a little differently, which show once. Its address (.example) never
 * resolves, so the next pull (hourly, or "Pull now" on /admin/directory/feeds) shows how a feed
 * that cannot be reached is reported, while what it brought stays.
 */

export const DEMO_FEED = { id: '6f1c2a4e-9b3d-4c5e-8f70-1a2b3c4d5e6f', url: 'https://directory.northmoor.example/oruk', name: 'Northmoor Council' };

const NORTHMOOR_SERVICES: { name: string; organisation: string; description: string; street: string; postcode: string }[] = [
  { name: 'Northmoor Community Pantry', organisation: 'Northmoor Community Pantry', description: 'Low-cost groceries for members: pay £4 a week and choose food worth much more. Open to anyone living in Northmoor.', street: '3 Mill Lane', postcode: 'NM1 4AB' },
  { name: 'Carers drop-in', organisation: 'Northmoor Carers Network', description: 'A friendly drop-in for unpaid carers: a cup of tea, advice on carers allowance and breaks, and other carers to talk to.', street: 'The Old Library, Church Street', postcode: 'NM1 2CD' },
  { name: 'Housing options advice', organisation: 'Northmoor Council', description: 'Advice if you are homeless or about to lose your home: emergency accommodation, rights as a tenant and help to find somewhere to live.', street: 'Town Hall, Market Square', postcode: 'NM1 1AA' },
  { name: 'Men\'s walking group', organisation: 'Northmoor Mind', description: 'A gentle weekly walk and a chat for men feeling low, stressed or isolated. No need to book.', street: 'Northmoor Park gates, Park Road', postcode: 'NM2 6EF' },
  { name: 'Debt and money advice', organisation: 'Citizens Advice Northmoor', description: 'Free, confidential help with debts, budgeting, benefits and energy bills, by appointment or by phone.', street: '14 High Street', postcode: 'NM1 3GH' },
  { name: 'Toddler stay and play', organisation: 'Northmoor Family Hub', description: 'Play sessions for children under 5 with their parents or carers, with health visitors on hand on Thursdays.', street: 'Family Hub, School Lane', postcode: 'NM2 5JK' },
];

/** Seed the demo council's subscription to Northmoor's feed, once. */
export async function seedFederationDemo(db: Db, councilId: string): Promise<void> {
  if ((await listFeeds(db, councilId)).length) return;
  const feedId = localId(DEMO_FEED.id, councilId); // one per council, stable
  await insertFeed(db, { councilId, id: feedId, url: DEMO_FEED.url, name: DEMO_FEED.name });
  const feed = (await getFeed(db, councilId, feedId))!;

  const own = await getFullServices(db, councilId, await ownServicesAtPlaces(db, councilId, 3));
  const anchor = own.flatMap((s) => s.service_at_locations ?? []).find((sal) => sal.location?.latitude !== undefined)?.location;
  const [lat, lng] = [Number(anchor?.latitude ?? 51.5) + 0.06, Number(anchor?.longitude ?? -0.1)];
  const remote = (label: string) => localId(DEMO_FEED.id, `northmoor:${label}`);

  const theirs = NORTHMOOR_SERVICES.map((s, i) => ({
    id: remote(`service-${i}`),
    name: s.name,
    description: s.description,
    status: 'active',
    organization: { id: remote(`org-${s.organisation}`), name: s.organisation, description: `${s.organisation}, listed in Northmoor Council's directory.` },
    service_at_locations: [
      {
        id: remote(`sal-${i}`),
        location: {
          id: remote(`location-${i}`),
          location_type: 'physical',
          name: s.street.split(',')[0],
          latitude: Math.round((lat + (i % 3) * 0.004) * 1e6) / 1e6,
          longitude: Math.round((lng + Math.floor(i / 3) * 0.006) * 1e6) / 1e6,
          addresses: [{ id: remote(`address-${i}`), address_1: s.street, city: 'Northmoor', state_province: 'Northmoorshire', postal_code: s.postcode, country: 'GB', address_type: 'physical' }],
        },
      },
    ],
  }));
  // The same services as three of the council's own, as Northmoor words them: shown once.
  const copies = own.map((s, i) => {
    const copy = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
    copy.id = remote(`copy-${i}`);
    copy.name = String(s.name).replace(/ and /g, ' & ').toLowerCase().replace(/^./, (c) => c.toUpperCase());
    delete copy.metadata;
    return copy;
  });
  await importAsPulled(db, feed, [...theirs, ...copies]);
  await markDemoPulled(db, councilId, feedId);
}
