import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from '../../platform/block.js';
import { keyRingOf } from '../../platform/crypto/key-ring.js';
import { sealKeyFrom, sealHead } from './log/seal.js';
import { chainAllPending } from './log/chainer.js';
import { PollLoop } from '../../platform/poll-loop.js';
import { listCouncils } from '../../platform/councils.js';
import { roleBypassesRowSecurity } from './sql/scope.js';
import { registerAccessPages } from './pages/access/access.js';
import { registerSharingPages } from './pages/grants/register.js';
import { registerTeamPages } from './pages/teams/teams.js';
import { CATEGORIES_ADMIN_PAGE, registerRecordPages } from './pages/record/index.js';
import { registerStaffPages, STAFF_ADMIN_PAGE } from './pages/staff/register.js';
import { registerRecordApi } from './api/record-api.js';
import { ADVOCATES_ADMIN_PAGE, registerAdvocatePages } from './pages/advocates/register.js';
import { registerNoticesApi } from './api/notices.js';
import { NOTICES_ADMIN_PAGE, registerTellUsOncePages } from './pages/told/register.js';
import { subscribeTellUsOnce, tellUsOnceJobs } from './tell-us-once/index.js';
import { registerOverviewPages } from './pages/overview/register.js';
import { registerRightsPages } from './pages/rights/register.js';
import { savedServicesStore } from './saved/store.js';
import { seedDemoVault } from './demo.js';
import { seedBuiltInCategories } from './categories.js';
import { VAULT_PRIVACY } from './privacy.js';

export { type NewAccess } from './log/append.js';
export { appendAccess, chainPending, chainAllPending } from './log/chainer.js';
export { verifyLog, type Verification, type BreakKind } from './log/verify.js';
export { sealHead, sealKeyFrom } from './log/seal.js';
export { rewrapVaultItems } from './rewrap.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The resident's vault: the resident holds their own record and decides who sees which part,
 * for what purpose, until when. Everyone but the resident reaches it through one gateway
 * (gateway.ts) that checks a grant, a recorded legal basis or an advocate's appointment and
 * writes the hash-chained access log in the same transaction; the log's head is sealed hourly
 * and checked end to end by `hearth vault verify`. Tell us once, advocates, the partner API and
 * the resident's rights are in their own folders (docs/architecture.md).
 */
export const vaultBlock: Block = {
  name: 'vault',
  migrations: { owner: 'vault', dir: join(here, 'migrations') },
  privacy: VAULT_PRIVACY,
  councilRoutes(app, ctx) {
    registerRecordPages(app, ctx);
    registerSharingPages(app, ctx);
    registerAccessPages(app, ctx);
    registerTeamPages(app, ctx);
    registerStaffPages(app, ctx);
    registerRecordApi(app, ctx);
    registerAdvocatePages(app, ctx);
    registerNoticesApi(app, ctx);
    registerTellUsOncePages(app, ctx);
    registerOverviewPages(app, ctx);
    registerRightsPages(app, ctx);
  },
  // A signed-in resident's "my list" of services is kept in their vault (the directory asks through the platform).
  savedServices: savedServicesStore,
  // Outside any council: registered once, so the subscription is made once.
  async routes(_app, ctx) {
    subscribeTellUsOnce(ctx);
    // PGlite runs as its one superuser (one process, its own folder); on PostgreSQL the role
    // matters: a superuser or BYPASSRLS role skips the row-level security behind the queries.
    if (ctx.db.engine === 'postgres') {
      const { role, bypasses } = await roleBypassesRowSecurity(ctx.db);
      if (bypasses) ctx.log.warn({ role }, "the database role is a superuser or has BYPASSRLS, so the vault's row-level security does not hold for it: run Hearth as a role that is neither (README, Running on PostgreSQL)");
    }
  },
  adminPages: [CATEGORIES_ADMIN_PAGE, { key: 'vault-teams', path: '/admin/vault/teams', titleKey: 'vault.teams.admin.title', descriptionKey: 'vault.teams.admin.description' }, STAFF_ADMIN_PAGE, NOTICES_ADMIN_PAGE, ADVOCATES_ADMIN_PAGE],
  // Every council has the built-in record categories from the moment it exists (those before: migration 011).
  onCouncilCreated: (tx, council) => seedBuiltInCategories(tx, council.id),
  async seedDemo(ctx, council) {
    await seedDemoVault(ctx, council.id);
  },
  // Accesses are recorded without a lock and chained here, every half second (log/chainer.ts).
  // A pass chains all that waits when it starts; then the loop sleeps, even if more came in the
  // meantime. Run again at once, it chained a few entries a pass under steady reading, and each
  // pass's fixed cost (the head, a look through the waiting table) was as much as the reads'.
  background: (ctx) => [
    new PollLoop(
      'vault log chaining',
      ctx.log,
      async () => {
        await chainAllPending(ctx.db);
        return false;
      },
      500,
    ),
  ],
  scheduledJobs: (ctx) => [
    {
      name: 'vault.seal',
      pattern: '7 * * * *',
      async run() {
        const key = sealKeyFrom(keyRingOf(ctx.db));
        // Council by council, each in its own scope (row-level security shows a transaction one
        // council's log); sealHead chains what waits first, so every committed access is sealed.
        for (const council of await listCouncils(ctx.db)) await sealHead(ctx.db, council.id, key);
      },
    },
    ...tellUsOnceJobs(ctx),
  ],
};
