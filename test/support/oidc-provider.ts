import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port, for the sign-in tests:
 * a client that authenticates with a private key (private_key_jwt, as GOV.UK One Login asks),
 * PKCE required, email claims, RP-initiated and back-channel logout. `signIn` drives its
 * login and consent pages over HTTP, as a person's browser would.
 */
export interface TestProvider {
  issuer: string;
  clientId: string;
  /** The client's private key, PEM PKCS #8 (Hearth's HEARTH_OIDC_PRIVATE_KEY). */
  clientKeyPem: string;
  /** Follow an authorization URL through login and consent as `account`; returns where the provider sends the browser back. */
  signIn(authorizationUrl: string, account: string): Promise<URL>;
  /** A back-channel logout token signed with the provider's key (header members can be overridden). */
  logoutToken(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface TestProviderOptions {
  /** Accept signed request objects (JAR) and say so in discovery (`request_parameter_supported`). */
  requestObjects?: boolean;
  /**
   * The `vot` the ID token carries, from the `vtr` the provider received (its first vector by
   * default, as GOV.UK One Login gives the level asked for; undefined: no vot).
   */
  vot?: (vtr: string[] | undefined) => string | undefined;
}

const firstVector = (vtr: string[] | undefined) => vtr?.[0];

export async function startTestProvider(hearthOrigin: string, options: TestProviderOptions = {}): Promise<TestProvider> {
  // The vtr each authorization asked for, by its nonce: the ID token is made later, at the token endpoint.
  const vtrByNonce = new Map<string, string[] | undefined>();
  const vot = options.vot ?? firstVector;
  const client = await generateKeyPair('RS256', { extractable: true });
  const signing = await generateKeyPair('RS256', { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(signing.privateKey)), kid: 'provider-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'hearth',
        redirect_uris: [`${hearthOrigin}/sign-in/oidc/callback`],
        post_logout_redirect_uris: [`${hearthOrigin}/signed-out`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [{ ...(await exportJWK(client.publicKey)), alg: 'RS256', use: 'sig' }] },
        backchannel_logout_uri: `${hearthOrigin}/oidc/backchannel-logout`,
        backchannel_logout_session_required: true,
      },
    ],
    features: {
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      requestObjects: { enabled: options.requestObjects ?? false },
    },
    extraParams: ['vtr'],
    claims: { openid: ['sub', 'vot'], email: ['email', 'email_verified'] },
    findAccount: async (ctx: { oidc?: { params?: Record<string, unknown> } }, sub: string, token?: { nonce?: string }) => {
      const params = ctx.oidc?.params;
      if (typeof params?.nonce === 'string') vtrByNonce.set(params.nonce, typeof params.vtr === 'string' ? (JSON.parse(params.vtr) as string[]) : undefined);
      const level = token?.nonce ? vot(vtrByNonce.get(token.nonce)) : undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: `${sub}@example.org`, email_verified: true, ...(level ? { vot: level } : {}) }),
      };
    },
    pkce: { required: () => true },
    jwks: { keys: [signingJwk] },
    cookies: { keys: ['hearth-test-provider-cookie-key'] },
  });
  server.on('request', provider.callback());

  async function signIn(authorizationUrl: string, account: string): Promise<URL> {
    const cookies = new Map<string, string>();
    const keep = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    };
    const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let url = new URL(authorizationUrl);
    for (let step = 0; step < 12; step++) {
      if (!url.href.startsWith(issuer)) return url; // back to the relying party
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
      keep(res);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url);
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`the provider's page has no form (${res.status}): ${html.slice(0, 300)}`);
      const fields: Record<string, string> = html.includes('name="prompt" value="login"') ? { prompt: 'login', login: account, password: 'any' } : { prompt: 'consent' };
      const posted = await fetch(new URL(action, url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
      keep(posted);
      url = new URL(posted.headers.get('location')!, url);
    }
    throw new Error('the provider did not send the browser back');
  }

  return {
    issuer,
    clientId: 'hearth',
    clientKeyPem: await exportPKCS8(client.privateKey),
    signIn,
    logoutToken: (claims, header = {}) =>
      new SignJWT({ events: { [BACKCHANNEL_EVENT]: {} }, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'provider-key', typ: 'logout+jwt', ...header })
        .setIssuer(issuer)
        .setAudience('hearth')
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .sign(signing.privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
