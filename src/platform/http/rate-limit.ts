import fastifyRateLimit, { type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.js';
import { HttpProblem } from './problem.js';

/**
 * Rate limits shared by every process on the database. `@fastify/rate-limit` decides which
 * requests count, per route; its store here is a fixed-window counter per bucket and key in the
 * `rate_limit` table, so two processes (or two servers) on one database share each count.
 *
 * Every write (POST, PUT, PATCH, DELETE) counts against `writes` per client IP unless its route
 * names its own limit in `config.rateLimit` (a `RateLimit`: bucket, max, window) or `false`.
 * Over the limit: a `RateLimited` problem (429 with Retry-After), which the error handler
 * answers as problem+json or, on HTML routes, as an error page.
 *
 * Limits keyed on something other than the IP (an email address) call `hit` themselves.
 */

export interface RateLimit {
  /** Routes naming the same bucket share one count per key. */
  bucket: string;
  max: number;
  windowSeconds: number;
}

export const DEFAULT_WRITE_LIMIT: RateLimit = { bucket: 'writes', max: 120, windowSeconds: 60 };

export class RateLimited extends HttpProblem {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'Too many requests', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`);
  }
}

export interface HitCount {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends and the count starts again. */
  resetInMs: number;
  /** More hits than the limit allows. */
  exceeded: boolean;
}

function windowOf(limit: RateLimit, now: Date): { start: Date; resetInMs: number } {
  const windowMs = limit.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return { start, resetInMs: start.getTime() + windowMs - now.getTime() };
}

/**
 * Count one hit against `limit` for `key` and say where the count stands; never refuses. Old
 * windows of the bucket are swept now and then, in the same round trip.
 */
export async function countHit(db: Db, limit: RateLimit, key: string, now = new Date()): Promise<HitCount> {
  const { start, resetInMs } = windowOf(limit, now);
  const { rows } = await db.query<{ hits: number }>(
    `WITH swept AS (
       DELETE FROM rate_limit WHERE random() < 0.01 AND bucket = $1 AND window_start < $3::timestamptz - make_interval(secs => $4)
     )
     INSERT INTO rate_limit (bucket, key, window_start, hits) VALUES ($1, $2, $3, 1)
     ON CONFLICT (bucket, key, window_start) DO UPDATE SET hits = rate_limit.hits + 1
     RETURNING hits`,
    [limit.bucket, key.slice(0, 320), start, limit.windowSeconds],
  );
  const hits = rows[0].hits;
  return { hits, resetInMs, exceeded: hits > limit.max };
}

/** The count for `key` in the current window, without counting. */
export async function readHits(db: Db, limit: RateLimit, key: string, now = new Date()): Promise<HitCount> {
  const { start, resetInMs } = windowOf(limit, now);
  const { rows } = await db.query<{ hits: number }>('SELECT hits FROM rate_limit WHERE bucket = $1 AND key = $2 AND window_start = $3', [
    limit.bucket,
    key.slice(0, 320),
    start,
  ]);
  const hits = rows[0]?.hits ?? 0;
  return { hits, resetInMs, exceeded: hits > limit.max };
}

const retryAfterSeconds = (resetInMs: number) => Math.max(1, Math.ceil(resetInMs / 1000));

/** Count one hit against `limit` for `key`; throws RateLimited (429) when over. */
export async function hit(db: Db, limit: RateLimit, key: string, now = new Date()): Promise<void> {
  const count = await countHit(db, limit, key, now);
  if (count.exceeded) throw new RateLimited(retryAfterSeconds(count.resetInMs));
}

/** What the plugin hands a store's `child`: the route's `config.rateLimit` merged over the defaults. */
interface RouteLimitParams {
  bucket?: string;
  max?: unknown;
  windowSeconds?: number;
  timeWindow?: unknown;
  routeInfo?: { url?: string };
}

/**
 * `@fastify/rate-limit`'s store interface over `rate_limit`: one instance per route limit (the
 * plugin asks `child` for each), counting in that limit's bucket and window.
 */
export class PostgresRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly db: Db,
    private readonly limit: RateLimit,
  ) {}

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
    countHit(this.db, this.limit, key).then(
      (count) => callback(null, { current: count.hits, ttl: count.resetInMs }),
      (error: Error) => callback(error),
    );
  }

  read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
    readHits(this.db, this.limit, key).then(
      (count) => callback(null, { current: count.hits, ttl: count.hits ? count.resetInMs : 0 }),
      (error: Error) => callback(error),
    );
  }

  child(params: unknown): FastifyRateLimitStore {
    const given = params as RouteLimitParams;
    // A route may also give the plugin's own shape ({ max, timeWindow } in ms): its own bucket then.
    const windowSeconds =
      given.windowSeconds ?? (typeof given.timeWindow === 'number' ? Math.max(1, Math.round(given.timeWindow / 1000)) : this.limit.windowSeconds);
    return new PostgresRateLimitStore(this.db, {
      bucket: given.bucket ?? `route:${given.routeInfo?.url ?? 'unknown'}`,
      max: typeof given.max === 'number' ? given.max : this.limit.max,
      windowSeconds,
    });
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Count every write against its route's limit (or `writes`), and every route that names a
 * limit, per client IP (an IPv6 client per /64, the plugin's default). Call before any route
 * is added: both hooks see only routes added after them.
 */
export async function registerRateLimits(app: FastifyInstance, db: Db): Promise<void> {
  // A write route that says nothing gets the default; the plugin then limits only routes that name a limit.
  app.addHook('onRoute', (route) => {
    if (route.config?.rateLimit !== undefined) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => WRITES.has(m.toUpperCase()))) {
      route.config = { ...(route.config ?? {}), rateLimit: routeLimit(DEFAULT_WRITE_LIMIT) } as typeof route.config;
    }
  });
  await app.register(fastifyRateLimit, {
    global: false,
    max: DEFAULT_WRITE_LIMIT.max,
    timeWindow: DEFAULT_WRITE_LIMIT.windowSeconds * 1000,
    store: class extends PostgresRateLimitStore {
      constructor() {
        super(db, DEFAULT_WRITE_LIMIT);
      }
    },
    // Only Retry-After, and only when refusing, as before the plugin.
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) => new RateLimited(retryAfterSeconds(context.ttl)),
  });
}

/** A `RateLimit` as a route's `config.rateLimit` (the plugin's options, with our bucket and window). */
export function routeLimit(limit: RateLimit): RateLimitOptions & RateLimit {
  return { ...limit, timeWindow: limit.windowSeconds * 1000 };
}
