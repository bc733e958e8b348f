import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/db.js';
import { recordEvents } from '../../../platform/events/outbox.js';
import { checkFetchUrl, SafeFetchError } from '../../../platform/http/safe-fetch.js';
import { recordAudit, type auditActor } from '../../identity/index.js';
import { reindexServices } from '../search/index-builder.js';
import { deleteFeedAndServices, findFeedById, getFeed, insertFeed, setFeedPaused, type FeedRow } from '../sql/feeds.js';
import { FeedClient, FeedError, type FeedClientOptions } from './feed-client.js';
import { splitServices } from './matching.js';

/**
 * Subscribing a council to another ORUK 3.0 feed, and the managers' other actions on
 * subscriptions (pause, remove, split a match), each written to the audit log.
 */

/** Who acts: a person on a page (`auditActor(request)`) or the command line. */
export type Actor = Omit<ReturnType<typeof auditActor>, 'councilId'>;

export const MAX_FEED_NAME = 120;
export const MAX_FEED_URL = 500;

export type AddFeedProblem = { field: 'url' | 'name'; reason: string };

/**
 * The feed's base address as we keep it: https, no query, fragment or trailing slash, and
 * without a trailing `/services` (people paste the list's address).
 */
export function normaliseFeedUrl(input: string): URL | AddFeedProblem {
  const trimmed = input.trim();
  if (!trimmed) return { field: 'url', reason: 'Enter the address of the feed' };
  if (trimmed.length > MAX_FEED_URL) return { field: 'url', reason: `The address must be ${MAX_FEED_URL} characters or fewer` };
  const checked = checkFetchUrl(trimmed);
  if (checked instanceof SafeFetchError) {
    return { field: 'url', reason: checked.message === 'not a URL' ? 'Enter a web address, like https://directory.example.gov.uk/api' : `The address cannot be used: ${checked.message}` };
  }
  checked.search = '';
  checked.hash = '';
  checked.pathname = checked.pathname.replace(/\/+$/, '').replace(/\/services$/, '');
  return checked;
}

const base = (url: URL) => url.toString().replace(/\/+$/, '');

/**
 * Check at once that an address serves ORUK 3.0: its root, when it answers, must not claim
 * another version, and `/services?per_page=1` must answer an ORUK page whose items have ids.
 * Resolves to a problem in words, or undefined when it looks right.
 */
export async function checkFeed(url: string, client: FeedClientOptions = {}): Promise<string | undefined> {
  const feed = new FeedClient(url, client);
  try {
    const root = await feed.getJson(url, 256 * 1024).catch((error: unknown) => {
      // Only a root that answers with something else than ORUK is a reason to refuse; many
      // feeds publish nothing at their root.
      if (error instanceof FeedError && ['address', 'url', 'connect', 'timeout'].includes(error.kind)) throw error;
      return undefined;
    });
    const version = (root as { version?: unknown } | undefined)?.version;
    if (typeof version === 'string' && !/^3(\.|$)/.test(version)) return `${url} says it serves Open Referral version ${version}; Hearth reads ORUK 3.0 feeds`;
    const page = await feed.servicesPage(1, 1);
    const first = page.contents[0] as { id?: unknown; name?: unknown } | undefined;
    if (first !== undefined && (typeof first?.id !== 'string' || typeof first?.name !== 'string')) {
      return `${url}/services does not list ORUK 3.0 services (each needs an id and a name)`;
    }
    return undefined;
  } catch (error) {
    if (error instanceof FeedError) return `${error.message.replace(/: it does not look like an ORUK 3\.0 feed$/, '')}. This is not an ORUK 3.0 feed Hearth can read`;
    throw error;
  }
}

export type AddFeedResult = { feed: FeedRow } | { problems: AddFeedProblem[] };

export async function addFeed(
  db: Db,
  councilId: string,
  input: { url: string; name?: string },
  actor: Actor,
  client: FeedClientOptions = {},
): Promise<AddFeedResult> {
  const problems: AddFeedProblem[] = [];
  const url = normaliseFeedUrl(input.url);
  if (!(url instanceof URL)) problems.push(url);
  const name = (input.name ?? '').trim() || (url instanceof URL ? url.hostname : '');
  if (name.length > MAX_FEED_NAME) problems.push({ field: 'name', reason: `The name must be ${MAX_FEED_NAME} characters or fewer` });
  if (problems.length || !(url instanceof URL)) return { problems };
  const address = base(url);
  const problem = await checkFeed(address, client);
  if (problem) return { problems: [{ field: 'url', reason: problem }] };
  const id = randomUUID();
  const added = await db.transaction(async (tx) => {
    if (!(await insertFeed(tx, { councilId, id, url: address, name }))) return false;
    await recordAudit(tx, { ...actor, councilId, action: 'directory.feed.added', target: name, detail: { feedId: id, url: address } });
    return true;
  });
  if (!added) return { problems: [{ field: 'url', reason: 'This council already subscribes to that feed' }] };
  return { feed: (await getFeed(db, councilId, id))! };
}

export async function pauseFeed(db: Db, councilId: string, feedId: string, paused: boolean, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const feed = await getFeed(tx, councilId, feedId);
    if (!feed || !(await setFeedPaused(tx, councilId, feedId, paused))) return false;
    await recordAudit(tx, { ...actor, councilId, action: paused ? 'directory.feed.paused' : 'directory.feed.resumed', target: feed.name, detail: { feedId } });
    return true;
  });
}

/**
 * Remove a subscription and the services it brought (with the organisations and places only
 * they used). Listings of other feeds that were shown under one of them show on their own again.
 */
export async function removeFeed(db: Db, councilId: string, feedId: string, actor: Actor): Promise<{ removed: number } | undefined> {
  return db.transaction(async (tx) => {
    const feed = await getFeed(tx, councilId, feedId);
    if (!feed) return undefined;
    const { deleted, released } = await deleteFeedAndServices(tx, councilId, feedId);
    await reindexServices(tx, councilId, released);
    await recordEvents(tx, deleted.map((s) => ({ councilId, type: 'directory.service.ended', subject: s.id, data: { name: s.name, reason: 'its source feed was removed' } })));
    await recordAudit(tx, { ...actor, councilId, action: 'directory.feed.removed', target: feed.name, detail: { feedId, url: feed.url, servicesRemoved: deleted.length } });
    return { removed: deleted.length };
  });
}

/** Remove by id alone (the command line), whichever council it belongs to. */
export async function removeFeedById(db: Db, feedId: string, actor: Actor): Promise<{ removed: number; feed: FeedRow } | undefined> {
  const feed = await findFeedById(db, feedId);
  if (!feed) return undefined;
  const result = await removeFeed(db, feed.council_id, feedId, actor);
  return result && { ...result, feed };
}

export async function splitMatchedService(db: Db, councilId: string, serviceId: string, actor: Actor): Promise<boolean> {
  const split = await splitServices(db, councilId, serviceId);
  if (!split) return false;
  await recordAudit(db, { ...actor, councilId, action: 'directory.feed.match_split', target: serviceId, detail: split });
  return true;
}
