import type { JWK } from 'jose';
import type { Db } from '../../../platform/db/db.js';
import { safeFetcher, SafeFetchError, type SafeFetcher } from '../../../platform/http/safe-fetch.js';
import { checkJwks } from './service.js';
import type { PartnerClientRow } from './sql.js';

/**
 * A partner's public keys at its JWKS address (`jwks_uri`), fetched through the platform's
 * outbound guard (https only, public addresses only, checked at connect time), at most 64 KB
 * in at most 5 seconds.
 *
 * Anyone may call the token endpoint naming a client, so what Hearth fetches is rationed per
 * client: a key set is used for ten minutes; a token naming a key not in it fetches again at
 * most every 30 seconds (the partner may have rotated); a failure is remembered for a minute,
 * during which every token request of that client fails at once without fetching. Callers get
 * one error, `PartnerKeysUnavailable`, whatever went wrong: what a response says must not
 * tell which hosts or ports answer. The reason is for the log.
 */
export const JWKS_MAX_BYTES = 64 * 1024;
export const JWKS_TIMEOUT_MS = 5_000;
const FRESH_MS = 10 * 60_000;
const REFETCH_MS = 30_000;
export const FAILURE_MS = 60_000;
const MAX_ENTRIES = 10_000;

export class PartnerKeysUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the partner's JWKS address gave no usable keys: ${reason}`);
    this.name = 'PartnerKeysUnavailable';
  }
}

interface Entry {
  uri: string;
  keys?: JWK[];
  /** When `keys` were fetched. */
  fetchedAt?: number;
  failure?: string;
  failedAt?: number;
}

export class RemotePartnerKeys {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<JWK[]>>();
  private timeoutMs = JWKS_TIMEOUT_MS;

  constructor(private fetcher: SafeFetcher = safeFetcher) {}

  /** Tests only: fetch through another guard (one trusting a test server), with another time limit. */
  useFetcher(fetcher: SafeFetcher, options: { timeoutMs?: number } = {}): void {
    this.fetcher = fetcher;
    this.timeoutMs = options.timeoutMs ?? JWKS_TIMEOUT_MS;
    this.entries.clear();
  }

  /**
   * The client's keys. `stale` asks for a fresh copy when the one held is older than 30
   * seconds (a token named a key it does not have). Throws PartnerKeysUnavailable.
   */
  async keys(client: PartnerClientRow, options: { stale?: boolean } = {}): Promise<JWK[]> {
    const uri = client.jwks_uri!;
    const id = `${client.council_id}\u0000${client.client_id}`;
    const now = Date.now();
    const held = this.entries.get(id);
    const entry: Entry = held?.uri === uri ? held : { uri };
    const recentFailure = entry.failedAt !== undefined && now - entry.failedAt < FAILURE_MS;
    if (entry.keys) {
      const age = now - entry.fetchedAt!;
      if (age < FRESH_MS && (!options.stale || age < REFETCH_MS || recentFailure)) return entry.keys;
    } else if (recentFailure) {
      throw new PartnerKeysUnavailable(`${entry.failure} (remembered)`);
    }
    let work = this.pending.get(id);
    if (!work) {
      work = this.fetch(uri).then(
        (keys) => {
          this.remember(id, { uri, keys, fetchedAt: Date.now() });
          return keys;
        },
        (error: PartnerKeysUnavailable) => {
          // Keys already held (younger than ten minutes) stay usable; the failure stops refetching for a minute.
          this.remember(id, { ...entry, failure: error.reason, failedAt: Date.now() });
          throw error;
        },
      );
      this.pending.set(id, work);
      void work.catch(() => {}).finally(() => this.pending.delete(id));
    }
    return work;
  }

  private remember(id: string, entry: Entry): void {
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(id)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, entry);
  }

  private async fetch(uri: string): Promise<JWK[]> {
    let body: Buffer;
    try {
      ({ body } = await this.fetcher.fetch(uri, {
        maxBytes: JWKS_MAX_BYTES,
        timeoutMs: this.timeoutMs,
        headers: { accept: 'application/jwk-set+json, application/json' },
      }));
    } catch (error) {
      if (error instanceof SafeFetchError) throw new PartnerKeysUnavailable(`${error.kind}: ${error.message}`);
      throw new PartnerKeysUnavailable('the fetch failed');
    }
    const checked = await checkJwks(body.toString('utf8'));
    if ('error' in checked) throw new PartnerKeysUnavailable(`not a usable JWK Set (${checked.error})`);
    return checked.jwks.keys;
  }
}

const perDb = new WeakMap<Db, RemotePartnerKeys>();

/** The remote partner keys of the database `db` (one cache per open database, like the signing keys). */
export function remotePartnerKeysFor(db: Db): RemotePartnerKeys {
  let keys = perDb.get(db);
  if (!keys) perDb.set(db, (keys = new RemotePartnerKeys()));
  return keys;
}
