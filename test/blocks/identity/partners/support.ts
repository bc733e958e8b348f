import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { registerPartnerRoutes } from '../../../../src/blocks/identity/partners/routes.js';
import { AVAILABLE_BLOCKS } from '../../../../src/main.js';
import type { NewCouncil } from '../../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';

const identityDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'src', 'blocks', 'identity');

/**
 * Until the identity block itself is assembled in main.ts, the partner tests run its
 * migrations and the partner routes as a stand-in block of the same name; once it exists,
 * the real block is used.
 */
if (!AVAILABLE_BLOCKS.identity) {
  AVAILABLE_BLOCKS.identity = {
    name: 'identity',
    migrations: { owner: 'identity', dir: join(identityDir, 'migrations') },
    councilRoutes: registerPartnerRoutes,
  };
}

export const PUBLIC_URL = 'https://hearth.test';

/** A test Hearth with the identity block on, its public URL set. */
export function startPartnersHearth(options: { council?: NewCouncil } = {}): Promise<TestHearth> {
  return startTestHearth({ ...options, env: { HEARTH_BLOCKS: 'directory,identity', HEARTH_PUBLIC_URL: PUBLIC_URL } });
}

/** The issuer of a council's partner tokens. */
export const issuerOf = (slug: string) => `${PUBLIC_URL}/c/${slug}`;

export interface PartnerKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  jwks: { keys: JWK[] };
}

/** A partner's own signing key pair (ES256 by default). */
export async function partnerKey(kid = 'partner-key-1', alg: 'ES256' | 'RS256' = 'ES256'): Promise<PartnerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { privateKey, publicJwk, jwks: { keys: [publicJwk] } };
}

/** A private_key_jwt client assertion; every claim can be overridden (undefined removes it). */
export async function clientAssertion(
  key: PartnerKey,
  clientId: string,
  aud: string,
  claims: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iss: clientId, sub: clientId, aud, jti: crypto.randomUUID(), iat: now, exp: now + 120, ...claims };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: String(key.publicJwk.alg), kid: String(key.publicJwk.kid) }).sign(key.privateKey);
}

export const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/**
 * A Cookie header for a signed-in council admin of the test council, for the admin pages.
 * (Empty while the identity block's sessions are not there to sign in with.)
 */
export async function adminCookie(hearth: TestHearth): Promise<string> {
  void hearth;
  return '';
}
