import type { FastifyReply } from 'fastify';

/**
 * Security headers on every response. The Content-Security-Policy allows no inline script
 * and no third-party script; council logos may come from the council's own site (https).
 */
export function securityHeaders(reply: FastifyReply, production: boolean, formActionOrigins: readonly string[] = []): void {
  // form-action also governs where a form's answer may redirect: signing out redirects to the
  // sign-in provider's end-session endpoint, so blocks name such origins (Block.formActionOrigins).
  const formAction = ["'self'", ...formActionOrigins].join(' ');
  reply.header(
    'content-security-policy',
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action ${formAction}; frame-ancestors 'none'`,
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  reply.header('x-frame-options', 'DENY');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
