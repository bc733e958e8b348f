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
    navigation(request) {
      const base = request.basePath;
      const link = (path: string, key: string) => ({ href: `${base}${path}`, text: request.t(key), active: request.url.split('?')[0] === `${base}${path}` });
      if (request.principal?.kind !== 'person') return [link('/sign-in', 'identity.nav.sign_in')];
      return [
        ...(request.may('identity.admin') ? [link('/admin/people', 'identity.nav.admin')] : []),
        link('/account', 'identity.nav.account'),
      ];
    },
  };
}
