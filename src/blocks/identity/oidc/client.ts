import * as oidc from 'openid-client';
import { createRemoteJWKSet, importPKCS8, jwtVerify, type JWTPayload } from 'jose';
import type { OidcSettings } from './settings.js';

/**
 * The OpenID Connect client: authorization code with PKCE, state and nonce; tokens checked by
 * openid-client (issuer, audience, signature, nonce, PKCE); userinfo; RP-initiated logout
 * with `id_token_hint`; back-channel logout tokens checked by jose.
 */

/** Why a sign-in or logout was refused, in words for the log. */
export class OidcRefused extends Error {}

export interface SignInStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedIn {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  sid?: string;
  idToken: string;
}

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(readonly settings: OidcSettings) {}

  /** The provider's metadata, discovered once (a failure is retried next time). */
  config(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const s = this.settings;
      const auth = s.privateKey
        ? oidc.PrivateKeyJwt({ key: await importPKCS8(s.privateKey.pem, s.privateKey.alg), kid: s.privateKey.kid })
        : oidc.ClientSecretBasic(s.clientSecret);
      return oidc.discovery(s.issuer, s.clientId, undefined, auth, s.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
    })().catch((error) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  async begin(redirectUri: string, locale: 'en' | 'cy'): Promise<SignInStart> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ui_locales: locale,
    };
    if (this.settings.vtr) parameters.vtr = this.settings.vtr;
    return { url: oidc.buildAuthorizationUrl(config, parameters), state, nonce, codeVerifier };
  }

  /** Finish: exchange the code (once), check everything, read userinfo. */
  async complete(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignedIn> {
    const config = await this.config();
    const error = callbackUrl.searchParams.get('error');
    if (error) throw new OidcRefused(`the provider answered ${error}: ${callbackUrl.searchParams.get('error_description') ?? ''}`.trim());
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      throw new OidcRefused(`the sign-in could not be checked: ${(e as Error).message}`);
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcRefused('the provider sent no ID token');
    let email = typeof claims.email === 'string' ? claims.email : undefined;
    let emailVerified = claims.email_verified === true;
    if (!email && tokens.access_token) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      if (typeof info.email === 'string') {
        email = info.email;
        emailVerified = info.email_verified === true;
      }
    }
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email,
      emailVerified,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
      idToken: tokens.id_token!,
    };
  }

  /** Where to send the browser to end the provider's session too. */
  async logoutUrl(idTokenHint: string, postLogoutRedirectUri: string): Promise<URL | undefined> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, { id_token_hint: idTokenHint, post_logout_redirect_uri: postLogoutRedirectUri });
  }

  /**
   * Check a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6):
   * signed by the provider, for this client, recent, with the logout event, a sub or a sid,
   * and no nonce. Replays are the caller's to refuse (by `jti`).
   */
  async verifyLogoutToken(token: string): Promise<{ issuer: string; sub?: string; sid?: string; jti: string; expiresAt: Date }> {
    const config = await this.config();
    const metadata = config.serverMetadata();
    if (!metadata.jwks_uri) throw new OidcRefused('the provider publishes no keys');
    this.jwks ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, { issuer: metadata.issuer, audience: this.settings.clientId, maxTokenAge: '10 minutes' }));
    } catch (e) {
      throw new OidcRefused(`the logout token is not valid: ${(e as Error).message}`);
    }
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || !(BACKCHANNEL_EVENT in events)) throw new OidcRefused('the logout token has no back-channel logout event');
    if ('nonce' in payload) throw new OidcRefused('a logout token must not carry a nonce');
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!payload.sub && !sid) throw new OidcRefused('the logout token names neither a subject nor a session');
    if (typeof payload.jti !== 'string') throw new OidcRefused('the logout token has no jti');
    return { issuer: metadata.issuer, sub: payload.sub, sid, jti: payload.jti, expiresAt: new Date(((payload.iat ?? 0) + 600) * 1000) };
  }
}
