import type { Db } from '../../../platform/db/db.js';
import { reindexServices } from '../search/index-builder.js';
import { holdsOwnServices, matchCandidates, otherFeedsHoldServices, matchesOf, serviceOrigins, splitMatch, unhideServices, writeMatches, type MatchCandidate } from '../sql/feeds.js';

/**
 * De-duplication: the same service arriving from several feeds, or already in the council's
 * own data, shows once. Two listings are the same service when they are at the same place (the
 * same postcode, or locations within ~100 m) and both their names and their organisations'
 * names are alike (pg_trgm trigram similarity, so "St Mary's Lunch Club" from one feed and
 * "St Marys lunch club" from another meet). A shared phone number or website is supporting
 * evidence: with it, less alike names are enough, and it alone (with very alike names) joins
 * services that have no place, such as helplines.
 *
 * A group of matches keeps one listing to show (the council's own if it has one, else the
 * one from the earliest feed) and lists the others as its sources; the others leave search.
 * A manager can split a wrong match; the pair is remembered and never joined again.
 */

export const MATCH_RADIUS_M = 100;

/** Name similarities needed (0..1), by the evidence of place. */
const ALIKE = { placeOnly: 0.5, placeAndContact: 0.35, contactOnly: 0.7 };

export interface MatchEvidence {
  serviceSimilarity: number;
  organisationSimilarity: number;
  samePostcode: boolean;
  distanceM?: number;
  samePhone: boolean;
  sameWebsite: boolean;
}

/** Whether a candidate pair is the same service, and why; undefined when it is not. */
export function judge(c: MatchCandidate): MatchEvidence | undefined {
  const place = c.same_postcode || (c.distance_m !== null && Number(c.distance_m) <= MATCH_RADIUS_M);
  const contact = c.same_phone || c.same_website;
  const needed = place ? (contact ? ALIKE.placeAndContact : ALIKE.placeOnly) : contact ? ALIKE.contactOnly : undefined;
  if (needed === undefined) return undefined;
  const service = Number(c.service_similarity);
  const organisation = Number(c.organisation_similarity);
  if (service < needed || organisation < needed) return undefined;
  return {
    serviceSimilarity: round(service),
    organisationSimilarity: round(organisation),
    samePostcode: c.same_postcode,
    ...(c.distance_m !== null ? { distanceM: Math.round(Number(c.distance_m)) } : {}),
    samePhone: c.same_phone,
    sameWebsite: c.same_website,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Match `serviceIds` (just pulled) against every other active service of the council, and
 * record the groups. Returns how many services are now shown under another.
 */
export async function matchServices(db: Db, councilId: string, serviceIds: string[]): Promise<number> {
  if (!serviceIds.length) return 0;
  const candidates = await matchCandidates(db, councilId, serviceIds, MATCH_RADIUS_M, Math.min(...Object.values(ALIKE)));
  const pairs: { a: string; b: string; evidence: MatchEvidence }[] = [];
  for (const c of candidates) {
    const evidence = judge(c);
    if (evidence) pairs.push({ a: c.service_id, b: c.other_id, evidence });
  }
  if (!pairs.length) return 0;

  // Groups: the new pairs joined with the groups their services are already in.
  const involved = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const first = await matchesOf(db, councilId, involved);
  const roots = [...new Set([...involved, ...first.values()])];
  const existing = await matchesOf(db, councilId, roots);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  const evidenceOf = new Map<string, MatchEvidence>();
  for (const [service, kept] of existing) union(service, kept);
  for (const p of pairs) {
    union(p.a, p.b);
    evidenceOf.set(p.a, p.evidence);
    evidenceOf.set(p.b, p.evidence);
  }
  const members = [...new Set([...parent.keys(), ...involved])];
  const groups = new Map<string, string[]>();
  for (const m of members) {
    const r = find(m);
    groups.set(r, [...(groups.get(r) ?? []), m]);
  }

  const origins = await serviceOrigins(db, councilId, members);
  const rank = (id: string): [number, number, number, string] => {
    const o = origins.get(id);
    if (!o?.feedId) return [0, 0, 0, id]; // the council's own listing is always the one shown
    return [1, o.feedCreatedAt ? new Date(o.feedCreatedAt).getTime() : 0, o.firstSeenAt ? new Date(o.firstSeenAt).getTime() : 0, id];
  };
  const before = (x: string, y: string) => {
    const [a, b] = [rank(x), rank(y)];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
  };

  const writes: { serviceId: string; keptId: string; evidence: unknown }[] = [];
  const changed = new Set<string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const kept = group.reduce((best, id) => (before(id, best) ? id : best));
    for (const id of group) {
      if (id === kept) continue;
      if (existing.get(id) !== kept) {
        writes.push({ serviceId: id, keptId: kept, evidence: evidenceOf.get(id) ?? {} });
        changed.add(id);
        changed.add(kept);
      }
    }
  }
  if (!writes.length) return 0;
  await db.transaction(async (tx) => {
    // A kept listing is never itself hidden.
    await unhideServices(tx, councilId, [...new Set(writes.map((w) => w.keptId))]);
    await writeMatches(tx, councilId, writes);
    // Hidden listings leave the search index; a newly kept one comes back into it.
    await reindexServices(tx, councilId, [...changed]);
  });
  return writes.length;
}

/**
 * Whether a pull of one feed has anything to match against: a service from another source
 * (the council's own listings, or another feed's). A first feed into a council with no
 * listings of its own — or a large national feed pulled before any other — has nothing, and
 * the search for candidates, whose cost grows with how crowded the feed's own places are, is
 * spared. The council's own listings are looked for once per pull (its own imports do not
 * match, so a pull has always been the one to find their duplicates); other feeds' services at
 * every batch until there are some, since another feed's pull may run beside this one.
 */
export class OtherSources {
  private own: Promise<boolean> | undefined;
  private others = false;

  constructor(
    private readonly db: Db,
    private readonly councilId: string,
    private readonly feedId: string,
  ) {}

  async exist(): Promise<boolean> {
    this.own ??= holdsOwnServices(this.db, this.councilId);
    if ((await this.own) || this.others) return true;
    this.others = await otherFeedsHoldServices(this.db, this.councilId, this.feedId);
    return this.others;
  }
}

/** A manager's split: the hidden service shows on its own again and the pair is never rejoined. */
export async function splitServices(db: Db, councilId: string, serviceId: string): Promise<{ serviceId: string; keptId: string } | undefined> {
  return db.transaction(async (tx) => {
    const split = await splitMatch(tx, councilId, serviceId);
    if (split) await reindexServices(tx, councilId, [split.serviceId, split.keptId]);
    return split;
  });
}
