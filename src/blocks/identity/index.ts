import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from '../../platform/block.js';
import { registerAccount } from './pages/account.js';
import { registerAdminHome } from './pages/admin.js';
import { registerAudit } from './pages/audit.js';
import { registerCouncilPage } from './pages/council.js';
import { registerPeople } from './pages/people.js';
import { registerSignIn } from './pages/sign-in.js';
import { registerPartnerRoutes } from './partners/routes.js';
import { registerOidcRoutes } from './oidc/routes.js';
import { readOidcSettings } from './oidc/settings.js';
import { identityAccess } from './provider.js';
import { DEMO_ADMIN_EMAIL, seedDemoIdentity } from './demo.js';
import { IDENTITY_PRIVACY } from './privacy.js';

export { recordAudit, auditActor } from './audit/service.js';
export { startSession, endSession, endSessionsForOidc, findOrCreatePersonForLogin } from './sessions/service.js';
export { may, isRole, ROLES, SCOPED_ROLES, type Role } from './policy.js';
export { checkGrant, COMMAND_LINE, giveRole, MAX_SCOPE, setPlatformAdminByEmail, type GrantProblem } from './roles/service.js';
export { DEMO_ADMIN_EMAIL } from './demo.js';
export { rewrapSigningKeys } from './partners/keys.js';
export { EMAIL, MAX_EMAIL, canonicalEmail } from './formats.js';
export { organisationEditors } from './sql/editors.js';
export { partnerSystemOf, partnerSystemsOf, type PartnerSystem } from './partners/systems.js';
// The vault: a team asks a resident for access by the address they sign in with.
export { ensurePerson, personByEmail } from './sql/people.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The identity block's only face: who someone is (sign-in by email link or OIDC, sessions in
 * the database), what they may do in each council (roles), the audit log of staff actions,
 * and partner systems' client credentials.
 */
export const identityBlock: Block = {
  name: 'identity',
  migrations: { owner: 'identity', dir: join(here, 'migrations') },
  access: identityAccess,
  cookies: [
    { name: 'hearth_session', hostPrefix: true, purposeKey: 'cookies.hearth_session.purpose', expiryKey: 'cookies.hearth_session.expiry', essential: true },
    { name: 'hearth_oidc', hostPrefix: true, purposeKey: 'cookies.hearth_oidc.purpose', expiryKey: 'cookies.hearth_oidc.expiry', essential: true },
    { name: 'hearth_partner_secret', purposeKey: 'cookies.hearth_partner_secret.purpose', expiryKey: 'cookies.hearth_partner_secret.expiry', essential: true },
  ],
  privacy: IDENTITY_PRIVACY,
  // Signing out of a session from the provider redirects there (end_session).
  formActionOrigins: (config) => {
    const oidc = readOidcSettings(config.env);
    return oidc ? [oidc.issuer.origin] : [];
  },
  async councilRoutes(app, ctx) {
    registerSignIn(app, ctx);
    const oidc = readOidcSettings(ctx.config.env);
    if (oidc) registerOidcRoutes(app, ctx, oidc);
    registerAccount(app, ctx);
    registerAdminHome(app, ctx);
    registerPeople(app, ctx);
    registerAudit(app, ctx);
    registerCouncilPage(app, ctx);
    await registerPartnerRoutes(app, ctx);
  },
  async seedDemo(ctx, council) {
    await seedDemoIdentity(ctx.db, council.id);
    process.stdout.write(
      `\nSign in as the demo council admin, ${DEMO_ADMIN_EMAIL}, at /sign-in: the sign-in link is printed here, on the console.\n`,
    );
  },
};
