import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Db, Queryable } from '../../../platform/db/db.js';
import { deleteRetiredSigningKeys, insertSigningKeyIfNone, lockSigningKeys, retireCurrentSigningKey, selectSigningKeys, type SigningKeyRow } from './sql.js';

/**
 * Hearth's own keys for signing partner access tokens: one ES256 key pair per council,
 * generated on first use, rotated by `rotateSigningKey`. A retired key stays published (and
 * accepted) for `RETIRED_KEY_SECONDS`, far longer than any token it signed lives.
 *
 * Keys are cached per process, so checking a token needs no database query: the cache is
 * refreshed in the background after 30 seconds, and is never used older than a minute (the
 * request then waits for the reload); at once (at most every few seconds) when a token names a
 * key this process has not seen — another process may have rotated. So a key withdrawn in one
 * process (`rotateSigningKey` with `withdrawPrevious`, for a key that may have been exposed) is
 * refused at once there and within a minute in every other process.
 *
 * The private keys are in the database (table partner_signing_key). Whoever can read that
 * table, a replica or a backup can mint partner tokens for the council: protect them as you
 * would the keys themselves, and rotate when one may have been exposed.
 */
export const SIGNING_ALG = 'ES256';
export const RETIRED_KEY_SECONDS = 3600;
/** After this long a process reloads its keys in the background… */
const REFRESH_MS = 30_000;
/** …and after this long it waits for the reload: no process trusts a withdrawn key for longer. */
export const KEYS_MAX_AGE_MS = 60_000;
const UNKNOWN_KID_RELOAD_MS = 5_000;

/** The clock the key cache ages by (tests move it forward rather than wait). */
export const signingKeysClock = { now: () => Date.now() };

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
  retired: boolean;
}

interface CouncilKeys {
  loadedAt: number;
  byKid: Map<string, LoadedKey>;
  current: LoadedKey;
}

async function load(row: SigningKeyRow): Promise<LoadedKey> {
  const publicJwk = row.public_jwk as JWK;
  return {
    kid: row.kid,
    publicJwk,
    publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
    privateKey: (await importJWK(row.private_jwk as JWK, SIGNING_ALG)) as CryptoKey,
    retired: row.retired_at !== null,
  };
}

async function newKeyPair(): Promise<{ kid: string; publicJwk: JWK; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  const meta = { kid, alg: SIGNING_ALG, use: 'sig' };
  return { kid, publicJwk: { ...pub, ...meta }, privateJwk: { ...(await exportJWK(privateKey)), ...meta } };
}

export class SigningKeys {
  private readonly cache = new Map<string, CouncilKeys>();
  private readonly loading = new Map<string, Promise<CouncilKeys>>();
  private readonly lastUnknownReload = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** The council's keys, from the cache when fresh enough; generates the first key when there is none. */
  async keys(councilId: string): Promise<CouncilKeys> {
    const cached = this.cache.get(councilId);
    if (cached) {
      const age = signingKeysClock.now() - cached.loadedAt;
      if (age <= REFRESH_MS) return cached;
      if (age <= KEYS_MAX_AGE_MS) {
        void this.reload(councilId).catch(() => {});
        return cached;
      }
    }
    return this.reload(councilId);
  }

  /** The key to sign with now. */
  async current(councilId: string): Promise<{ kid: string; privateKey: CryptoKey }> {
    const { current } = await this.keys(councilId);
    return { kid: current.kid, privateKey: current.privateKey };
  }

  /**
   * The public key named `kid`, or undefined when the council has no such key (after one
   * reload, at most every few seconds, in case another process has just rotated).
   */
  async verificationKey(councilId: string, kid: string): Promise<CryptoKey | undefined> {
    const known = (await this.keys(councilId)).byKid.get(kid);
    if (known) return known.publicKey;
    const last = this.lastUnknownReload.get(councilId) ?? -Infinity;
    if (signingKeysClock.now() - last < UNKNOWN_KID_RELOAD_MS) return undefined;
    this.lastUnknownReload.set(councilId, signingKeysClock.now());
    return (await this.reload(councilId)).byKid.get(kid)?.publicKey;
  }

  /** The council's public keys as a JWK Set (current first). */
  async publicJwks(councilId: string): Promise<{ keys: JWK[] }> {
    const { byKid } = await this.keys(councilId);
    return { keys: [...byKid.values()].map((k) => k.publicJwk) };
  }

  /** Forget the council's cached keys (after a rotation in this process). */
  forget(councilId: string): void {
    this.cache.delete(councilId);
  }

  private reload(councilId: string): Promise<CouncilKeys> {
    const pending = this.loading.get(councilId);
    if (pending) return pending;
    const work = (async () => {
      let rows = await selectSigningKeys(this.db, councilId, RETIRED_KEY_SECONDS);
      if (!rows.some((r) => r.retired_at === null)) {
        const key = await newKeyPair();
        await this.db.transaction(async (tx) => {
          await lockSigningKeys(tx, councilId);
          await insertSigningKeyIfNone(tx, councilId, key);
        });
        rows = await selectSigningKeys(this.db, councilId, RETIRED_KEY_SECONDS);
      }
      const loaded = await Promise.all(rows.map(load));
      const entry: CouncilKeys = {
        loadedAt: signingKeysClock.now(),
        byKid: new Map(loaded.map((k) => [k.kid, k])),
        current: loaded.find((k) => !k.retired)!,
      };
      this.cache.set(councilId, entry);
      return entry;
    })();
    this.loading.set(councilId, work);
    return work.finally(() => this.loading.delete(councilId));
  }
}

const perDb = new WeakMap<Db, SigningKeys>();

/** The signing keys of the database `db` (one cache per open database). */
export function signingKeysFor(db: Db): SigningKeys {
  let keys = perDb.get(db);
  if (!keys) perDb.set(db, (keys = new SigningKeys(db)));
  return keys;
}

/**
 * Rotate a council's signing key inside the caller's transaction: the current key is retired
 * (still published and accepted for an hour) and a new one becomes current. With
 * `withdrawPrevious` (a key that may have been exposed) every earlier key is deleted instead:
 * no longer published, and tokens it signed are refused. Returns the kids.
 * Call `signingKeysFor(db).forget(councilId)` after the transaction commits.
 */
export async function rotateSigningKeyIn(
  tx: Queryable,
  councilId: string,
  options: { withdrawPrevious?: boolean } = {},
): Promise<{ retired?: string; current: string; withdrawn: string[] }> {
  await lockSigningKeys(tx, councilId);
  const retired = await retireCurrentSigningKey(tx, councilId);
  const withdrawn = options.withdrawPrevious ? await deleteRetiredSigningKeys(tx, councilId) : [];
  const key = await newKeyPair();
  await insertSigningKeyIfNone(tx, councilId, key);
  return { retired, current: key.kid, withdrawn };
}
