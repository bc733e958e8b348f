import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyTypeProvider,
  FastifyTypeProviderDefault,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerBase,
  RawServerDefault,
  RouteGenericInterface,
  ContextConfigDefault,
} from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** A route's own security headers: helmet's options merged over the server's, or `false` to leave them to the route. */
export type RouteSecurityHeaders = HelmetOptions | false;

declare module 'fastify' {
  // The type parameters repeat Fastify's own: an interface's declarations must agree on them.
  interface RouteShorthandOptions<
    /* eslint-disable @typescript-eslint/no-unused-vars */
    RawServer extends RawServerBase = RawServerDefault,
    RawRequest extends RawRequestDefaultExpression<RawServer> = RawRequestDefaultExpression<RawServer>,
    RawReply extends RawReplyDefaultExpression<RawServer> = RawReplyDefaultExpression<RawServer>,
    RouteGeneric extends RouteGenericInterface = RouteGenericInterface,
    ContextConfig = ContextConfigDefault,
    SchemaCompiler extends FastifySchema = FastifySchema,
    TypeProvider extends FastifyTypeProvider = FastifyTypeProviderDefault,
    Logger extends FastifyBaseLogger = FastifyBaseLogger,
    /* eslint-enable @typescript-eslint/no-unused-vars */
  > {
    /** This route's security headers (see `registerSecurityHeaders`). */
    helmet?: RouteSecurityHeaders;
  }
  interface FastifyContextConfig {
    /** The headers a route's own `helmet` option gives, worked out once when the route is added. */
    securityHeaders?: Readonly<Record<string, string>>;
  }
}

/**
 * Security headers on every response, as helmet writes them. The Content-Security-Policy
 * allows no inline script or style and no third-party script; council logos may come from the
 * council's own site (https). HSTS only in production (behind HTTPS).
 *
 * A route that needs another policy (a reference page with a bundled UI, say) sets its own
 * helmet options, which are merged over this configuration (option by option, as
 * @fastify/helmet did):
 *   `app.get('/x', { helmet: { contentSecurityPolicy: { useDefaults: false, directives: {...} } } }, ...)`
 * (`contentSecurityDirectives()` gives these directives to start from), or `helmet: false` to
 * leave the route's headers to itself.
 */
export function contentSecurityDirectives(formActionOrigins: readonly string[] = []): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'https:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    // form-action also governs where a form's answer may redirect: signing out redirects to the
    // sign-in provider's end-session endpoint, so blocks name such origins (Block.formActionOrigins).
    formAction: ["'self'", ...formActionOrigins],
    frameAncestors: ["'none'"],
  };
}

export function securityHeaderOptions(options: { production: boolean; formActionOrigins?: readonly string[] }): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives(options.formActionOrigins) },
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    // Cross-Origin-Resource-Policy: same-origin (helmet's default). Open data (the ORUK feed, the
    // OpenAPI document) is read by other sites' scripts through CORS, which this does not govern.
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The headers helmet's middleware writes for these options. Its headers depend only on its
 * options, never on the request, so it runs once, on a response that is never sent, and every
 * request gets the result. (Building the middleware per request, as @fastify/helmet does,
 * re-parsed the CSP directives every time: about a sixth of the server's time on /healthz.)
 */
export function securityHeadersOf(options: HelmetOptions): Readonly<Record<string, string>> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet(options)(response.req, response, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.freeze(headerStrings(response.getHeaders()));
}

function headerStrings(headers: OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Install the headers: one onRequest hook sets a list worked out before the first request —
 * the server's, or the route's own when it has a `helmet` option (worked out as the route is
 * added). Call before any route is added.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean; formActionOrigins?: readonly string[] }): Promise<void> {
  const serverOptions = securityHeaderOptions(options);
  const serverHeaders = securityHeadersOf(serverOptions);

  app.addHook('onRoute', (route) => {
    if (route.helmet === undefined) return;
    const own = route.helmet === false ? NONE : securityHeadersOf({ ...serverOptions, ...route.helmet } as HelmetOptions);
    route.config = { ...route.config, securityHeaders: own };
  });

  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.routeOptions.config?.securityHeaders ?? serverHeaders);
    done();
  });
}
