import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { isSealed, keyRingOf, SealError, type KeyRing } from '../../../platform/crypto/key-ring.js';
import type { Db, Queryable } from '../../../platform/db/db.js';
import { allSigningKeyIds, deleteRetiredSigningKeys, lockPrivateJwk, setPrivateJwk, insertSigningKeyIfNone, lockSigningKeys, retireCurrentSigningKey, selectSigningKeys, type SigningKeyRow } from './sql.js';

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
 * The private keys are in the database (table partner_signing_key), sealed with the key ring
 * (platform/crypto/key-ring.ts, HEARTH_ENCRYPTION_KEYS) and bound to their council and kid:
 * a copy of the table, a replica or a backup is of no use without the key from configuration.
 * A key written before sealing existed is read as it is and sealed by `hearth keys rewrap`.
 * A key that cannot be opened (its wrapping key is gone) is left out; when that is the current
 * key, a new one is made, so partner tokens keep being issued (signed by a key that works).
 */
/** What a private key is bound to: its council and kid (a sealed key copied elsewhere does not open). */
export const sealContext = (councilId: string, kid: string) => `partner_signing_key:${councilId}:${kid}`;

/** The private JWK of a row, opened when sealed. */
function privateJwkOf(ring: KeyRing, councilId: string, row: SigningKeyRow): JWK {
  return isSealed(row.private_jwk) ? (JSON.parse(ring.open(row.private_jwk, sealContext(councilId, row.kid))) as JWK) : (row.private_jwk as JWK);
}
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

async function load(ring: KeyRing, councilId: string, row: SigningKeyRow): Promise<LoadedKey | undefined> {
  const publicJwk = row.public_jwk as JWK;
  let privateJwk: JWK;
  try {
    privateJwk = privateJwkOf(ring, councilId, row);
  } catch (error) {
    if (error instanceof SealError) return undefined;
    throw error;
  }
  return {
    kid: row.kid,
    publicJwk,
    publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
    privateKey: (await importJWK(privateJwk, SIGNING_ALG)) as CryptoKey,
    retired: row.retired_at !== null,
  };
}

/** A new key pair, its private half sealed for the council. */
async function newSealedKeyPair(ring: KeyRing, councilId: string): Promise<{ kid: string; publicJwk: JWK; privateJwk: Record<string, unknown> }> {
  const key = await newKeyPair();
  return { ...key, privateJwk: { ...ring.seal(JSON.stringify(key.privateJwk), sealContext(councilId, key.kid)) } };
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
      const ring = keyRingOf(this.db);
      let rows = await selectSigningKeys(this.db, councilId, RETIRED_KEY_SECONDS);
      if (!rows.some((r) => r.retired_at === null)) {
        const key = await newSealedKeyPair(ring, councilId);
        await this.db.transaction(async (tx) => {
          await lockSigningKeys(tx, councilId);
          await insertSigningKeyIfNone(tx, councilId, key);
        });
        rows = await selectSigningKeys(this.db, councilId, RETIRED_KEY_SECONDS);
      }
      let loaded = (await Promise.all(rows.map((row) => load(ring, councilId, row)))).filter((k): k is LoadedKey => k !== undefined);
      if (!loaded.some((k) => !k.retired)) {
        // The current key does not open (HEARTH_ENCRYPTION_KEYS lost the key that sealed it):
        // retire it and sign with a new one rather than fail every token request.
        await this.db.transaction((tx) => rotateSigningKeyIn(tx, councilId, {}, ring));
        rows = await selectSigningKeys(this.db, councilId, RETIRED_KEY_SECONDS);
        loaded = (await Promise.all(rows.map((row) => load(ring, councilId, row)))).filter((k): k is LoadedKey => k !== undefined);
      }
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
  ring: KeyRing,
): Promise<{ retired?: string; current: string; withdrawn: string[] }> {
  await lockSigningKeys(tx, councilId);
  const retired = await retireCurrentSigningKey(tx, councilId);
  const withdrawn = options.withdrawPrevious ? await deleteRetiredSigningKeys(tx, councilId) : [];
  const key = await newSealedKeyPair(ring, councilId);
  await insertSigningKeyIfNone(tx, councilId, key);
  return { retired, current: key.kid, withdrawn };
}

/**
 * Seal every signing key still held in the clear and re-wrap every sealed one with the key
 * ring's current key (`hearth keys rewrap`, after a new key was put first in
 * HEARTH_ENCRYPTION_KEYS). One key at a time, each in its own short transaction, so a running
 * server carries on. Keys that do not open are counted, not changed.
 */
export async function rewrapSigningKeys(db: Db, ring: KeyRing): Promise<{ sealed: number; rewrapped: number; unchanged: number; unopenable: number }> {
  const counts = { sealed: 0, rewrapped: 0, unchanged: 0, unopenable: 0 };
  for (const { councilId, kid } of await allSigningKeyIds(db)) {
    await db.transaction(async (tx) => {
      const value = await lockPrivateJwk(tx, councilId, kid);
      if (value === undefined) return;
      const context = sealContext(councilId, kid);
      let next: unknown;
      try {
        if (!isSealed(value)) {
          next = ring.seal(JSON.stringify(value), context);
          counts.sealed++;
        } else if (value.kid === ring.currentId) {
          counts.unchanged++;
          return;
        } else {
          next = ring.rewrap(value, context);
          counts.rewrapped++;
        }
      } catch (error) {
        if (!(error instanceof SealError)) throw error;
        counts.unopenable++;
        return;
      }
      await setPrivateJwk(tx, councilId, kid, next);
    });
  }
  return counts;
}
