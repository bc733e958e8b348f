import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import type { NewCouncil } from '../../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { signIn } from '../support.js';

export const PUBLIC_URL = 'https://hearth.test';

/** A test Hearth with the identity block on, its public URL set. */
export function startPartnersHearth(options: { council?: NewCouncil } = {}): Promise<TestHearth> {
  return startTestHearth({ ...options, env: { HEARTH_BLOCKS: 'directory,identity', HEARTH_PUBLIC_URL: PUBLIC_URL } });
}

/** A different client address for each call: the token endpoint's rate limit counts per address. */
let nextAddress = 0;
export const freshAddress = () => `10.20.${Math.floor(++nextAddress / 250) % 250}.${(nextAddress % 250) + 1}`;

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
 * A person with `role` in the test council (a council admin by default), signed in by email
 * link: the Cookie header of their browser.
 */
export async function signedInCookie(hearth: TestHearth, email = 'admin@testshire.example', role = 'council_admin'): Promise<string> {
  const person = await ensurePerson(hearth.db, email);
  await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role, scope: '', grantedBy: null });
  return (await signIn(hearth, email)).jar.header();
}
