import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, importPKCS8, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import type { OidcSettings } from './settings.js';

/**
 * The OpenID Connect client: authorization code with PKCE, state and nonce; tokens checked by
 * openid-client (issuer, audience, signature, nonce, PKCE); the level of confidence (`vot`
 * against the `vtr` asked for); userinfo; RP-initiated logout with `id_token_hint`;
 * back-channel logout tokens checked by jose.
 *
 * When the provider supports request objects (`request_parameter_supported`) and Hearth has a
 * private key, the authorization request travels as a JWT signed with that key (JAR, RFC 9101),
 * so nothing in it — `vtr` above all — can be edited in the address bar on the way.
 */

/**
 * Why a sign-in or logout was refused, in words for the log; `page` is what the person is told:
 * that it did not work, or that it did not reach the level of confidence the service needs.
 */
export class OidcRefused extends Error {
  constructor(
    message: string,
    readonly page: 'failed' | 'confidence' = 'failed',
  ) {
    super(message);
    this.name = 'OidcRefused';
  }
}

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
/** The logout token's media type (Back-Channel Logout 1.0 section 2.4), in its `typ` header. */
const LOGOUT_TOKEN_TYP = 'logout+jwt';

export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;
  private privateKey?: Promise<CryptoKey>;

  constructor(readonly settings: OidcSettings) {}

  /** The provider's metadata, discovered once (a failure is retried next time). */
  config(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const s = this.settings;
      const auth = s.privateKey
        ? oidc.PrivateKeyJwt({ key: await this.key(), kid: s.privateKey.kid })
        : oidc.ClientSecretBasic(s.clientSecret);
      return oidc.discovery(s.issuer, s.clientId, undefined, auth, s.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
    })().catch((error) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  /** Hearth's private key (private_key_jwt, and signing request objects). */
  private key(): Promise<CryptoKey> {
    const { pem, alg } = this.settings.privateKey!;
    this.privateKey ??= importPKCS8(pem, alg);
    return this.privateKey;
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
    if (this.settings.signedRequests && this.settings.privateKey && config.serverMetadata().request_parameter_supported === true) {
      const url = await oidc.buildAuthorizationUrlWithJAR(config, parameters, { key: await this.key(), kid: this.settings.privateKey.kid });
      // OpenID Connect (Core 6.1) also wants these outside the request object, with the same values.
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('scope', this.settings.scopes);
      return { url, state, nonce, codeVerifier };
    }
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
    const accepted = this.settings.acceptedVots;
    if (accepted) {
      if (typeof claims.vot !== 'string') throw new OidcRefused(`the ID token has no vot, though vtr ${this.settings.vtr} was asked for`, 'confidence');
      if (!accepted.includes(claims.vot)) throw new OidcRefused(`the ID token's vot "${claims.vot}" is not one asked for (${accepted.join(', ')})`, 'confidence');
    }
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
   * signed by the provider, for this client, recent, typed `logout+jwt`, with the logout event,
   * a sub or a sid, and no nonce. Replays are the caller's to refuse (by `jti`).
   *
   * The `typ`: any other type (an ID token's `JWT`, an access token's `at+jwt`) is refused. A
   * token with no `typ` is accepted: the specification only RECOMMENDS explicit typing (2.4)
   * and its validation steps (2.6) do not require it, so a conforming provider may leave it
   * out; such a token still has to carry the logout event and no nonce, which no ID token does
   * (section 4.1, cross-JWT confusion).
   */
  async verifyLogoutToken(token: string): Promise<{ issuer: string; sub?: string; sid?: string; jti: string; expiresAt: Date }> {
    const config = await this.config();
    const metadata = config.serverMetadata();
    if (!metadata.jwks_uri) throw new OidcRefused('the provider publishes no keys');
    this.jwks ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    let typ: unknown;
    try {
      typ = decodeProtectedHeader(token).typ;
    } catch {
      throw new OidcRefused('the logout token is not a well-formed JWT');
    }
    if (typ !== undefined && (typeof typ !== 'string' || typ.toLowerCase().replace(/^application\//, '') !== LOGOUT_TOKEN_TYP)) {
      throw new OidcRefused(`the token's typ is ${JSON.stringify(typ)}, not ${LOGOUT_TOKEN_TYP}: it is not a logout token`);
    }
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
