import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Db } from '../../../platform/db/db.js';
import { SIGNING_ALG, signingKeysFor } from './keys.js';
import { selectClientEnabled } from './sql.js';

/**
 * Partner access tokens live five minutes, and no token living longer is accepted (exp − iat,
 * checked on every token): whoever could sign one cannot make it last.
 */
export const ACCESS_TOKEN_SECONDS = 300;
/** Every partner access token's audience. */
export const ACCESS_TOKEN_AUDIENCE = 'hearth';
/** RFC 9068: the media type of JWT access tokens, in the `typ` header. */
const ACCESS_TOKEN_TYP = 'at+jwt';
/** How long a "this client is enabled" answer is trusted by a process. */
const ENABLED_CACHE_MS = 5_000;
const CLOCK_TOLERANCE_SECONDS = 5;

/** Who is calling: a partner system, through a bearer token, in one council, with these scopes. */
export interface PartnerPrincipal {
  kind: 'partner';
  clientId: string;
  councilId: string;
  scopes: string[];
  /** The token's `jti`, for logs. */
  tokenId: string;
}

/**
 * Why a bearer token was refused (RFC 6750): 401 `invalid_request` (no usable token) or
 * `invalid_token`, 403 `insufficient_scope`; `reason` says what was wrong, in English, for the
 * partner's developers (it also goes in the WWW-Authenticate header).
 */
export interface PartnerRefusal {
  status: 401 | 403;
  error: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  reason: string;
  scope?: string;
}

export type PartnerCheck = { ok: true; principal: PartnerPrincipal } | { ok: false; refusal: PartnerRefusal };

export interface IssueInput {
  councilId: string;
  issuer: string;
  clientId: string;
  scopes: string[];
}

/** Sign an access token (ES256, five minutes) with the council's current key. */
export async function issueAccessToken(db: Db, input: IssueInput): Promise<{ token: string; jti: string; expiresIn: number }> {
  const { kid, privateKey } = await signingKeysFor(db).current(input.councilId);
  const jti = randomUUID();
  const token = await new SignJWT({ client_id: input.clientId, council_id: input.councilId, scope: input.scopes.join(' ') })
    .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: ACCESS_TOKEN_TYP })
    .setIssuer(input.issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject(input.clientId)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
    .sign(privateKey);
  return { token, jti, expiresIn: ACCESS_TOKEN_SECONDS };
}

const invalid = (reason: string): PartnerCheck => ({ ok: false, refusal: { status: 401, error: 'invalid_token', reason } });

const enabledCache = new WeakMap<Db, Map<string, { enabled: boolean; at: number }>>();

/** Whether the client is enabled, asking the database at most every few seconds per client. */
async function clientEnabled(db: Db, councilId: string, clientId: string): Promise<boolean> {
  let cache = enabledCache.get(db);
  if (!cache) enabledCache.set(db, (cache = new Map()));
  const key = `${councilId}\u0000${clientId}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ENABLED_CACHE_MS) return hit.enabled;
  const enabled = await selectClientEnabled(db, councilId, clientId);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { enabled, at: Date.now() });
  return enabled;
}

/** Forget cached "enabled" answers for a client (after disabling it in this process). */
export function forgetClientStatus(db: Db, councilId: string, clientId: string): void {
  enabledCache.get(db)?.delete(`${councilId}\u0000${clientId}`);
}

/**
 * Tokens whose signature and claims were already checked, until they expire: a partner sends
 * the same token with every call for its five minutes, and the signature check is most of what a
 * call costs. Only the exact same bytes match. Each time, still: the key that signed it must
 * still be one of the council's (the process's key cache is never older than a minute, and is
 * reloaded at once after a rotation here), and the client must still be enabled.
 */
const verified = new Map<string, { councilId: string; issuer: string; kid: string; exp: number; principal: PartnerPrincipal }>();
const VERIFIED_MAX = 10_000;

/**
 * Check a partner access token for the council `councilId` whose issuer is `issuer`: signature
 * by one of that council's keys (cached: no database query), `typ`, issuer, audience, expiry,
 * a lifetime of at most ACCESS_TOKEN_SECONDS, the council claim, and that the client is still
 * enabled (cached for a few seconds).
 */
export async function verifyPartnerToken(db: Db, token: string, expected: { councilId: string; issuer: string }): Promise<PartnerCheck> {
  const held = verified.get(token);
  if (held && held.councilId === expected.councilId && held.issuer === expected.issuer && Date.now() / 1000 < held.exp) {
    if (!(await signingKeysFor(db).verificationKey(expected.councilId, held.kid))) {
      verified.delete(token);
      return invalid('the token was signed with a key this council does not have');
    }
    if (!(await clientEnabled(db, expected.councilId, held.principal.clientId))) return invalid('the client is disabled');
    return { ok: true, principal: held.principal };
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    return invalid('the token is not a well-formed JWT');
  }
  if (header.alg !== SIGNING_ALG || typeof header.kid !== 'string') return invalid('the token was not signed by Hearth');
  if (header.typ !== ACCESS_TOKEN_TYP) return invalid('the token is not an access token (typ at+jwt)');
  // Said before the signature is checked, to give the clearest reason: a token of another
  // council is signed with that council's key, so it would fail below anyway.
  if (claims.council_id !== expected.councilId) return invalid('the token was issued for another council');
  if (claims.iss !== expected.issuer) return invalid(`the token was issued by another issuer (expected ${expected.issuer})`);
  const key = await signingKeysFor(db).verificationKey(expected.councilId, header.kid);
  if (!key) return invalid('the token was signed with a key this council does not have');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [SIGNING_ALG],
      issuer: expected.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
      typ: ACCESS_TOKEN_TYP,
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id', 'scope'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return invalid('the token has expired');
    if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('the token signature is not valid');
    if (error instanceof errors.JWTClaimValidationFailed) return invalid(`the token claim "${error.claim}" is not valid`);
    return invalid('the token is not valid');
  }
  const clientId = String(payload.client_id);
  if (payload.sub !== clientId || typeof payload.scope !== 'string') return invalid('the token is not valid');
  const iat = Number(payload.iat);
  if (Number(payload.exp) - iat > ACCESS_TOKEN_SECONDS || iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
    return invalid(`the token lives longer than ${ACCESS_TOKEN_SECONDS} seconds or was issued in the future`);
  }
  if (!(await clientEnabled(db, expected.councilId, clientId))) return invalid('the client is disabled');
  const principal: PartnerPrincipal = {
    kind: 'partner',
    clientId,
    councilId: expected.councilId,
    scopes: payload.scope.split(' ').filter(Boolean),
    tokenId: String(payload.jti),
  };
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { councilId: expected.councilId, issuer: expected.issuer, kid: header.kid, exp: Number(payload.exp), principal });
  return { ok: true, principal };
}

/**
 * The partner principal behind an `Authorization: Bearer …` header for a council, or why there
 * is none. This is what the platform's `access: { partnerScope }` declarations plug in.
 */
export async function partnerPrincipalFromBearer(
  db: Db,
  authorization: string | undefined,
  expected: { councilId: string; issuer: string },
): Promise<PartnerCheck> {
  if (!authorization) return { ok: false, refusal: { status: 401, error: 'invalid_request', reason: 'a bearer token is required' } };
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  if (!match) return { ok: false, refusal: { status: 401, error: 'invalid_request', reason: 'the Authorization header must be "Bearer <token>"' } };
  return verifyPartnerToken(db, match[1], expected);
}

/** Undefined when the principal holds `scope`, else the 403 refusal. */
export function scopeRefusal(principal: PartnerPrincipal, scope: string): PartnerRefusal | undefined {
  if (principal.scopes.includes(scope)) return undefined;
  return { status: 403, error: 'insufficient_scope', reason: `the token lacks the scope "${scope}"`, scope };
}

/** The WWW-Authenticate header for a refusal (RFC 6750 section 3). */
export function bearerChallenge(refusal: PartnerRefusal): string {
  const quote = (s: string) => s.replace(/[\\"]/g, '').replace(/[^\x20-\x7e]/g, '');
  const parts = ['realm="hearth"'];
  if (refusal.error !== 'invalid_request' || refusal.reason !== 'a bearer token is required') parts.push(`error="${refusal.error}"`);
  parts.push(`error_description="${quote(refusal.reason)}"`);
  if (refusal.scope) parts.push(`scope="${quote(refusal.scope)}"`);
  return `Bearer ${parts.join(', ')}`;
}
