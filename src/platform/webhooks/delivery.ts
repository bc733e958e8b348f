import { keyRingOf } from '../crypto/key-ring.js';
import { openSecret } from './secrets.js';
import type { Db } from '../db/db.js';
import { SafeFetchError, safeFetcher, type SafeFetcher } from '../http/safe-fetch.js';
import type { Logger } from '../log.js';
import type { WebhookSettings } from './settings.js';
import { messageId, signedHeaders } from './signing.js';
import { claimDueDeliveries, markDelivered, markFailedAttempt, type ClaimedDelivery } from './sql.js';
import { PollLoop } from '../poll-loop.js';

/** A receiver's answer body is not used; this much of it is read before the connection is cut. */
const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * The wait before the next attempt after `attempts` failed ones: exponential (the first retry
 * after `firstRetrySeconds`, doubling), capped, with "equal jitter" (a random half of it) so that
 * the deliveries of a receiver that was down do not all come back at the same second.
 */
export function backoffSeconds(attempts: number, settings: WebhookSettings, random: () => number = Math.random): number {
  const exponential = Math.min(settings.firstRetrySeconds * 2 ** Math.max(attempts - 1, 0), settings.maxRetrySeconds);
  return Math.max(1, Math.round(exponential / 2 + random() * (exponential / 2)));
}

/** Retry-After in seconds (a number of seconds or an HTTP date), or undefined when it is neither. */
export function retryAfterSeconds(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw);
  const when = Date.parse(raw);
  return Number.isNaN(when) ? undefined : Math.max(0, Math.ceil((when - now) / 1000));
}

export interface AttemptOutcome {
  delivered: boolean;
  status: number | null;
  error?: string;
  /** Seconds until the next attempt; null when it is dead-lettered now. */
  retryInSeconds?: number | null;
}

/**
 * Delivers webhook messages: claims due deliveries, sends each as a signed POST through the
 * platform's SSRF guard (https only, public addresses only, no redirects followed, a time
 * limit), and records how it went. A failure (no answer in time, a refused connection, any
 * non-2xx answer) is tried again with back-off; a 429 or 503 with Retry-After waits as long as
 * it asks (up to the longest wait); after the last attempt, or at once for an address Hearth
 * may never call (not https, private or otherwise special), the delivery is dead-lettered
 * until someone replays it. Logs name the delivery and endpoint, never the secret or signature.
 */
export class WebhookDeliverer {
  /** Polls for due deliveries: one round per interval (a round sends its batch side by side). */
  private readonly loop: PollLoop;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly settings: WebhookSettings,
    private readonly fetcher: SafeFetcher = safeFetcher,
    intervalMs = 1000,
  ) {
    this.loop = new PollLoop('webhook delivery', log, async () => {
      await this.deliverDue();
      return false;
    }, intervalMs);
  }

  /** Attempt every due delivery (up to `limit`, sent side by side); how many were attempted. */
  async deliverDue(limit = 20): Promise<number> {
    const leaseSeconds = Math.ceil(this.settings.timeoutMs / 1000) + 30;
    const claimed = await claimDueDeliveries(this.db, limit, leaseSeconds);
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const outcome = await this.send(delivery);
    const context = { delivery: delivery.id, endpoint: delivery.endpointId, attempt: delivery.attempts, status: outcome.status };
    if (outcome.delivered) {
      await markDelivered(this.db, delivery.id, outcome.status ?? 0);
      this.log.info(context, 'webhook delivered');
    } else {
      await markFailedAttempt(this.db, delivery.id, { status: outcome.status, error: outcome.error ?? 'failed', retryInSeconds: outcome.retryInSeconds ?? null });
      this.log.warn({ ...context, error: outcome.error, retryInSeconds: outcome.retryInSeconds }, outcome.retryInSeconds === null ? 'webhook dead-lettered' : 'webhook attempt failed; will retry');
    }
    return outcome;
  }

  private async send(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const headers = { 'content-type': 'application/json', 'user-agent': 'Hearth-Webhooks/1', ...signedHeaders(openSecret(() => keyRingOf(this.db), delivery.endpointId, delivery.secret), messageId(delivery.id), delivery.payload) };
    try {
      const answer = await this.fetcher.fetch(delivery.url, { method: 'POST', headers, body: delivery.payload, maxBytes: MAX_ANSWER_BYTES, timeoutMs: this.settings.timeoutMs });
      return { delivered: true, status: answer.status };
    } catch (failure) {
      const error = failure instanceof SafeFetchError ? failure : new SafeFetchError('connect', String((failure as Error)?.message ?? failure));
      // An address Hearth may not call will not become one by waiting: dead-lettered at once.
      if (error.kind === 'url' || error.kind === 'address') return { delivered: false, status: null, error: `${error.kind}: ${error.message}`, retryInSeconds: null };
      if (delivery.attempts >= this.settings.maxAttempts) return { delivered: false, status: error.status ?? null, error: `${error.kind}: ${error.message}`, retryInSeconds: null };
      const asked = error.status === 429 || error.status === 503 ? retryAfterSeconds(error.headers?.['retry-after']) : undefined;
      const retryInSeconds = asked !== undefined ? Math.min(Math.max(asked, 1), this.settings.maxRetrySeconds) : backoffSeconds(delivery.attempts, this.settings);
      return { delivered: false, status: error.status ?? null, error: `${error.kind}: ${error.message}`, retryInSeconds };
    }
  }

  private unlisten?: Promise<(() => Promise<void>) | undefined>;

  /** Poll for due deliveries, and wake at once when one is committed (platform migration 011). */
  start(): void {
    this.loop.start();
    this.unlisten = this.db.listen('hearth_webhooks', () => this.loop.wake()).catch((error) => {
      this.log.warn({ err: error }, 'could not listen for new deliveries: delivering on each poll only');
      return undefined;
    });
  }

  /** Stop polling and wait for the attempts in hand (each ends within the time limit). */
  async stop(): Promise<void> {
    await (await this.unlisten)?.();
    await this.loop.stop();
  }
}
