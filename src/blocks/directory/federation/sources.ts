import type { Queryable } from '../../../platform/db/db.js';
import { isFederated, sourcesOf } from '../sql/feeds.js';

/** Where a listing shown to residents comes from, for "From Neighbour Council's directory". */
export interface ServiceSource {
  feedName: string;
  /** The source directory's address (the feed's site), for the link. */
  link: string;
  /** The service's own record in the source feed. */
  recordUrl: string;
  /** This is where the shown listing itself comes from (else a matched listing's source: "also listed in"). */
  own: boolean;
}

/**
 * Each shown service's sources: its own feed when it was pulled from one, and the feeds of the
 * listings matched to it. A service only in the council's own data with no match has none.
 */
export async function serviceSources(db: Queryable, councilId: string, serviceIds: string[]): Promise<Map<string, ServiceSource[]>> {
  const rows = await sourcesOf(db, councilId, serviceIds);
  const out = new Map<string, ServiceSource[]>();
  for (const row of rows) {
    const list = out.get(row.shown_as) ?? [];
    if (list.some((s) => s.feedName === row.feed_name)) continue;
    list.push({ feedName: row.feed_name, link: new URL(row.feed_url).origin, recordUrl: `${row.feed_url}/services/${encodeURIComponent(row.remote_id)}`, own: row.service_id === row.shown_as });
    out.set(row.shown_as, list);
  }
  return out;
}

/** Federated services are kept by their source: read-only to the council's editors. */
export function isFederatedService(db: Queryable, councilId: string, serviceId: string): Promise<boolean> {
  return isFederated(db, councilId, serviceId);
}
