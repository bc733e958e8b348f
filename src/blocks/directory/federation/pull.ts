import type { Db } from '../../../platform/db/db.js';
import { recordEvents } from '../../../platform/events/outbox.js';
import { checkServices, importChecked, OrukImportError, type CheckedServices } from '../oruk/import.js';
import { reindexServices } from '../search/index-builder.js';
import {
  claimFeed,
  endServicesGoneUpstream,
  forgetUnimported,
  recordPullFailure,
  recordPullSuccess,
  recordSeen,
  type FeedRow,
  type SkippedService,
} from '../sql/feeds.js';
import { FeedClient, FeedError, type FeedClientOptions } from './feed-client.js';
import { matchServices, OtherSources } from './matching.js';
import { feedNamespace, IdMap, namespaceIds, withSourceNote } from './namespace.js';

/**
 * One pull of one subscribed feed into its council's directory.
 *
 * - `/services` is read page by page (`per_page` bounded, each page's size bounded by the
 *   client), with `modified_after` the start of the last successful pull; a first pull, and the
 *   weekly reconciliation, read everything. Where the list gives summaries, each full service
 *   is fetched from `/services/{id}`, a few at a time.
 * - Services are namespaced (federation/namespace.ts), marked with their source, and imported in
 *   batches through the ORUK importer (validation, search index, outbox events), each batch in
 *   its own transaction. A service that fails validation is skipped and reported; the others
 *   are imported. A batch is written while the next pages are read (`BatchWriter`: at most two
 *   batches held), so the feed's answers, their parsing and the database's work overlap.
 * - Each batch is matched against the council's other sources (federation/matching.ts), unless
 *   the council holds nothing from any other source.
 * - A failure part-way (the feed goes down, answers garbage) keeps everything imported before
 *   and in earlier batches; it never deletes. The feed's next try is put off with exponential
 *   back-off and the failure recorded in words for the feeds page.
 * - A full pull ends (status 'defunct') the services the feed no longer lists.
 * - One pull at a time per feed, across processes (`claimFeed`).
 */

export interface PullOptions {
  client?: FeedClientOptions;
  /** Read the whole feed (and end what it no longer lists), whatever the last pull was. */
  full?: boolean;
  /** Services per page asked of the feed. */
  perPage?: number;
  /** Full services fetched at once. */
  concurrency?: number;
  /** Services per import transaction. */
  batchSize?: number;
  onProgress?(done: number, total?: number): void;
}

export interface PullOutcome {
  feedId: string;
  status: 'pulled' | 'failed' | 'busy';
  full: boolean;
  /** Services created or updated. */
  imported: number;
  skipped: SkippedService[];
  /** Services ended because the feed no longer lists them. */
  ended: number;
  /** Services found to be another listing of a service already shown. */
  matched: number;
  error?: string;
}

export const DEFAULT_PULL_PER_PAGE = 100;
const DEFAULT_BATCH = 2000;
const DEFAULT_CONCURRENCY = 8;
/** Services namespaced between turns of the event loop. */
const YIELD_EVERY = 25;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** A full reconciliation at least this often. */
export const FULL_PULL_EVERY_MS = 7 * 24 * 3600_000;
/** Far more than any real directory: a feed claiming more pages is broken or hostile. */
const MAX_PAGES = 20_000;
const MAX_SERVICES = 1_000_000;
/** A pull claimed longer ago than this belonged to a process that died. */
const CLAIM_EXPIRES_MS = 3 * 3600_000;
/** Back-off after failures: 5 minutes, doubling, at most a day. */
const BACKOFF_BASE_MS = 5 * 60_000;
const BACKOFF_MAX_MS = 24 * 3600_000;
/** Skipped services remembered for the feeds page. */
const MAX_SKIPPED_KEPT = 50;
/** Asked from just before the last pull started: a record changed while it ran is not missed. */
const MODIFIED_AFTER_MARGIN_MS = 5 * 60_000;

export function backoffMs(failuresBefore: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failuresBefore, 20));
}

/** ORUK fields only a full service carries: a list item with any of them is taken as full. */
const FULL_ONLY = ['service_at_locations', 'phones', 'schedules', 'contacts', 'languages', 'cost_options', 'service_areas', 'attributes', 'funding', 'required_documents'];
const looksFull = (item: Record<string, unknown>) => FULL_ONLY.some((key) => Array.isArray(item[key]));

export async function pullFeed(db: Db, feed: FeedRow, options: PullOptions = {}): Promise<PullOutcome> {
  const full = options.full === true || !feed.last_success_at || !feed.last_full_pull_at || Date.now() - new Date(feed.last_full_pull_at).getTime() >= FULL_PULL_EVERY_MS;
  const outcome: PullOutcome = { feedId: feed.id, status: 'pulled', full, imported: 0, skipped: [], ended: 0, matched: 0 };
  if (!(await claimFeed(db, feed.council_id, feed.id, CLAIM_EXPIRES_MS))) return { ...outcome, status: 'busy' };
  const startedAt = new Date();
  try {
    await pullPages(db, feed, options, full, outcome);
    if (full) {
      const ended = await db.transaction(async (tx) => {
        const gone = await endServicesGoneUpstream(tx, feed.council_id, feed.id, startedAt);
        await reindexServices(tx, feed.council_id, gone.map((g) => g.id));
        await recordEvents(tx, gone.map((g) => ({ councilId: feed.council_id, type: 'directory.service.ended', subject: g.id, data: { name: g.name, reason: 'no longer in the source feed' } })));
        return gone;
      });
      outcome.ended = ended.length;
    }
    await recordPullSuccess(db, feed.council_id, feed.id, { startedAt, full, skipped: outcome.skipped.slice(0, MAX_SKIPPED_KEPT), nextAttemptAt: new Date() });
    return outcome;
  } catch (error) {
    const words = error instanceof FeedError ? error.message : `the pull stopped: ${(error as Error)?.message ?? error}`;
    await recordPullFailure(db, feed.council_id, feed.id, words, new Date(Date.now() + backoffMs(feed.consecutive_failures)));
    return { ...outcome, status: 'failed', error: words };
  }
}

interface Entry {
  remoteId: string;
  name?: string;
  value: unknown;
  serviceId: string;
}

async function pullPages(db: Db, feed: FeedRow, options: PullOptions, full: boolean, outcome: PullOutcome): Promise<void> {
  const client = new FeedClient(feed.url, options.client);
  const ids = new IdMap(feedNamespace(feed.id));
  const perPage = Math.min(Math.max(options.perPage ?? DEFAULT_PULL_PER_PAGE, 1), 1000);
  const modifiedAfter = full || !feed.last_success_at ? undefined : new Date(new Date(feed.last_success_at).getTime() - MODIFIED_AFTER_MARGIN_MS);
  const pulledOn = new Date().toISOString().slice(0, 10);
  const seen = new Set<string>();
  const writer = new BatchWriter(db, feed, outcome, options.batchSize ?? DEFAULT_BATCH);
  let read = 0;

  try {
    await readPages();
  } catch (error) {
    // What the pages before the failure brought is kept: import it, then report the failure.
    await writer.finish().catch(() => {});
    throw error;
  }
  await writer.finish();

  async function readPages(): Promise<void> {
    for (let page = 1, pages = 1; page <= pages; page++) {
      if (page > MAX_PAGES) throw new FeedError(`${feed.url} lists more than ${MAX_PAGES} pages of services, more than Hearth pulls from one feed`, 'too_large');
      // A batch that failed to write stops the reading: there is no point fetching more.
      writer.throwIfFailed();
      const list = await client.servicesPage(page, perPage, modifiedAfter);
      pages = list.totalPages ?? (list.contents.length ? page + 1 : page);
      if (!list.contents.length) break;
      const items = list.contents.map((item, i) => readItem(item, `${feed.url}/services?page=${page} item ${i + 1}`, outcome));
      const wanted = items.filter((item): item is ListItem => item !== undefined && !seen.has(item.remoteId));
      for (const item of wanted) seen.add(item.remoteId);
      if (seen.size > MAX_SERVICES) throw new FeedError(`${feed.url} lists more than ${MAX_SERVICES} services, more than Hearth pulls from one feed`, 'too_large');

      const services = await eachLimited(wanted, options.concurrency ?? DEFAULT_CONCURRENCY, async (item) => {
        if (looksFull(item.value)) return item.value;
        try {
          return await client.service(item.remoteId);
        } catch (error) {
          // One broken record is the record's problem; the feed being down is the pull's.
          if (error instanceof FeedError && ['status', 'malformed', 'too_large', 'content_type'].includes(error.kind)) {
            outcome.skipped.push({ remoteId: item.remoteId, name: item.name, reason: error.message });
            return undefined;
          }
          throw error;
        }
      });
      const entries: Entry[] = [];
      for (let i = 0; i < services.length; i++) {
        // Let the database's answers in now and then: the batch being written waits for its
        // next statement while this runs.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await turn();
        const service = services[i];
        if (service === undefined) continue;
        const item = wanted[i];
        if (typeof service !== 'object' || service === null || Array.isArray(service) || (service as { id?: unknown }).id !== item.remoteId) {
          outcome.skipped.push({ remoteId: item.remoteId, name: item.name, reason: `/services/${item.remoteId} did not answer with that service` });
          continue;
        }
        // Parsed from this pull's own answers: namespaced in place.
        entries.push(entryFor(feed, ids, item.remoteId, service as Record<string, unknown>, pulledOn, true));
      }
      read += list.contents.length;
      options.onProgress?.(read, list.totalItems);
      await writer.add(entries);
    }
  }
}

/**
 * Batches written while the next is read: `add` hands a full batch to the database and returns
 * at once, so the feed's next pages are fetched, parsed, namespaced, validated and made ready
 * to write (flattened and serialised) while it is written; it waits only when the next batch
 * is ready before the last is written. So at most two batches (and the page being read) are
 * held at once, whatever the feed's size, and the database never waits for Node to validate a
 * batch. Batches are written one after the other, each in its own transaction, in the feed's
 * order.
 */
class BatchWriter {
  private batch: Entry[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private readonly otherSources: OtherSources;

  constructor(
    private readonly db: Db,
    private readonly feed: FeedRow,
    private readonly outcome: PullOutcome,
    private readonly batchSize: number,
  ) {
    this.otherSources = new OtherSources(db, feed.council_id, feed.id);
  }

  async add(entries: Entry[]): Promise<void> {
    for (const entry of entries) this.batch.push(entry);
    if (this.batch.length < this.batchSize) return;
    await this.startNext();
  }

  /** The last batch written, and every write finished; rejects with the first write's failure. */
  async finish(): Promise<void> {
    await this.writing;
    this.throwIfFailed();
    await this.startNext();
    await this.writing;
    this.throwIfFailed();
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Check the batch held (Node's work, while the previous batch is written), then write it once the previous is done. */
  private async startNext(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (!batch.length) return;
    const checked = await checkEntries(batch);
    await this.writing;
    this.throwIfFailed();
    // Never rejects: a failure is kept and thrown to the reader at its next step.
    this.writing = this.write(batch, checked).catch((error: unknown) => {
      this.failure ??= { error };
    });
  }

  private async write(batch: Entry[], checked: CheckedServices): Promise<void> {
    const imported = await importBatch(this.db, this.feed, batch, this.outcome, checked);
    this.outcome.imported += imported.length;
    if (await this.otherSources.exist()) this.outcome.matched += await matchServices(this.db, this.feed.council_id, imported);
  }
}

/** Entries' services validated and made ready to write. Their values are this pull's own copies, normalised in place (again in a later round: it changes nothing). */
const checkEntries = (entries: Entry[]) => checkServices(entries.map((e) => e.value), { valuesOwned: true });

/**
 * A remote service as it will be stored: namespaced, with its source noted. `owned`: the
 * service was parsed for this pull alone, and is namespaced in place rather than copied.
 */
function entryFor(feed: FeedRow, ids: IdMap, remoteId: string, service: Record<string, unknown>, pulledOn: string, owned = false): Entry {
  const note = { feedName: feed.name, serviceUrl: `${feed.url}/services/${encodeURIComponent(remoteId)}`, remoteId, pulledOn };
  const value = withSourceNote(namespaceIds(service, ids.namespace, ids, owned) as Record<string, unknown>, ids.namespace, note);
  return { remoteId, name: nameOf(service), value, serviceId: value.id as string };
}

/**
 * Import services as a pull of `feed` would (namespaced, marked, recorded as the feed's,
 * matched): for the demo, which has no other directory to reach. Returns the outcome's counts.
 */
export async function importAsPulled(db: Db, feed: FeedRow, services: Record<string, unknown>[]): Promise<PullOutcome> {
  const outcome: PullOutcome = { feedId: feed.id, status: 'pulled', full: true, imported: 0, skipped: [], ended: 0, matched: 0 };
  const ids = new IdMap(feedNamespace(feed.id));
  const pulledOn = new Date().toISOString().slice(0, 10);
  const imported = await importBatch(db, feed, services.map((s) => entryFor(feed, ids, String(s.id), s, pulledOn)), outcome);
  outcome.imported = imported.length;
  outcome.matched = await matchServices(db, feed.council_id, imported);
  return outcome;
}

interface ListItem {
  remoteId: string;
  name?: string;
  value: Record<string, unknown>;
}

function readItem(item: unknown, where: string, outcome: PullOutcome): ListItem | undefined {
  const value = item as Record<string, unknown>;
  const id = typeof item === 'object' && item !== null ? value.id : undefined;
  const name = typeof value?.name === 'string' ? value.name.slice(0, 200) : undefined;
  if (typeof id !== 'string' || !id.trim() || id.length > 200) {
    outcome.skipped.push({ remoteId: typeof id === 'string' ? id.slice(0, 200) : '', name, reason: `${where} has no usable id` });
    return undefined;
  }
  return { remoteId: id, name, value };
}

/**
 * Import one batch; services with problems are taken out and the rest checked and imported
 * again (the importer is all or nothing). `checked`: the batch already checked. Returns the
 * local ids imported.
 */
async function importBatch(db: Db, feed: FeedRow, entries: Entry[], outcome: PullOutcome, checked?: CheckedServices): Promise<string[]> {
  let pending = entries;
  let current = checked ?? (await checkEntries(pending));
  for (let round = 0; round < 5 && pending.length; round++) {
    // Recorded first: a service is never in the directory without its source (so never taken
    // for the council's own), even if the process stops between the two. Those with problems
    // too: one imported before stays held (seen) while its new copy is skipped.
    await recordSeen(db, feed.council_id, feed.id, pending.map((e) => ({ remoteId: e.remoteId, serviceId: e.serviceId })));
    let problems = current.problems;
    if (!problems.length) {
      try {
        await importChecked(db, feed.council_id, current);
        return pending.map((e) => e.serviceId);
      } catch (error) {
        if (!(error instanceof OrukImportError)) throw error;
        problems = error.problems;
      }
    }
    const bad = new Map<number, string>();
    for (const problem of problems) {
      const index = /^\$\[(\d+)\]/.exec(problem.path);
      if (!index) throw new FeedError(`the feed's data could not be imported: ${problem.reason}`, 'invalid');
      const i = Number(index[1]);
      if (!bad.has(i)) bad.set(i, `${problem.path.replace(/^\$\[\d+\]\.?/, '') || 'the service'} ${problem.reason}`);
    }
    for (const [i, reason] of bad) {
      const e = pending[i];
      outcome.skipped.push({ remoteId: e.remoteId, name: e.name ?? nameOf(e.value), reason });
    }
    const skippedIds = pending.filter((_, i) => bad.has(i)).map((e) => e.remoteId);
    await forgetUnimported(db, feed.council_id, feed.id, skippedIds);
    pending = pending.filter((_, i) => !bad.has(i));
    if (pending.length) current = await checkEntries(pending);
  }
  return [];
}

const nameOf = (value: unknown) => (typeof (value as { name?: unknown })?.name === 'string' ? ((value as { name: string }).name.slice(0, 200)) : undefined);

/** `work` over `items`, at most `limit` at once, results in order; the first failure rejects. */
async function eachLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
