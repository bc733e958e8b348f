import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import type { Db } from '../../../platform/db/db.js';
import { checkFetchUrl, plainlyPrivateHost, SafeFetchError } from '../../../platform/http/safe-fetch.js';
import { auditPartnerChange, type PartnerActor } from './audit.js';
import { rotateSigningKeyIn, signingKeysFor } from './keys.js';
import { keyRingOf } from '../../../platform/crypto/key-ring.js';
import {
  insertClient,
  selectClientById,
  selectClients,
  updateClientDisabled,
  updateClientSecret,
  type PartnerAuthMethod,
  type PartnerClientRow,
} from './sql.js';
import { forgetClientStatus } from './tokens.js';

export type { PartnerActor } from './audit.js';
export type { PartnerAuthMethod } from './sql.js';

/** A scope as RFC 6749 allows it, kept to a readable subset: `vault.read`, `partner.read`. */
export const SCOPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,63}$/;
/** Algorithms a partner may sign its client assertions with. */
export const ASSERTION_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA'] as const;
const MAX_NAME = 120;
const MAX_DESCRIPTION = 1000;
const MAX_KEYS = 10;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** A partner client as the admin pages and the API see it (never its secret or its hash). */
export interface PartnerClient {
  id: string;
  clientId: string;
  name: string;
  description?: string;
  authMethod: PartnerAuthMethod;
  jwks?: { keys: JWK[] };
  jwksUri?: string;
  scopes: string[];
  createdBy?: string;
  createdAt: Date;
  secretSetAt?: Date;
  disabledAt?: Date;
}

export const toClient = (r: PartnerClientRow): PartnerClient => ({
  id: r.id,
  clientId: r.client_id,
  name: r.name,
  ...(r.description ? { description: r.description } : {}),
  authMethod: r.auth_method,
  ...(r.jwks ? { jwks: r.jwks as { keys: JWK[] } } : {}),
  ...(r.jwks_uri ? { jwksUri: r.jwks_uri } : {}),
  scopes: r.scopes,
  ...(r.created_by ? { createdBy: r.created_by } : {}),
  createdAt: r.created_at,
  ...(r.secret_set_at ? { secretSetAt: r.secret_set_at } : {}),
  ...(r.disabled_at ? { disabledAt: r.disabled_at } : {}),
});

/**
 * Bad input to a partner-client operation: each field with an error code. The admin pages turn
 * the codes into messages (`identity.partners.error.<code>`), in the reader's language.
 */
export class PartnerInputError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(`invalid partner client: ${Object.entries(errors).map(([f, c]) => `${f} ${c}`).join(', ')}`);
    this.name = 'PartnerInputError';
  }
}

export interface NewPartnerClient {
  name: string;
  description?: string;
  authMethod: PartnerAuthMethod;
  /** private_key_jwt: the partner's public keys, as a JWK Set (JSON text or object)… */
  jwks?: string | { keys: unknown[] };
  /** …or where Hearth fetches them (https). */
  jwksUri?: string;
  scopes: string[];
}

/** SHA-256 of a secret, hex. A 256-bit random secret cannot be guessed, so no slow hash is needed. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Whether `secret` is the one whose hash is `hash`, in constant time. */
export function secretMatches(secret: string, hash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const held = Buffer.from(hash, 'hex');
  return held.length === given.length && timingSafeEqual(given, held);
}

/** A new client secret: 256 random bits, URL-safe. */
const newSecret = () => randomBytes(32).toString('base64url');
/** A new public client id: 128 random bits, URL-safe. */
const newClientId = () => randomBytes(16).toString('base64url');

/**
 * Check a JWK Set of a partner's public signing keys. Refused: not JSON, no keys, too many,
 * symmetric keys, any private member, keys not for signing, keys that do not import.
 */
export async function checkJwks(input: string | { keys: unknown[] }): Promise<{ jwks: { keys: JWK[] } } | { error: string }> {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { error: 'jwks_json' };
    }
  }
  const keys = (value as { keys?: unknown })?.keys;
  if (!value || typeof value !== 'object' || !Array.isArray(keys)) return { error: 'jwks_shape' };
  if (keys.length === 0) return { error: 'jwks_empty' };
  if (keys.length > MAX_KEYS) return { error: 'jwks_too_many' };
  const out: JWK[] = [];
  for (const key of keys) {
    if (!key || typeof key !== 'object' || Array.isArray(key)) return { error: 'jwks_shape' };
    const jwk = key as JWK & Record<string, unknown>;
    if (PRIVATE_MEMBERS.some((m) => m in jwk)) return { error: 'jwks_private' };
    if (!['EC', 'RSA', 'OKP'].includes(String(jwk.kty))) return { error: 'jwks_key_type' };
    if (jwk.use !== undefined && jwk.use !== 'sig') return { error: 'jwks_use' };
    const alg = jwk.alg ?? (jwk.kty === 'EC' ? { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[String(jwk.crv)] : jwk.kty === 'OKP' ? 'EdDSA' : 'RS256');
    if (!alg || !(ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) return { error: 'jwks_alg' };
    if (jwk.kty === 'RSA' && typeof jwk.n === 'string' && Buffer.from(jwk.n, 'base64url').length < 256) return { error: 'jwks_rsa_short' };
    try {
      await importJWK(jwk, alg);
    } catch {
      return { error: 'jwks_invalid' };
    }
    out.push(jwk);
  }
  const kids = out.map((k) => k.kid).filter((k) => k !== undefined);
  if (new Set(kids).size !== kids.length) return { error: 'jwks_duplicate_kid' };
  return { jwks: { keys: out } };
}

/**
 * What is wrong with a JWKS address an admin gives, if anything: not https (or a user name,
 * password or fragment in it), or plainly this machine or a private network (`localhost`, a
 * private or loopback IP address). A name that resolves to such an address is refused when
 * it is fetched (src/platform/http/safe-fetch.ts checks every address as it connects).
 */
export function jwksUriProblem(value: string): 'jwks_uri_invalid' | 'jwks_uri_private' | undefined {
  if (value.length > 2000) return 'jwks_uri_invalid';
  const url = checkFetchUrl(value);
  if (url instanceof SafeFetchError || url.hash) return 'jwks_uri_invalid';
  if (plainlyPrivateHost(url)) return 'jwks_uri_private';
  return undefined;
}

/** Whether Hearth may be given this JWKS address. */
export const checkJwksUri = (value: string): boolean => jwksUriProblem(value) === undefined;

/**
 * Register a partner client. A client_secret client gets a new secret, returned here ONCE
 * (only its hash is kept); a private_key_jwt client brings its public keys or their address.
 * Audited in the same transaction.
 */
export async function registerClient(db: Db, actor: PartnerActor, input: NewPartnerClient): Promise<{ client: PartnerClient; secret?: string }> {
  const errors: Record<string, string> = {};
  const name = (input.name ?? '').trim();
  const description = (input.description ?? '').trim();
  if (!name) errors.name = 'name_missing';
  else if ([...name].length > MAX_NAME) errors.name = 'name_long';
  if ([...description].length > MAX_DESCRIPTION) errors.description = 'description_long';
  const scopes = [...new Set(input.scopes ?? [])];
  if (scopes.length === 0) errors.scopes = 'scopes_missing';
  else if (!scopes.every((s) => SCOPE_PATTERN.test(s))) errors.scopes = 'scopes_invalid';
  let jwks: { keys: JWK[] } | undefined;
  let jwksUri: string | undefined;
  if (input.authMethod === 'private_key_jwt') {
    const text = typeof input.jwks === 'string' ? input.jwks.trim() : input.jwks;
    const uri = (input.jwksUri ?? '').trim();
    if (text && uri) errors.jwks = 'jwks_both';
    else if (uri) {
      const problem = jwksUriProblem(uri);
      if (problem) errors.jwks_uri = problem;
      else jwksUri = uri;
    } else if (text) {
      const checked = await checkJwks(text);
      if ('error' in checked) errors.jwks = checked.error;
      else jwks = checked.jwks;
    } else errors.jwks = 'jwks_missing';
  } else if (input.authMethod !== 'client_secret') {
    errors.auth_method = 'auth_method_missing';
  }
  if (Object.keys(errors).length) throw new PartnerInputError(errors);

  const secret = input.authMethod === 'client_secret' ? newSecret() : undefined;
  const row = await db.transaction(async (tx) => {
    const inserted = await insertClient(tx, {
      councilId: actor.councilId,
      id: randomUUID(),
      clientId: newClientId(),
      name,
      description: description || undefined,
      authMethod: input.authMethod,
      secretHash: secret ? hashSecret(secret) : undefined,
      jwks,
      jwksUri,
      scopes,
      createdBy: actor.personId,
    });
    await auditPartnerChange(tx, actor, 'partner_client.registered', inserted.id, {
      client_id: inserted.client_id,
      name,
      auth_method: inserted.auth_method,
      scopes,
    });
    return inserted;
  });
  return { client: toClient(row), ...(secret ? { secret } : {}) };
}

/** Every partner client of the council (enabled first, newest first). */
export async function listClients(db: Db, councilId: string): Promise<PartnerClient[]> {
  return (await selectClients(db, councilId)).map(toClient);
}

export async function getClient(db: Db, councilId: string, id: string): Promise<PartnerClient | undefined> {
  const row = await selectClientById(db, councilId, id);
  return row && toClient(row);
}

/**
 * Disable a client: it gets no new tokens, and its tokens already issued are refused within a
 * few seconds in every process (the enabled check is cached that long). Undefined when the
 * council has no enabled client with this id.
 */
export async function disableClient(db: Db, actor: PartnerActor, id: string): Promise<PartnerClient | undefined> {
  const row = await db.transaction(async (tx) => {
    const updated = await updateClientDisabled(tx, actor.councilId, id, actor.personId ?? null);
    if (updated) await auditPartnerChange(tx, actor, 'partner_client.disabled', updated.id, { client_id: updated.client_id, name: updated.name });
    return updated;
  });
  if (row) forgetClientStatus(db, actor.councilId, row.client_id);
  return row && toClient(row);
}

/**
 * Give a client_secret client a new secret, returned ONCE; the old one stops working at once.
 * Undefined when the council has no enabled client_secret client with this id.
 */
export async function rotateSecret(db: Db, actor: PartnerActor, id: string): Promise<{ client: PartnerClient; secret: string } | undefined> {
  const secret = newSecret();
  const row = await db.transaction(async (tx) => {
    const updated = await updateClientSecret(tx, actor.councilId, id, hashSecret(secret));
    if (updated) await auditPartnerChange(tx, actor, 'partner_client.secret_rotated', updated.id, { client_id: updated.client_id, name: updated.name });
    return updated;
  });
  return row && { client: toClient(row), secret };
}

/**
 * Rotate the council's token-signing key: a new key signs from now on; the old one is still
 * published and accepted for an hour, so tokens already issued keep working. With
 * `withdrawPrevious` (the old key may have been exposed) the old keys are deleted: tokens they
 * signed are refused at once in this process and within a minute in every other. Audited.
 */
export async function rotateSigningKey(
  db: Db,
  actor: PartnerActor,
  options: { withdrawPrevious?: boolean } = {},
): Promise<{ retired?: string; current: string; withdrawn: string[] }> {
  const result = await db.transaction(async (tx) => {
    const kids = await rotateSigningKeyIn(tx, actor.councilId, options, keyRingOf(db));
    await auditPartnerChange(tx, actor, 'partner_signing_key.rotated', kids.current, {
      retired_kid: kids.retired ?? null,
      ...(options.withdrawPrevious ? { withdrawn_kids: kids.withdrawn } : {}),
    });
    return kids;
  });
  signingKeysFor(db).forget(actor.councilId);
  return result;
}
