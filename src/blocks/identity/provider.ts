import type { PlatformContext } from '../../platform/block.js';
import type { AccessProvider } from '../../platform/http/access.js';
import { partnerAccess } from './partners/access.js';
import { may } from './policy.js';
import { sessionPerson } from './sessions/service.js';

/** The identity block's answer to the platform's "who is this, and may they?" */
export function identityAccess(ctx: PlatformContext): AccessProvider {
  return {
    person: (request) => sessionPerson(ctx, request),
    may,
    partner: (request, scope) => partnerAccess(ctx, request, scope),
    signInPath: (request, returnTo) => `${request.basePath}/sign-in?return=${encodeURIComponent(returnTo)}`,
  };
}
