import type { Queryable } from '../../../platform/db/db.js';
import { serviceCards, type SearchRow, type ServiceCard } from '../sql/search.js';
import { distanceMetres } from '../../../platform/geo/distance.js';
import { indexGeneration } from './candidates.js';
import { multirangeBounds, nextOpening } from './opening-hours.js';

/**
 * What each result shows, kept in memory per service until the council's index changes, so a
 * search answered from the candidate cache (candidates.ts) usually needs no query at all: a
 * page's services are mostly the same few thousand popular ones. Only what depends on the
 * request is worked out each time: the distance, the nearest place, and whether it is open now.
 */

const MAX_CARDS = 20_000;
/** Keyed by database object, council and service; Map order is least recently used first. */
const cards = new Map<string, { generation: string; card: ServiceCard; open: number[] }>();
const databaseIds = new WeakMap<Queryable, number>();
let nextDatabaseId = 1;


/** The rows of a page whose services and distances are chosen, in that order. */
export async function pageRows(
  db: Queryable,
  councilId: string,
  page: { serviceId: string; distanceM: number | null }[],
  centre: { lat: number; lng: number } | undefined,
  nowMinute: number,
): Promise<SearchRow[]> {
  if (!page.length) return [];
  const generation = await indexGeneration(db, councilId);
  const dbId = databaseIds.get(db) ?? (databaseIds.set(db, nextDatabaseId), nextDatabaseId++);
  const key = (id: string) => `${dbId}|${councilId}|${id}`;
  const missing = page.filter((r) => cards.get(key(r.serviceId))?.generation !== generation).map((r) => r.serviceId);
  for (const card of await serviceCards(db, councilId, missing)) {
    const open = multirangeBounds(card.open);
    cards.delete(key(card.service_id));
    cards.set(key(card.service_id), { generation, card, open });
  }
  while (cards.size > MAX_CARDS) cards.delete(cards.keys().next().value!);
  const rows: SearchRow[] = [];
  for (const r of page) {
    const held = cards.get(key(r.serviceId));
    // A service that left the index between ranking and now is simply not shown.
    if (!held) continue;
    const { card, open } = held;
    let place = card.places[0];
    if (centre && card.places.length > 1) {
      let best = Infinity;
      for (const p of card.places) {
        const d = distanceMetres(centre, p);
        if (d < best) [best, place] = [d, p];
      }
    }
    const opensNext = nextOpening(open, nowMinute);
    const openNow = opensNext === null && open.some((from, k) => k % 2 === 0 && from <= nowMinute && nowMinute < open[k + 1]);
    rows.push({
      service_id: card.service_id,
      name: card.name,
      summary: card.summary,
      organization_id: card.organization_id,
      organization_name: card.organization_name,
      distance_m: r.distanceM === null ? null : Math.round(r.distanceM),
      open_now: openNow,
      free: card.free,
      min_age: card.min_age,
      max_age: card.max_age,
      delivery: card.delivery,
      languages: card.languages,
      terms: card.terms,
      last_checked: card.last_checked,
      opens_next: opensNext,
      place_name: place?.name ?? null,
      place_address: place?.address ?? null,
      place_postcode: place?.postcode ?? null,
    });
  }
  return rows;
}
