import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../config.js';

/**
 * Secrets at rest (Hearth's own token-signing keys; later the vault's sensitive fields) are
 * sealed with envelope encryption: each value gets its own random data key (AES-256-GCM), and
 * that data key is wrapped with a key-encryption key from configuration. Every sealed value
 * names the key that wrapped it (`kid`), so keys rotate without downtime: add a new key first
 * in `HEARTH_ENCRYPTION_KEYS` (new values use it, old ones still open with the old key), run
 * `hearth keys rewrap` (every data key re-wrapped with the new key; the data itself is not
 * re-encrypted), then drop the old key.
 *
 * Each value is bound to where it belongs (`context`, e.g. `partner_signing_key:<council>:<kid>`)
 * as GCM's additional data: a sealed value copied into another row does not open there.
 *
 * Hand-written on node:crypto: the envelope is a few lines over AES-GCM; the packages that do
 * envelope encryption are clients of a cloud KMS, which a council's deployment may not have.
 */

export interface SealedValue {
  hearth_sealed: 1;
  /** The key-encryption key that wrapped `dek`. */
  kid: string;
  /** The data key, wrapped: iv (12 bytes) | tag (16) | ciphertext (32), base64. */
  dek: string;
  /** The value: iv (12) | tag (16) | ciphertext, base64. */
  data: string;
}

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,40}$/;

function encrypt(key: Buffer, plain: Buffer, aad: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, aad: Buffer): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 28) throw new SealError('a sealed value is cut short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    throw new SealError('a sealed value does not open: it was changed, or belongs elsewhere');
  }
}

export function isSealed(value: unknown): value is SealedValue {
  const v = value as SealedValue | null;
  return typeof v === 'object' && v !== null && v.hearth_sealed === 1 && typeof v.kid === 'string' && typeof v.dek === 'string' && typeof v.data === 'string';
}

export class KeyRing {
  /** Keys by id; the first is the one new values are sealed with. */
  constructor(private readonly keys: ReadonlyArray<{ id: string; key: Buffer }>) {
    if (!keys.length) throw new ConfigError('the key ring needs at least one key');
  }

  get currentId(): string {
    return this.keys[0].id;
  }

  /** The current key itself, for deriving keys for other purposes (HKDF, each with its own label). */
  get currentKey(): Buffer {
    return this.keys[0].key;
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id);
  }

  private keyFor(id: string): Buffer {
    const found = this.keys.find((k) => k.id === id);
    if (!found) throw new SealError(`a value is sealed with the key "${id}", which HEARTH_ENCRYPTION_KEYS no longer holds`);
    return found.key;
  }

  seal(plain: string, context: string): SealedValue {
    const dek = randomBytes(32);
    const aad = Buffer.from(context, 'utf8');
    const { id, key } = this.keys[0];
    return { hearth_sealed: 1, kid: id, dek: encrypt(key, dek, Buffer.from(`dek:${context}`, 'utf8')), data: encrypt(dek, Buffer.from(plain, 'utf8'), aad) };
  }

  open(sealed: SealedValue, context: string): string {
    const dek = decrypt(this.keyFor(sealed.kid), sealed.dek, Buffer.from(`dek:${context}`, 'utf8'));
    return decrypt(dek, sealed.data, Buffer.from(context, 'utf8')).toString('utf8');
  }

  /** The same value with its data key wrapped by the current key (unchanged when it already is). */
  rewrap(sealed: SealedValue, context: string): SealedValue {
    if (sealed.kid === this.currentId) return sealed;
    const dek = decrypt(this.keyFor(sealed.kid), sealed.dek, Buffer.from(`dek:${context}`, 'utf8'));
    return { ...sealed, kid: this.currentId, dek: encrypt(this.keys[0].key, dek, Buffer.from(`dek:${context}`, 'utf8')) };
  }
}

/**
 * `HEARTH_ENCRYPTION_KEYS`: `id:key[,id:key…]`, each key 32 random bytes in base64 (make one
 * with `openssl rand -base64 32`), the first used for new values. Required in production.
 * Elsewhere, without it, a key is made once and kept beside the data folder (`<folder>.encryption.key`,
 * readable by its owner only; beside, not inside, so a restore into a new folder can be given
 * the old key by copying the file), or held in memory for an in-memory database.
 */
export function readKeyRing(env: NodeJS.ProcessEnv, options: { production: boolean; dataDir: string }): KeyRing {
  const raw = (env.HEARTH_ENCRYPTION_KEYS ?? '').trim();
  if (raw) {
    const keys = raw.split(',').map((part, i) => {
      const at = part.indexOf(':');
      const id = part.slice(0, at).trim();
      const key = Buffer.from(part.slice(at + 1).trim(), 'base64');
      if (at <= 0 || !KEY_ID.test(id)) throw new ConfigError(`HEARTH_ENCRYPTION_KEYS: key ${i + 1} must be written id:key, the id of letters, digits, '.', '_' or '-'`);
      if (key.length !== 32) throw new ConfigError(`HEARTH_ENCRYPTION_KEYS: the key "${id}" must be 32 bytes in base64 (openssl rand -base64 32); it is ${key.length} bytes`);
      return { id, key };
    });
    const ids = new Set(keys.map((k) => k.id));
    if (ids.size !== keys.length) throw new ConfigError('HEARTH_ENCRYPTION_KEYS names a key id twice');
    return new KeyRing(keys);
  }
  if (options.production) {
    throw new ConfigError('HEARTH_ENCRYPTION_KEYS must be set in production (NODE_ENV=production): the key that seals secrets held in the database, e.g. main:$(openssl rand -base64 32)');
  }
  if (!options.dataDir || options.dataDir.startsWith('memory://')) return new KeyRing([{ id: 'memory', key: randomBytes(32) }]);
  const file = keyFileOf(options.dataDir);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return readKeyRing({ HEARTH_ENCRYPTION_KEYS: readFileSync(file, 'utf8').trim() }, options);
}

/** Where a development key is kept when HEARTH_ENCRYPTION_KEYS is not set: beside the data folder. */
export const keyFileOf = (dataDir: string) => `${resolve(dataDir)}.encryption.key`;

const rings = new WeakMap<object, KeyRing>();

/** Make `ring` the key ring of the database `db` (done once, when Hearth opens it). */
export function useKeyRing(db: object, ring: KeyRing): void {
  rings.set(db, ring);
}

/** The key ring of the database `db`: what seals and opens the secrets it holds. */
export function hasKeyRing(db: object): boolean {
  return rings.has(db);
}

export function keyRingOf(db: object): KeyRing {
  const ring = rings.get(db);
  if (!ring) throw new SealError('no key ring is set for this database (createHearth sets one)');
  return ring;
}
