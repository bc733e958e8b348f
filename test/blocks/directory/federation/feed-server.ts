import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SafeFetcher } from '../../../../src/platform/http/safe-fetch.js';
import type { FeedClientOptions } from '../../../../src/blocks/directory/federation/feed-client.js';
import { startHttpsServer, type TestHttpsServer } from '../../../support/https-server.js';

/**
 * Another council's ORUK 3.0 feed for federation tests, served over real https on this
 * machine. Its services can be changed between pulls, and it can be made to misbehave: down,
 * slow, huge, malformed, the wrong content type, redirecting in a loop.
 */

export type Misbehaviour = 'none' | 'down' | 'slow' | 'huge' | 'malformed' | 'html' | 'redirect-loop' | 'fail-after-first-page';

export interface TestFeed {
  server: TestHttpsServer;
  /** The feed's base address: `${origin}/oruk` (or `/oruk2`, ... for a second feed on the same server). */
  url(path?: string): string;
  services: Map<string, Record<string, unknown>>;
  misbehave: Misbehaviour;
  /** List pages carry full services rather than summaries. */
  fullInList: boolean;
  requests: string[];
  clientOptions: FeedClientOptions;
  close(): Promise<void>;
}

export interface FeedServiceSpec {
  id: string;
  name: string;
  organisation: string;
  postcode?: string;
  lat?: number;
  lng?: number;
  phone?: string;
  website?: string;
  description?: string;
  modified?: string;
}

const hex = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 12);
/** A readable uuid made from a short label. */
export const uuidFor = (kind: number, label: string) => `00000000-0000-4000-8${String(kind).padStart(3, '0')}-${hex(label)}`;

/** A full ORUK service at one place (if given), with its organisation, phone and website. */
export function feedService(spec: FeedServiceSpec): Record<string, unknown> {
  const place =
    spec.postcode || spec.lat !== undefined
      ? [
          {
            id: uuidFor(5, `sal${spec.id}`),
            location: {
              id: uuidFor(3, `loc${spec.id}`),
              location_type: 'physical',
              name: `${spec.name} venue`,
              ...(spec.lat !== undefined ? { latitude: spec.lat, longitude: spec.lng } : {}),
              addresses: spec.postcode
                ? [{ id: uuidFor(4, `adr${spec.id}`), address_1: '1 High Street', city: 'Neighbourton', state_province: 'Shire', postal_code: spec.postcode, country: 'GB', address_type: 'physical' }]
                : [],
            },
          },
        ]
      : [];
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description ?? `${spec.name}, run by ${spec.organisation}.`,
    status: 'active',
    ...(spec.website ? { url: spec.website } : {}),
    last_modified: spec.modified ?? '2026-11-01T10:00:00Z',
    organization: { id: uuidFor(1, `org${spec.organisation}`), name: spec.organisation, description: `${spec.organisation}, a test organisation.` },
    service_at_locations: place,
    phones: spec.phone ? [{ id: uuidFor(6, `ph${spec.id}`), number: spec.phone }] : [],
  };
}

export async function startTestFeed(): Promise<TestFeed> {
  const feed = {
    services: new Map<string, Record<string, unknown>>(),
    misbehave: 'none' as Misbehaviour,
    fullInList: false,
    requests: [] as string[],
  } as TestFeed;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://feed.test');
    feed.requests.push(`${url.pathname}${url.search}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (feed.misbehave) {
      case 'down':
        return void res.socket?.destroy();
      case 'slow':
        return void setTimeout(() => json(200, {}), 5_000).unref();
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"contents": [');
        // Endless: the client must cut it off.
        const more = () => {
          if (res.destroyed) return;
          res.write(`"${'x'.repeat(64 * 1024)}",`, () => setImmediate(more));
        };
        return more();
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"contents": [ {"id": "oops", ');
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!doctype html><title>Our directory</title><h1>Welcome</h1>');
      case 'redirect-loop':
        res.writeHead(302, { location: url.pathname === '/a' ? '/b' : '/a' });
        return void res.end();
      default:
    }
    const m = /^\/oruk(?:\/services(?:\/([^/]+))?)?\/?$/.exec(url.pathname);
    if (!m) return json(404, { detail: 'not found' });
    if (url.pathname === '/oruk' || url.pathname === '/oruk/') return json(200, { version: '3.0', profile: 'https://github.com/OpenReferralUK/uk-profile' });
    if (m[1]) {
      const service = feed.services.get(decodeURIComponent(m[1]));
      return service ? json(200, service) : json(404, { detail: 'no such service' });
    }
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 50);
    if (feed.misbehave === 'fail-after-first-page' && page > 1) return json(503, { detail: 'down for maintenance' });
    const after = url.searchParams.get('modified_after');
    let list = [...feed.services.values()];
    if (after) list = list.filter((s) => String(s.last_modified) > after);
    const totalPages = Math.max(1, Math.ceil(list.length / perPage));
    const contents = list.slice((page - 1) * perPage, page * perPage).map((s) => {
      if (feed.fullInList) return s;
      const { service_at_locations: _a, phones: _p, ...summary } = s;
      return summary;
    });
    json(200, { total_items: list.length, total_pages: totalPages, page_number: page, size: contents.length, first_page: page === 1, last_page: page >= totalPages, empty: !contents.length, contents });
  };
  const server = await startHttpsServer(handler);
  feed.server = server;
  feed.url = (path = '/oruk') => `${server.origin}${path}`;
  feed.clientOptions = { fetcher: new SafeFetcher({ allowLoopbackHosts: ['127.0.0.1'], ca: server.cert }), timeoutMs: 1_500, maxPageBytes: 512 * 1024 };
  feed.close = () => server.close();
  return feed;
}
