import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response, through @fastify/helmet. The Content-Security-Policy
 * allows no inline script or style and no third-party script; council logos may come from the
 * council's own site (https). HSTS only in production (behind HTTPS).
 *
 * A route that needs another policy (a reference page with a bundled UI, say) sets helmet's
 * per-route option, which is merged over this configuration:
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

export async function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean; formActionOrigins?: readonly string[] }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives(options.formActionOrigins) },
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    // Cross-Origin-Resource-Policy: same-origin (helmet's default). Open data (the ORUK feed, the
    // OpenAPI document) is read by other sites' scripts through CORS, which this does not govern.
    crossOriginEmbedderPolicy: false,
  });
}
