import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { Db } from '../../../platform/db/db.js';
import { PartnerKeysUnavailable, remotePartnerKeysFor } from './remote-jwks.js';
import { ASSERTION_ALGORITHMS, hashSecret, secretMatches } from './service.js';
import { selectClientByClientId, useAssertionJti, type PartnerClientRow } from './sql.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** A client assertion may live at most this long (exp − now). */
export const MAX_ASSERTION_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 30;

/** An OAuth 2 error answer (RFC 6749 section 5.2). */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type' | 'unauthorized_client',
    readonly description: string,
    /** What went wrong in more detail, for the log only (never in the response). */
    readonly logDetail?: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

const invalidClient = (description: string, logDetail?: string) => new OAuthError(401, 'invalid_client', description, logDetail);
/**
 * The one answer to every failure to get a client's keys from its JWKS address: which hosts
 * and ports answer, and how, is not told to whoever is calling.
 */
export const KEYS_UNAVAILABLE = 'the client\'s keys could not be obtained from its JWKS address';
const invalidRequest = (description: string) => new OAuthError(400, 'invalid_request', description);

// Compared against when the client is unknown, so that answer takes as long as a wrong secret.
const DUMMY_HASH = hashSecret('hearth: no such client');

/** The client credentials in a token request, whichever way they came. */
type Presented =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; secret: string }
  | { method: 'private_key_jwt'; clientId?: string; assertion: string };

function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** Read the client's credentials: exactly one method (RFC 6749 section 2.3). */
function presented(authorization: string | undefined, params: Record<string, string>): Presented {
  const methods: Presented[] = [];
  if (authorization !== undefined) {
    const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(authorization);
    if (!match) throw invalidClient('the Authorization header must be "Basic <base64 of client_id:client_secret>"');
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalidClient('the Basic credentials must be client_id:client_secret');
    try {
      methods.push({ method: 'client_secret_basic', clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) });
    } catch {
      throw invalidClient('the Basic credentials are not correctly encoded');
    }
  }
  if (params.client_secret !== undefined) {
    if (!params.client_id) throw invalidRequest('client_id is missing');
    methods.push({ method: 'client_secret_post', clientId: params.client_id, secret: params.client_secret });
  }
  if (params.client_assertion !== undefined || params.client_assertion_type !== undefined) {
    if (params.client_assertion_type !== JWT_BEARER_ASSERTION) {
      throw invalidRequest(`client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
    }
    if (!params.client_assertion) throw invalidRequest('client_assertion is missing');
    methods.push({ method: 'private_key_jwt', clientId: params.client_id, assertion: params.client_assertion });
  }
  if (methods.length > 1) throw invalidRequest('use exactly one client authentication method');
  if (methods.length === 0) throw invalidClient('client authentication is missing');
  const [one] = methods;
  if (one.method === 'client_secret_basic' && params.client_id !== undefined && params.client_id !== one.clientId) {
    throw invalidRequest('client_id does not match the Basic credentials');
  }
  return one;
}

/**
 * Check a client assertion's signature and claims against the client's keys: registered, or
 * at its JWKS address (fetched again, within limits, when the assertion names a key not held).
 */
async function verifyAssertion(db: Db, client: PartnerClientRow, assertion: string, audiences: string[]): Promise<JWTPayload> {
  const options = {
    algorithms: [...ASSERTION_ALGORITHMS],
    issuer: client.client_id,
    subject: client.client_id,
    audience: audiences,
    requiredClaims: ['exp', 'jti'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  const verifyWith = async (keys: JWK[]) => (await jwtVerify(assertion, createLocalJWKSet({ keys }), options)).payload;
  if (client.jwks) return verifyWith(client.jwks.keys as JWK[]);
  const remote = remotePartnerKeysFor(db);
  try {
    return await verifyWith(await remote.keys(client));
  } catch (error) {
    if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
    return verifyWith(await remote.keys(client, { stale: true }));
  }
}

/**
 * Authenticate the client of a token request in the council: client_secret_basic,
 * client_secret_post (the secret compared by hash, in constant time) or private_key_jwt (the
 * assertion signed by one of the client's keys, iss = sub = client_id, aud this server, exp
 * within five minutes, jti used once). Disabled clients are refused. Throws an OAuthError.
 */
export async function authenticateClient(
  db: Db,
  councilId: string,
  authorization: string | undefined,
  params: Record<string, string>,
  audiences: string[],
): Promise<PartnerClientRow> {
  const creds = presented(authorization, params);

  if (creds.method !== 'private_key_jwt') {
    const client = creds.clientId.length <= 64 ? await selectClientByClientId(db, councilId, creds.clientId) : undefined;
    const ok = secretMatches(creds.secret, client?.secret_hash ?? DUMMY_HASH);
    if (!client) throw invalidClient('unknown client');
    if (client.auth_method !== 'client_secret') throw invalidClient('this client authenticates with private_key_jwt, not a secret');
    if (!ok) throw invalidClient('the client secret is wrong');
    if (client.disabled_at) throw invalidClient('the client is disabled');
    return client;
  }

  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(creds.assertion);
  } catch {
    throw invalidClient('client_assertion is not a well-formed JWT');
  }
  const clientId = typeof unverified.iss === 'string' ? unverified.iss : undefined;
  if (!clientId) throw invalidClient('client_assertion has no iss (it must be the client_id)');
  if (creds.clientId !== undefined && creds.clientId !== clientId) throw invalidClient('client_id does not match the assertion');
  const client = clientId.length <= 64 ? await selectClientByClientId(db, councilId, clientId) : undefined;
  if (!client) throw invalidClient('unknown client');
  if (client.auth_method !== 'private_key_jwt') throw invalidClient('this client authenticates with a secret, not private_key_jwt');

  let payload: JWTPayload;
  try {
    payload = await verifyAssertion(db, client, creds.assertion, audiences);
  } catch (error) {
    if (error instanceof PartnerKeysUnavailable) throw invalidClient(KEYS_UNAVAILABLE, error.reason);
    if (error instanceof errors.JWTExpired) throw invalidClient('client_assertion has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'aud') throw invalidClient(`client_assertion aud must be this token endpoint (${audiences[1] ?? audiences[0]})`);
      throw invalidClient(`client_assertion claim "${error.claim}" is not valid (${error.reason})`);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
      throw invalidClient('client_assertion is not signed by any of the client\'s registered keys');
    }
    if (error instanceof errors.JOSEAlgNotAllowed) throw invalidClient(`client_assertion alg must be one of ${ASSERTION_ALGORITHMS.join(', ')}`);
    throw invalidClient('client_assertion is not valid');
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp!;
  if (exp - now > MAX_ASSERTION_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw invalidClient(`client_assertion exp must be within ${MAX_ASSERTION_SECONDS / 60} minutes`);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200) {
    throw invalidClient('client_assertion jti must be a string of 1 to 200 characters');
  }
  if (client.disabled_at) throw invalidClient('the client is disabled');
  const fresh = await useAssertionJti(db, councilId, clientId, payload.jti, new Date((exp + CLOCK_TOLERANCE_SECONDS) * 1000));
  if (!fresh) throw invalidClient('client_assertion has already been used (jti replayed)');
  return client;
}
