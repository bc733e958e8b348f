import { SafeFetchError, safeFetcher, type SafeFetcher } from '../../../platform/http/safe-fetch.js';

/**
 * Reading another directory's ORUK 3.0 feed, only ever through the platform's safe fetch
 * (https, public addresses, redirects bounded, a time limit and a body limit per answer): a
 * feed is an address someone typed, and whatever answers it is untrusted. Every failure is a
 * `FeedError` whose message is written for a directory manager ("took longer than 30 seconds
 * to answer"), naming the address but never how our network looks from the inside.
 */

export interface FeedClientOptions {
  fetcher?: SafeFetcher;
  /** Per answer (a page of the list, or one service). */
  timeoutMs?: number;
  /** The most bytes one list page may have: memory per page stays bounded. */
  maxPageBytes?: number;
  /** The most bytes one full service may have. */
  maxServiceBytes?: number;
}

export const FEED_DEFAULTS = { timeoutMs: 30_000, maxPageBytes: 16 * 1024 * 1024, maxServiceBytes: 1024 * 1024 };

let defaults: FeedClientOptions = {};

/**
 * Tests only, never from configuration: the client options every feed client starts from (a
 * fetcher allowed to reach a test server on this machine, with its certificate).
 */
export function setFeedClientDefaultsForTests(options: FeedClientOptions): void {
  defaults = options;
}

export class FeedError extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
    this.name = 'FeedError';
  }
}

export interface OrukPage {
  contents: unknown[];
  totalPages?: number;
  totalItems?: number;
}

export class FeedClient {
  private readonly fetcher: SafeFetcher;
  readonly limits: typeof FEED_DEFAULTS;

  constructor(readonly baseUrl: string, given: FeedClientOptions = {}) {
    const options = { ...defaults, ...given };
    this.fetcher = options.fetcher ?? safeFetcher;
    this.limits = {
      timeoutMs: options.timeoutMs ?? FEED_DEFAULTS.timeoutMs,
      maxPageBytes: options.maxPageBytes ?? FEED_DEFAULTS.maxPageBytes,
      maxServiceBytes: options.maxServiceBytes ?? FEED_DEFAULTS.maxServiceBytes,
    };
  }

  /** One page of `/services`. */
  async servicesPage(page: number, perPage: number, modifiedAfter?: Date): Promise<OrukPage> {
    const url = new URL(`${this.baseUrl}/services`);
    url.searchParams.set('page', String(page));
    url.searchParams.set('per_page', String(perPage));
    if (modifiedAfter) url.searchParams.set('modified_after', modifiedAfter.toISOString());
    const body = await this.getJson(url.toString(), this.limits.maxPageBytes);
    return readPage(body, url.toString());
  }

  /** One full service, `/services/{id}`. */
  service(remoteId: string): Promise<unknown> {
    return this.getJson(`${this.baseUrl}/services/${encodeURIComponent(remoteId)}`, this.limits.maxServiceBytes);
  }

  /** GET a JSON document under the limits. */
  async getJson(url: string, maxBytes: number): Promise<unknown> {
    let answer;
    try {
      answer = await this.fetcher.fetch(url, { maxBytes, timeoutMs: this.limits.timeoutMs, maxRedirects: 3, headers: { accept: 'application/json' } });
    } catch (error) {
      throw describeFetchFailure(error, url, this.limits.timeoutMs, maxBytes);
    }
    const type = String(answer.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' && !type.endsWith('+json')) {
      throw new FeedError(`${url} answered with ${type || 'no content type'}, not JSON: it does not look like an ORUK 3.0 feed`, 'content_type');
    }
    try {
      return JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new FeedError(`${url} answered with something that is not valid JSON`, 'malformed');
    }
  }
}

/** A page of an ORUK list: an object with `contents` (a list) and the paging fields. */
export function readPage(body: unknown, url: string): OrukPage {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray((body as { contents?: unknown }).contents)) {
    throw new FeedError(`${url} did not answer with an ORUK 3.0 page (an object with a "contents" list and "total_pages")`, 'not_oruk');
  }
  const { contents, total_pages, total_items } = body as { contents: unknown[]; total_pages?: unknown; total_items?: unknown };
  const whole = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined);
  return { contents, totalPages: whole(total_pages), totalItems: whole(total_items) };
}

function describeFetchFailure(error: unknown, url: string, timeoutMs: number, maxBytes: number): FeedError {
  if (!(error instanceof SafeFetchError)) return new FeedError(`${url} could not be read`, 'connect');
  const seconds = Math.round(timeoutMs / 1000);
  switch (error.kind) {
    case 'url':
      return new FeedError(`${url} cannot be used: ${error.message}`, 'url');
    case 'address':
      return new FeedError(`${url} points to a private or special network address, which Hearth never fetches`, 'address');
    case 'timeout':
      return new FeedError(`${url} took longer than ${seconds} seconds to answer`, 'timeout');
    case 'too_large':
      return new FeedError(`${url} answered with more than ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB, more than Hearth reads at once`, 'too_large');
    case 'redirect':
      return new FeedError(`${url} redirects too many times (or in a loop)`, 'redirect');
    case 'status':
      return new FeedError(`${url} answered with an error (HTTP ${error.status})`, 'status');
    default:
      return new FeedError(`${url} could not be reached`, 'connect');
  }
}
