import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import type { Db, Queryable } from '../../../platform/db/db.js';
import { recordEvents, type HearthEvent } from '../../../platform/events/outbox.js';
import { recordImportedVersions } from '../editing/import-versions.js';
import { reindexServices } from '../search/index-builder.js';
import { existingIds } from '../sql/oruk-read.js';
import { deferReferenceChecks, prepareServices, refreshPlannerStatistics, SharedRowsWritten, upsertTaxonomies, writePreparedServices, WRITE_BATCH, type PreparedBatch } from '../sql/oruk-write.js';
import type { Service, Taxonomy } from './schemas.js';
import { ImportRegistry, validateService, validateTaxonomy, type OrukProblem } from './validate.js';

/**
 * Import Open Referral UK 3.0 services: from a JSON file, a parsed JSON value, or an ORUK feed
 * URL. All or nothing, in ONE transaction:
 *
 * - Each service is validated (oruk/validate.ts) and, while none has had a problem, written in
 *   batches with its search index rows and outbox events. Validation and writing overlap: the
 *   next batch is read, parsed and checked while the database writes the previous one.
 * - A problem in any record stops the writing; the rest is still read so that `OrukImportError`
 *   lists every problem with its JSON path. The transaction is then rolled back: a failure, or a
 *   killed process, leaves the database exactly as it was before the import.
 * - Locations and taxonomy terms named only by id may be defined later in the same import or
 *   already be in the directory; any other is a problem, found before commit (and the
 *   database checks them again at commit: migration 005).
 *
 * Idempotent by id: importing the same data again updates the services in place.
 *
 * Large files: a file holding a JSON array (the export format) is streamed element by element,
 * so memory holds about one batch of services rather than the whole file (a 100k-service file
 * is some hundreds of MB). Any other file (one service, or one paged list) is read with
 * JSON.parse, which is fine for what such files hold.
 */

export class OrukImportError extends Error {
  constructor(
    message: string,
    readonly problems: OrukProblem[],
  ) {
    super(message);
    this.name = 'OrukImportError';
  }
}

export interface ImportOptions {
  /**
   * Services written so far, of `total`: exact when the source's size is known (a value, a feed,
   * a small file), estimated from the bytes read for a streamed file, exact again at the end.
   * For a feed, also called while fetching.
   */
  onProgress?(done: number, total?: number): void;
  /** The fetch to use for URLs (tests, proxies). Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Services per page asked of a feed. */
  perPage?: number;
  /** Full services fetched from a feed at once. */
  concurrency?: number;
  /** Services per write batch (and per reindex and event statement). */
  batchSize?: number;
  /** Taxonomies to write with the services (the ORUK tables' taxonomies.csv), already validated. */
  taxonomies?: Taxonomy[];
  /**
   * The services given as a value are the caller's to give away (a federation pull's freshly
   * parsed pages): they are normalised in place rather than copied.
   */
  valuesOwned?: boolean;
  /** Last work inside the import's transaction once everything is written (an audit entry of who imported what). */
  beforeCommit?(tx: Queryable, result: ImportResult): Promise<void>;
}

export interface ImportResult {
  created: number;
  updated: number;
  total: number;
}

/** Where the services come from. */
interface ServiceSource {
  /** The raw services with their JSON paths. */
  items(): AsyncIterable<{ value: unknown; path: string }>;
  /** How many services there are, when known before reading them. */
  count?: number;
  /** How much of the source has been read (0..1), when the count is not known. */
  fractionRead?(): number;
  /** Taxonomies that come with the services (a feed's `/taxonomies`), already validated. */
  taxonomies?: Taxonomy[];
}

export async function importOruk(db: Db, councilId: string, source: unknown, options: ImportOptions = {}): Promise<ImportResult> {
  const batchSize = options.batchSize ?? WRITE_BATCH;
  const problems: OrukProblem[] = [];
  const resolved = await resolveSource(source, options, problems);
  // Parsed here (a file or a feed), or given away: ours to normalise in place, sparing a copy of everything.
  const owned = typeof source === 'string' || options.valuesOwned === true;

  return db.transaction(async (tx) => {
    await deferReferenceChecks(tx);
    if (resolved.taxonomies?.length) await upsertTaxonomies(tx, councilId, resolved.taxonomies);
    if (options.taxonomies?.length) await upsertTaxonomies(tx, councilId, options.taxonomies);

    const registry = new ImportRegistry();
    const written = new SharedRowsWritten();
    let read = 0;
    const estimate = (): number | undefined => {
      if (resolved.count !== undefined) return resolved.count;
      const fraction = resolved.fractionRead?.() ?? 0;
      return fraction > 0 ? Math.max(read, Math.round(read / fraction)) : undefined;
    };
    const writer = new BatchWriter(tx, councilId, (done) => options.onProgress?.(done, estimate()));
    options.onProgress?.(0, resolved.count);

    // One batch is written while the next is read and validated.
    let writing: Promise<void> = Promise.resolve();
    let batch: Service[] = [];
    for await (const { value, path } of resolved.items()) {
      // Let the database's answers in now and then: parsing runs from memory without ever
      // waiting, and the database would otherwise sit idle until a whole file chunk is done.
      if (++read % YIELD_EVERY === 0) await turn();
      const checked = validateService(value, path, registry, { inPlace: owned });
      if (checked.problems.length) problems.push(...checked.problems);
      // After the first problem nothing more is written; reading on finds every other problem.
      if (problems.length || !checked.service) continue;
      batch.push(checked.service);
      if (batch.length >= batchSize) {
        // Flattened and serialised before waiting for the previous batch: Node's share of the
        // work overlaps the database's.
        const prepared = await prepareServices(batch, written, turn);
        await writing;
        writing = writer.write(batch, prepared);
        writing.catch(() => {}); // handled at the next await; this only stops an "unhandled rejection" meanwhile
        batch = [];
      }
    }
    await writing;
    if (problems.length) throw importError(problems);
    if (batch.length) await writer.write(batch, await prepareServices(batch, written));

    await writer.finish(registry.unresolved(), options.beforeCommit);
    options.onProgress?.(writer.result.total, writer.result.total);
    return writer.result;
  });
}

/**
 * Services validated and made ready to write before their transaction begins (`checkServices`),
 * so a caller can check the next batch while the database writes this one (a federation pull).
 * Written by `importChecked`, all or nothing, as `importOruk` writes.
 */
export interface CheckedServices {
  /** Every problem found, by JSON path (`$[i]...`, i the index in the values checked). */
  problems: OrukProblem[];
  /** The services, normalised (none when there are problems). */
  services: Service[];
  /** The services flattened and serialised as the write statements' parameters. */
  prepared: PreparedBatch[];
  /** Locations and terms named only by id and defined nowhere among them: the database must have them. */
  unresolved: ReturnType<ImportRegistry['unresolved']>;
}

/**
 * Validate services as `importOruk` does (with the rules across an import) and, when none has
 * a problem, flatten and serialise them for writing. Node's work only: nothing is read or
 * written. `valuesOwned`: the values are normalised in place rather than copied.
 */
export async function checkServices(values: unknown[], options: { valuesOwned?: boolean } = {}): Promise<CheckedServices> {
  const registry = new ImportRegistry();
  const problems: OrukProblem[] = [];
  const services: Service[] = [];
  for (let i = 0; i < values.length; i++) {
    if ((i + 1) % YIELD_EVERY === 0) await turn();
    const checked = validateService(values[i], `$[${i}]`, registry, { inPlace: options.valuesOwned === true });
    if (checked.problems.length) problems.push(...checked.problems);
    else if (checked.service) services.push(checked.service);
  }
  if (problems.length) return { problems, services: [], prepared: [], unresolved: registry.unresolved() };
  return { problems, services, prepared: await prepareServices(services, new SharedRowsWritten(), turn), unresolved: registry.unresolved() };
}

/**
 * Write services checked by `checkServices` (without problems) in one transaction, exactly as
 * `importOruk` writes: search index rows, versions of listings with a history, outbox events,
 * and the references left unresolved checked against the database (a problem throws
 * `OrukImportError` and nothing is written).
 */
export async function importChecked(db: Db, councilId: string, checked: CheckedServices): Promise<ImportResult> {
  if (checked.problems.length) throw importError(checked.problems);
  return db.transaction(async (tx) => {
    await deferReferenceChecks(tx);
    const writer = new BatchWriter(tx, councilId);
    for (let i = 0, start = 0; i < checked.prepared.length; i++) {
      const prepared = checked.prepared[i];
      const count = prepared.serviceIds.length;
      await writer.write(checked.services.slice(start, start + count), [prepared]);
      start += count;
    }
    await writer.finish(checked.unresolved);
    return writer.result;
  });
}

/** Writes an import's batches inside its transaction: the services, then what follows from them. */
class BatchWriter {
  readonly result: ImportResult = { created: 0, updated: 0, total: 0 };
  /** Words already in the typo vocabulary from this import. */
  private readonly knownWords = new Set<string>();

  constructor(
    private readonly tx: Queryable,
    private readonly councilId: string,
    private readonly onWritten?: (done: number) => void,
  ) {}

  async write(batch: Service[], prepared: PreparedBatch[]): Promise<void> {
    const { tx, councilId, result } = this;
    const { created, updated } = await writePreparedServices(tx, councilId, prepared);
    // Plans made while the tables looked empty would make the rest of a large import quadratic.
    if (result.total === 0) await refreshPlannerStatistics(tx);
    // Only services that existed before have index rows to replace.
    await reindexServices(tx, councilId, [...created, ...updated], { fresh: new Set(created), knownWords: this.knownWords });
    // Listings edited in Hearth keep their history across imports.
    await recordImportedVersions(tx, councilId, batch);
    const names = new Map(batch.map((s) => [s.id, s.name]));
    const event = (type: string) => (id: string): HearthEvent => ({ councilId, type, subject: id, data: { name: names.get(id) } });
    await recordEvents(tx, [...created.map(event('directory.service.created')), ...updated.map(event('directory.service.updated'))]);
    result.created += created.length;
    result.updated += updated.length;
    result.total += batch.length;
    this.onWritten?.(result.total);
  }

  /** Locations and terms named only by id, defined nowhere in the import, must be in the directory. */
  async finish(unresolved: ReturnType<ImportRegistry['unresolved']>, beforeCommit?: ImportOptions['beforeCommit']): Promise<void> {
    const { tx, councilId } = this;
    const problems: OrukProblem[] = [];
    const { locations, terms } = unresolved;
    const haveLocations = await existingIds(tx, councilId, 'location', [...locations.keys()]);
    const haveTerms = await existingIds(tx, councilId, 'taxonomy_term', [...terms.keys()]);
    for (const [id, path] of locations) if (!haveLocations.has(id)) problems.push({ path, reason: `names location ${id}, which is neither in this import nor in the directory` });
    for (const [id, path] of terms) if (!haveTerms.has(id)) problems.push({ path, reason: `names taxonomy term ${id}, which is neither in this import nor in the directory` });
    if (problems.length) throw importError(problems);
    await beforeCommit?.(tx, this.result);
  }
}

function importError(problems: OrukProblem[]): OrukImportError {
  const records = new Set(problems.map((p) => /^\$(\[[^\]]*\]|\.contents\[\d+\])?/.exec(p.path)?.[0] ?? p.path)).size;
  return new OrukImportError(
    `The ORUK data has ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${records} record${records === 1 ? '' : 's'}; nothing was imported.`,
    problems,
  );
}

/** Services parsed between turns of the event loop. */
const YIELD_EVERY = 4;

/** Let the event loop turn: the database's answers are handled, and its next statement sent. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const isUrl = (s: string) => /^https?:\/\//i.test(s);

async function resolveSource(source: unknown, options: ImportOptions, problems: OrukProblem[]): Promise<ServiceSource> {
  if (typeof source === 'string') {
    if (isUrl(source)) return fetchFeed(source, options, problems);
    return fileSource(source);
  }
  return valueSource(source);
}

/** An array of services, a paged list (`{ contents: [...] }`), or one service. */
function valueSource(value: unknown): ServiceSource {
  let list: unknown[];
  let base: string;
  if (Array.isArray(value)) [list, base] = [value, '$'];
  else if (isPage(value)) [list, base] = [value.contents, '$.contents'];
  else return { count: 1, items: async function* () { yield { value, path: '$' }; } };
  return {
    count: list.length,
    items: async function* () {
      for (let i = 0; i < list.length; i++) yield { value: list[i], path: `${base}[${i}]` };
    },
  };
}

const isPage = (v: unknown): v is { contents: unknown[] } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as { contents?: unknown }).contents);

async function fileSource(path: string): Promise<ServiceSource> {
  if ((await firstSignificantByte(path)) !== 0x5b /* [ */) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      if (error instanceof SyntaxError) throw new OrukImportError(`${path} is not valid JSON: ${error.message}`, [{ path: '$', reason: `is not valid JSON: ${error.message}` }]);
      throw error;
    }
    return valueSource(value);
  }
  const size = (await stat(path)).size;
  const progress = { bytesRead: 0 };
  return { items: () => streamArray(path, progress), fractionRead: () => (size ? progress.bytesRead / size : 1) };
}

async function firstSignificantByte(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    for (let i = 0; i < bytesRead; i++) {
      const b = buffer[i];
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      if (b === 0xef && buffer[i + 1] === 0xbb && buffer[i + 2] === 0xbf) {
        i += 2; // UTF-8 byte order mark
        continue;
      }
      return b;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * The elements of the JSON array in a file, parsed one at a time. The scanner only tracks
 * strings and nesting to find where each element ends; JSON.parse does the real parsing.
 * Structural bytes are ASCII, so multi-byte UTF-8 never confuses it.
 */
async function* streamArray(path: string, progress: { bytesRead: number }): AsyncGenerator<{ value: unknown; path: string }> {
  let index = 0;
  let opened = false;
  let closed = false;
  let depth = 0; // nesting inside the current element
  let inElement = false;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  const finish = (chunk: Buffer, start: number, end: number) => {
    parts.push(chunk.subarray(start, end));
    const text = Buffer.concat(parts).toString('utf8');
    parts = [];
    inElement = false;
    const where = `$[${index++}]`;
    try {
      return { value: JSON.parse(text) as unknown, path: where };
    } catch (error) {
      throw new OrukImportError('The file is not valid JSON; nothing was imported.', [{ path: where, reason: `is not valid JSON: ${(error as Error).message}` }]);
    }
  };
  const syntax = (reason: string) => new OrukImportError('The file is not valid JSON; nothing was imported.', [{ path: `$[${index}]`, reason }]);

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    progress.bytesRead += chunk.length;
    let start = inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
        continue;
      }
      if (!opened) {
        if (b === 0x5b) opened = true;
        else if (b === 0xef || b === 0xbb || b === 0xbf) continue; // byte order mark
        else if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) throw syntax('the file must hold a JSON array');
        continue;
      }
      if (closed) {
        if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) throw syntax('unexpected data after the end of the array');
        continue;
      }
      if (!inElement) {
        if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x2c) continue;
        if (b === 0x5d) {
          closed = true;
          continue;
        }
        inElement = true;
        start = i;
        depth = 0;
      }
      if (b === 0x22) inString = true;
      else if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) {
        if (depth === 0) {
          // `]` ending the array right after a bare value
          yield finish(chunk, start, i);
          closed = true;
          continue;
        }
        depth--;
        if (depth === 0) yield finish(chunk, start, i + 1);
      } else if (b === 0x2c && depth === 0) yield finish(chunk, start, i);
    }
    if (inElement) parts.push(chunk.subarray(start));
  }
  if (!opened || !closed) throw syntax('the file ends before the JSON array does');
}

// --- feeds ----------------------------------------------------------------------------------

const DEFAULT_PER_PAGE = 200;
const MAX_PAGES = 100_000;

/**
 * An ORUK feed: `/services` paged through (following `total_pages`), then every full service
 * from `/services/{id}`, a few at a time. The feed's `/taxonomies` come too when it has them.
 */
async function fetchFeed(url: string, options: ImportOptions, problems: OrukProblem[]): Promise<ServiceSource> {
  const base = url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const perPage = options.perPage ?? DEFAULT_PER_PAGE;

  const ids: string[] = [];
  const seen = new Set<string>();
  for (let page = 1, pages = 1; page <= pages && page <= MAX_PAGES; page++) {
    const listUrl = `${base}/services?page=${page}&per_page=${perPage}`;
    const body = await getJson(doFetch, listUrl);
    if (!isPage(body)) throw new Error(`${listUrl} did not answer with an ORUK page (an object with "contents")`);
    const totalPages = (body as { total_pages?: unknown }).total_pages;
    pages = typeof totalPages === 'number' && Number.isFinite(totalPages) ? totalPages : page;
    if (body.contents.length === 0) break;
    body.contents.forEach((item, i) => {
      const id = (item as { id?: unknown })?.id;
      if (typeof id !== 'string' || !id) {
        problems.push({ path: `$['${listUrl}'].contents[${i}].id`, reason: 'is required: each service in the list needs its id' });
      } else if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    });
  }

  const services = new Array<{ value: unknown; path: string }>(ids.length);
  let done = 0;
  await eachLimited(ids, options.concurrency ?? 8, async (id, i) => {
    const serviceUrl = `${base}/services/${encodeURIComponent(id)}`;
    services[i] = { value: await getJson(doFetch, serviceUrl), path: `$['${serviceUrl}']` };
    options.onProgress?.(++done, ids.length);
  });

  const taxonomies: Taxonomy[] = [];
  for (let page = 1, pages = 1; page <= pages && page <= MAX_PAGES; page++) {
    const listUrl = `${base}/taxonomies?page=${page}&per_page=${perPage}`;
    const body = await getJson(doFetch, listUrl, true);
    if (!isPage(body) || body.contents.length === 0) break; // no taxonomies published: terms come with services
    const totalPages = (body as { total_pages?: unknown }).total_pages;
    pages = typeof totalPages === 'number' ? totalPages : page;
    body.contents.forEach((item, i) => {
      const result = validateTaxonomy(item, `$['${listUrl}'].contents[${i}]`);
      if (result.taxonomy) taxonomies.push(result.taxonomy);
      problems.push(...result.problems);
    });
  }

  return {
    count: services.length,
    items: async function* () {
      yield* services;
    },
    taxonomies,
  };
}

/** GET a JSON document, retrying twice on network errors and 5xx. `optional`: undefined on 404/501 rather than an error. */
async function getJson(doFetch: typeof fetch, url: string, optional = false): Promise<unknown> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    let response: Response;
    try {
      response = await doFetch(url, { headers: { accept: 'application/json' } });
    } catch (error) {
      lastError = error;
      continue;
    }
    if (optional && (response.status === 404 || response.status === 501)) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      lastError = new Error(`${url} answered ${response.status}`);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${url} answered ${response.status} ${response.statusText}`);
    }
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${url} did not answer with JSON`);
    }
  }
  throw new Error(`Could not fetch ${url}: ${(lastError as Error)?.message ?? lastError}`);
}

/** Run `work` over `items` with at most `limit` running at once; the first failure rejects. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await work(items[i], i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
