import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../platform/config.js';

/**
 * OpenID Connect sign-in settings, from the environment (listed in the README). GOV.UK One
 * Login is first-class: its profile sends `vtr` and `ui_locales` and authenticates the client
 * with a private key (private_key_jwt). Any other provider: the generic profile, with a client
 * secret or a private key.
 */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  /** PEM (PKCS #8) private key for private_key_jwt, and its algorithm and key id. */
  privateKey?: { pem: string; alg: string; kid?: string };
  clientSecret?: string;
  scopes: string;
  /** One Login's vector of trust, e.g. '["Cl.Cm"]', sent as it is. */
  vtr?: string;
  /**
   * The vectors in `vtr`: the ID token's `vot` must be one of them (exactly), so a person who
   * lowers `vtr` in the address bar to skip the second factor is refused.
   */
  acceptedVots?: string[];
  providerName: string;
  profile: 'govuk-one-login' | 'generic';
  /** Plain http issuers are allowed only when this is set (tests, a local provider). */
  allowInsecure: boolean;
  /**
   * Send the authorization request as a signed request object (JAR) when the provider supports
   * them and there is a private key (HEARTH_OIDC_SIGNED_REQUESTS=auto, the default); `off` never does.
   */
  signedRequests: boolean;
}

/** The settings, or undefined when HEARTH_OIDC_ISSUER is unset (email sign-in only). */
export function readOidcSettings(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const issuerText = env.HEARTH_OIDC_ISSUER;
  if (!issuerText) return undefined;
  let issuer: URL;
  try {
    issuer = new URL(issuerText);
  } catch {
    throw new ConfigError(`HEARTH_OIDC_ISSUER must be the provider's issuer URL, such as https://oidc.account.gov.uk/; it is "${issuerText}"`);
  }
  const allowInsecure = env.HEARTH_OIDC_ALLOW_HTTP === 'true';
  if (issuer.protocol !== 'https:' && !allowInsecure) throw new ConfigError('HEARTH_OIDC_ISSUER must use https (set HEARTH_OIDC_ALLOW_HTTP=true only for a local test provider)');
  const clientId = env.HEARTH_OIDC_CLIENT_ID;
  if (!clientId) throw new ConfigError('HEARTH_OIDC_CLIENT_ID must be set when HEARTH_OIDC_ISSUER is');
  const profile = (env.HEARTH_OIDC_PROFILE || (issuer.hostname.endsWith('account.gov.uk') ? 'govuk-one-login' : 'generic')) as OidcSettings['profile'];
  if (profile !== 'govuk-one-login' && profile !== 'generic') throw new ConfigError(`HEARTH_OIDC_PROFILE must be govuk-one-login or generic; it is "${profile}"`);
  let pem = env.HEARTH_OIDC_PRIVATE_KEY;
  if (!pem && env.HEARTH_OIDC_PRIVATE_KEY_FILE) {
    try {
      pem = readFileSync(env.HEARTH_OIDC_PRIVATE_KEY_FILE, 'utf8');
    } catch {
      throw new ConfigError(`HEARTH_OIDC_PRIVATE_KEY_FILE: cannot read ${env.HEARTH_OIDC_PRIVATE_KEY_FILE}`);
    }
  }
  if (pem && !pem.includes('BEGIN PRIVATE KEY')) throw new ConfigError('The OIDC private key must be PEM PKCS #8 ("BEGIN PRIVATE KEY")');
  const clientSecret = env.HEARTH_OIDC_CLIENT_SECRET || undefined;
  if (!pem && !clientSecret) throw new ConfigError('Set HEARTH_OIDC_PRIVATE_KEY_FILE (private_key_jwt; GOV.UK One Login needs it) or HEARTH_OIDC_CLIENT_SECRET');
  if (profile === 'govuk-one-login' && !pem) throw new ConfigError('GOV.UK One Login authenticates clients with a private key: set HEARTH_OIDC_PRIVATE_KEY_FILE');
  const signed = env.HEARTH_OIDC_SIGNED_REQUESTS || 'auto';
  if (signed !== 'auto' && signed !== 'off') throw new ConfigError(`HEARTH_OIDC_SIGNED_REQUESTS must be auto or off; it is "${signed}"`);
  const vtr = env.HEARTH_OIDC_VTR || (profile === 'govuk-one-login' ? '["Cl.Cm"]' : undefined);
  return {
    issuer,
    clientId,
    privateKey: pem ? { pem, alg: env.HEARTH_OIDC_PRIVATE_KEY_ALG || 'RS256', kid: env.HEARTH_OIDC_PRIVATE_KEY_ID || undefined } : undefined,
    clientSecret,
    scopes: env.HEARTH_OIDC_SCOPES || 'openid email',
    vtr,
    acceptedVots: vtr === undefined ? undefined : readVtr(vtr),
    providerName: env.HEARTH_OIDC_PROVIDER_NAME || (profile === 'govuk-one-login' ? 'GOV.UK One Login' : 'your organisation'),
    profile,
    allowInsecure,
    signedRequests: signed === 'auto',
  };
}

const VECTOR = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/;

/** The vectors of trust in HEARTH_OIDC_VTR: a JSON array of one or more, such as ["Cl.Cm"]. */
function readVtr(vtr: string): string[] {
  let vectors: unknown;
  try {
    vectors = JSON.parse(vtr);
  } catch {
    vectors = undefined;
  }
  if (!Array.isArray(vectors) || vectors.length === 0 || !vectors.every((v) => typeof v === 'string' && VECTOR.test(v))) {
    throw new ConfigError(`HEARTH_OIDC_VTR must be a JSON array of vectors of trust, such as ["Cl.Cm"]; it is ${JSON.stringify(vtr)}`);
  }
  return vectors as string[];
}
