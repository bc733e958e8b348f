import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { authenticateClient, OAuthError } from './client-auth.js';
import { assertionAudiences, partnerIssuer } from './issuer.js';
import { signingKeysFor } from './keys.js';
import { SCOPE_PATTERN } from './service.js';
import { issueAccessToken } from './tokens.js';

const TOKEN_PARAMS = ['grant_type', 'scope', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type'] as const;

/** Route options shared by the partner routes (the platform's access declaration). */
export const PUBLIC_ROUTE = { access: 'public' } as const;
/**
 * Token requests per client IP per minute, counted across processes by the platform's rate
 * limiter (429 with Retry-After beyond it). A partner needs one token per 5 minutes per scope set.
 */
export const TOKEN_RATE_LIMIT = { bucket: 'oauth-token', max: 60, windowSeconds: 60 } as const;

/** The token request's parameters: each at most once (RFC 6749 section 3.2); empty ones are as if absent. */
function tokenParams(request: FastifyRequest): Record<string, string> {
  const type = String(request.headers['content-type'] ?? '');
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError(400, 'invalid_request', 'the request body must be application/x-www-form-urlencoded');
  }
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
  const params: Record<string, string> = {};
  for (const name of TOKEN_PARAMS) {
    const value = body[name];
    if (Array.isArray(value)) throw new OAuthError(400, 'invalid_request', `${name} must not be repeated`);
    if (typeof value === 'string' && value !== '') params[name] = value;
  }
  return params;
}

function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: OAuthError) {
  request.log.info({ oauth_error: error.error, reason: error.description, ...(error.logDetail ? { detail: error.logDetail } : {}) }, 'partner token refused');
  if (error.status === 401) reply.header('www-authenticate', 'Basic realm="hearth", charset="UTF-8"');
  return reply.code(error.status).type('application/json; charset=utf-8').send({ error: error.error, error_description: error.description });
}

const TokenResponse = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'scope'],
  properties: {
    access_token: { type: 'string', description: 'A JWT (ES256, typ at+jwt), to send as `Authorization: Bearer …`.' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', description: 'Seconds until it expires (300).' },
    scope: { type: 'string', description: 'The scopes granted, separated by spaces.' },
  },
} as const;

/**
 * The token request's form, for the OpenAPI document. The handler reads the form itself and
 * answers RFC 6749 errors (`tokenParams`), so a request this schema refuses is not refused
 * here (`attachValidation`): the schema describes, the handler decides.
 */
const TokenRequest = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string', enum: ['client_credentials'], description: 'Always `client_credentials`.' },
    scope: { type: 'string', description: 'The scopes wanted, separated by single spaces; by default every scope the client may have.' },
    client_id: { type: 'string', description: 'The client, when it sends its secret in the form (client_secret_post) rather than by HTTP Basic.' },
    client_secret: { type: 'string', description: 'The client secret, with `client_id` (client_secret_post).' },
    client_assertion_type: {
      type: 'string',
      enum: ['urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
      description: 'For clients that authenticate with a signed JWT (private_key_jwt).',
    },
    client_assertion: {
      type: 'string',
      description: "A JWT signed by one of the client's keys: iss = sub = client_id, aud = this token endpoint's URL, exp within 5 minutes, a jti never used before.",
    },
  },
} as const;

/**
 * `POST /oauth/token` (OAuth 2 client credentials for partner systems) and
 * `GET /oauth/jwks.json` (the council's public token-signing keys). Council routes.
 */
export function registerTokenEndpoint(app: FastifyInstance, ctx: PlatformContext): void {
  const twin = app.prefix.startsWith('/c/');

  app.post(
    '/oauth/token',
    {
      config: { ...PUBLIC_ROUTE, rateLimit: TOKEN_RATE_LIMIT } as object,
      attachValidation: true,
      schema: {
        body: { content: { 'application/x-www-form-urlencoded': { schema: TokenRequest } } },
        summary: 'Get an access token for a partner system (OAuth 2 client credentials)',
        description:
          'Form-encoded: `grant_type=client_credentials`, optional `scope` (space-separated; default all the client may have). ' +
          'Client authentication: HTTP Basic or `client_id` + `client_secret` in the form (client_secret clients), or ' +
          '`client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` + `client_assertion` (private_key_jwt: ' +
          'a JWT signed by one of the client\'s keys, iss = sub = client_id, aud = this URL, exp within 5 minutes, unique jti). ' +
          'Errors are RFC 6749 JSON (`error`, `error_description`).',
        tags: ['Partner systems'],
        response: { 200: TokenResponse },
        ...(twin ? { hide: true } : {}),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      try {
        const params = tokenParams(request);
        if (!params.grant_type) throw new OAuthError(400, 'invalid_request', 'grant_type is missing');
        if (params.grant_type !== 'client_credentials') {
          throw new OAuthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
        }
        const authorization = request.headers.authorization;
        const client = await authenticateClient(ctx.db, request.council.id, authorization, params, assertionAudiences(ctx.config, request));
        let scopes = client.scopes;
        if (params.scope !== undefined) {
          const asked = [...new Set(params.scope.split(' ').filter(Boolean))];
          const bad = asked.find((s) => !SCOPE_PATTERN.test(s));
          if (bad !== undefined || asked.length === 0) throw new OAuthError(400, 'invalid_scope', 'scope must be scope names separated by single spaces');
          const refused = asked.filter((s) => !client.scopes.includes(s));
          if (refused.length) throw new OAuthError(400, 'invalid_scope', `this client may not have: ${refused.join(' ')}`);
          scopes = asked;
        }
        const issued = await issueAccessToken(ctx.db, {
          councilId: request.council.id,
          issuer: partnerIssuer(ctx.config, request),
          clientId: client.client_id,
          scopes,
        });
        request.log.info({ client_id: client.client_id, scope: scopes.join(' '), jti: issued.jti }, 'partner token issued');
        return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: scopes.join(' ') };
      } catch (error) {
        if (error instanceof OAuthError) return sendOAuthError(request, reply, error);
        throw error;
      }
    },
  );

  app.get(
    '/oauth/jwks.json',
    {
      config: PUBLIC_ROUTE as object,
      schema: {
        summary: 'The public keys that sign this council\'s partner access tokens (JWK Set)',
        tags: ['Partner systems'],
        ...(twin ? { hide: true } : {}),
      },
    },
    async (request, reply) => {
      const jwks = await signingKeysFor(ctx.db).publicJwks(request.council.id);
      return reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').type('application/jwk-set+json').send(jwks);
    },
  );
}
