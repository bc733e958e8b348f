import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.js';
import { HttpProblem } from './problem.js';

/**
 * Rate limits shared by every process on the database: a fixed-window counter per bucket and
 * key (an IP address, an email address) in `rate_limit`. Sign-in has its own, tighter buckets;
 * every other write (POST, PUT, PATCH, DELETE) counts against `writes` per IP unless its route
 * names another. Over the limit: 429 with Retry-After.
 */

export interface RateLimit {
  bucket: string;
  max: number;
  windowSeconds: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's limit per client IP (writes default to `DEFAULT_WRITE_LIMIT`); false: none. */
    rateLimit?: RateLimit | false;
  }
}

export const DEFAULT_WRITE_LIMIT: RateLimit = { bucket: 'writes', max: 120, windowSeconds: 60 };

export class RateLimited extends HttpProblem {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'Too many requests', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`);
  }
}

/**
 * Count one hit against `limit` for `key`; throws RateLimited (429) when over. The old windows
 * of the bucket are swept now and then, in the same round trip.
 */
export async function hit(db: Db, limit: RateLimit, key: string, now = new Date()): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const { rows } = await db.query<{ hits: number }>(
    `WITH swept AS (
       DELETE FROM rate_limit WHERE random() < 0.01 AND bucket = $1 AND window_start < $3::timestamptz - make_interval(secs => $4)
     )
     INSERT INTO rate_limit (bucket, key, window_start, hits) VALUES ($1, $2, $3, 1)
     ON CONFLICT (bucket, key, window_start) DO UPDATE SET hits = rate_limit.hits + 1
     RETURNING hits`,
    [limit.bucket, key.slice(0, 320), start, limit.windowSeconds],
  );
  if (rows[0].hits > limit.max) {
    throw new RateLimited(Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000)));
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Count every write against its route's limit (or the default), per client IP. */
export function registerRateLimits(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const configured = request.routeOptions.config?.rateLimit;
    if (configured === false) return;
    if (!configured && !WRITES.has(request.method)) return;
    await hit(db, configured || DEFAULT_WRITE_LIMIT, request.ip);
  });
}
