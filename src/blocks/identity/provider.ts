import type { PlatformContext } from '../../platform/block.js';
import type { AccessProvider, NavigationItem } from '../../platform/http/access.js';
import { hasAdminEntry } from './pages/admin.js';
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
      const path = request.url.split('?')[0];
      const link = (to: string, key: string, active = path === `${base}${to}`): NavigationItem => ({ href: `${base}${to}`, text: request.t(key), active });
      if (request.principal?.kind !== 'person') return [link('/sign-in', 'identity.nav.sign_in')];
      return [
        // Admin leads to the landing page of what this person may do here; shown when there is something.
        ...(hasAdminEntry(request) ? [link('/admin', 'identity.nav.admin', path === `${base}/admin` || path.startsWith(`${base}/admin/`))] : []),
        link('/account', 'identity.nav.account'),
        // Signing out changes something, so it is a form's button (with the CSRF field), never a link.
        { href: `${base}/sign-out`, text: request.t('identity.nav.sign_out'), post: true },
      ];
    },
  };
}
