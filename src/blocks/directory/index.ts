import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from '../../platform/block.js';
import { registerOrukFeed } from './api/oruk-feed.js';
import { registerOrganizationsFeed } from './api/organizations.js';
import { registerDownloads } from './api/downloads.js';
import { nightlySnapshot } from './open-data/snapshot.js';
import { registerOpenDataPages } from './pages/open-data/index.js';
import { importAdminPage, registerImportAdmin } from './pages/import/index.js';
import { registerSearchApi } from './api/search-api.js';
import { seedDemoDirectory } from './demo/seed.js';
import { savedServicesPanel } from './pages/my-list-panel.js';
import { seedDemoChanges } from './editing/demo.js';
import { registerDirectoryPages } from './pages/index.js';
import { DIRECTORY_ADMIN_PAGES, registerDirectoryAdminPages } from './pages/admin/index.js';
import { CRISIS_HELP_ADMIN_PATH, registerCrisisHelpAdmin } from './pages/crisis-help/admin.js';
import { registerThesaurusAdmin, THESAURUS_ADMIN_PATH } from './pages/thesaurus/admin.js';
import { registerNeedTermPages } from './pages/thesaurus/term.js';
import { seedDemoEditor } from './pages/edit/demo.js';
import { listingsAdminPage } from './pages/edit/index.js';
import { seedFederationDemo } from './federation/demo.js';
import { feedPullJob } from './federation/index.js';
import { plannedClosuresJob } from './closures/apply-planned.js';
import { DIRECTORY_PUBLISHED_EVENTS } from './published-events.js';
import { feedsAdminPage, registerFeedsAdmin } from './pages/feeds/index.js';
import { nightlyReindex } from './search/nightly-reindex.js';
import { warmSpelling } from './search/spelling.js';
import { registerStaleness, seedStalenessDemo, stalenessAdminPages, stalenessJobs } from './staleness/index.js';
import { DIRECTORY_PRIVACY } from './privacy.js';

export { demoCouncil } from './demo/council.js';
export { DEMO_POSTCODES_CSV } from './demo/postcodes.js';
export { importOruk, OrukImportError, type ImportResult } from './oruk/import.js';
export { exportOruk } from './oruk/export.js';
export { exportFlatCsv } from './csv/export-flat.js';
export { exportOrukTablesZip } from './csv/export-tables.js';
export { importCsv } from './csv/import.js';
export { CsvImportError, describeProblem } from './csv/problems.js';
export { csvFilesAt } from './csv/read.js';
export { reindexCouncil } from './search/index-builder.js';
export { vacuumAfterBulkLoad } from './sql/oruk-write.js';
export { countOrganisations, organisationsByName, type OrganisationChoice } from './sql/organisations.js';
// For the insight block: the categories an out-of-date report is counted under.
export { serviceCategories } from './sql/unmet-need.js';
export { organisationReports } from './staleness/index.js';
// Federation: the command line's feeds, and where a shown service comes from.
export { addFeed, findFeedById, isFederatedService, listFeeds, pullEach, removeFeedById, serviceSources, type FeedRow, type PullOutcome, type ServiceSource } from './federation/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The directory block's only face to the rest of Hearth: council and community services,
 * searchable by need and place, published as an Open Referral UK 3.0 feed.
 */
export const directoryBlock: Block = {
  name: 'directory',
  migrations: { owner: 'directory', dir: join(here, 'migrations') },
  // One per council: hearth_list_{slug}.
  cookies: [{ name: 'hearth_list_{council}', purposeKey: 'cookies.hearth_list.purpose', expiryKey: 'cookies.hearth_list.expiry', essential: true }],
  privacy: DIRECTORY_PRIVACY,
  // Listing changes reach partners' webhooks; searches and residents' reports do not.
  publishedEvents: DIRECTORY_PUBLISHED_EVENTS,
  // The services a signed-in resident saved, on their single view (where a block keeps their list).
  residentPanels: (ctx) => [savedServicesPanel(ctx)],
  scheduledJobs: (ctx) => [nightlyReindex(ctx), nightlySnapshot(ctx), ...stalenessJobs(ctx), feedPullJob(ctx), plannedClosuresJob(ctx)],
  // Staff pages offered on /admin (to whoever each route's access rule lets in).
  adminPages: [
    ...DIRECTORY_ADMIN_PAGES,
    { key: 'crisis-help', path: CRISIS_HELP_ADMIN_PATH, titleKey: 'directory.crisis_admin.admin_title', descriptionKey: 'directory.crisis_admin.admin_description' },
    { key: 'thesaurus', path: THESAURUS_ADMIN_PATH, titleKey: 'directory.thesaurus_admin.admin_title', descriptionKey: 'directory.thesaurus_admin.admin_description' },
    ...stalenessAdminPages,
    importAdminPage,
    listingsAdminPage,
    feedsAdminPage,
  ],
  async councilRoutes(app, ctx) {
    // The spelling dictionaries load once a server listens (not for tests' injected requests), so no resident's search waits for them.
    app.addHook('onListen', async () => {
      warmSpelling();
    });
    await registerSearchApi(app, ctx);
    await registerOrukFeed(app, ctx);
    await registerOrganizationsFeed(app, ctx);
    registerDownloads(app, ctx);
    registerOpenDataPages(app, ctx);
    await registerImportAdmin(app, ctx);
    await registerDirectoryPages(app, ctx);
    registerDirectoryAdminPages(app, ctx);
    registerCrisisHelpAdmin(app, ctx);
    registerThesaurusAdmin(app, ctx);
    registerNeedTermPages(app, ctx);
    registerStaleness(app, ctx);
    registerFeedsAdmin(app, ctx);
  },
  async seedDemo(ctx, council, options) {
    await seedDemoDirectory(ctx.db, council.id, options);
    await seedFederationDemo(ctx.db, council.id);
    await seedStalenessDemo(ctx.db, council.id);
    await seedDemoChanges(ctx, council.id);
    const editor = await seedDemoEditor(ctx, council.id);
    if (editor) process.stdout.write(`Sign in as the volunteer who runs the demo's lunch clubs, ${editor}, to change their listings at /admin/listings.\n`);
  },
};
