import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PlatformContext } from '../block.js';
import { outboxBacklog } from '../events/outbox.js';
import { HttpProblem, sendProblem } from './problem.js';

/**
 * `/metrics` in Prometheus's text format (prom-client): requests and their latency by route
 * pattern, method and status; the database's connections; the outbox's backlog, read from the
 * table at each scrape; Node's own process metrics. Off unless HEARTH_METRICS=on; with
 * HEARTH_METRICS_TOKEN set, only for `Authorization: Bearer <token>`.
 *
 * Call before any block's routes are added, so that the request hook sees every route.
 */
export async function registerMetrics(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  const { enabled, token } = ctx.config.metrics;
  if (!enabled) return;
  if (!token) ctx.log.warn('/metrics is on without HEARTH_METRICS_TOKEN: anyone who can reach it can read it; keep it off the public internet');

  // One registry per server, not prom-client's global one: two servers in one process (tests) do not clash.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'hearth_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'hearth_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern, method and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    // The pattern (`/oruk/services/:id`), never the address asked for: one series per route, not per id.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  const db = ctx.db;
  if (db.engine === 'postgres') {
    const pool = (name: string, help: string, read: (s: { total: number; idle: number; waiting: number }) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const stats = db.stats();
          if (stats.engine === 'postgres') this.set(read(stats));
        },
      });
    pool('hearth_db_pool_connections', 'Connections the PostgreSQL pool holds open.', (s) => s.total);
    pool('hearth_db_pool_idle_connections', 'Open PostgreSQL connections not in use.', (s) => s.idle);
    pool('hearth_db_pool_waiting_queries', 'Queries waiting for a PostgreSQL connection.', (s) => s.waiting);
  } else {
    new Gauge({
      name: 'hearth_db_pglite_waiting_queries',
      help: 'Queries waiting behind the one embedded PGlite is running.',
      registers: [registry],
      collect() {
        this.set(db.stats().waiting);
      },
    });
  }

  new Gauge({
    name: 'hearth_outbox_events',
    help: 'Events in the outbox not yet handed to every subscriber: pending (still to be tried) or dead_lettered (every attempt failed).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const backlog = await outboxBacklog(db);
      this.set({ state: 'pending' }, backlog.pending);
      this.set({ state: 'dead_lettered' }, backlog.deadLettered);
    },
  });

  const expected = token === undefined ? undefined : digest(token);
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { access: 'public', rateLimit: false } },
    async (request, reply) => {
      if (expected && !bearerMatches(request.headers.authorization, expected)) {
        reply.header('www-authenticate', 'Bearer realm="hearth-metrics"');
        // Answered here: this route is added before the server's error handler is set.
        return sendProblem(reply, new HttpProblem(401, 'Unauthorised', 'Send the metrics token: Authorization: Bearer <HEARTH_METRICS_TOKEN>.').toProblem('/metrics'));
      }
      reply.header('cache-control', 'no-store').type(registry.contentType);
      return registry.metrics();
    },
  );
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** In constant time: both sides are hashed to the same length first. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return Boolean(match) && timingSafeEqual(digest(match![1]), expected);
}
