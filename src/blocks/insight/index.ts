import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from '../../platform/block.js';
import { seedDemoInsight } from './demo.js';
import { registerOpenData } from './pages/open-data.js';
import { registerUnmetNeedPage, UNMET_NEED_PATH } from './pages/unmet-need.js';
import { insightSettings } from './settings.js';
import { subscribeInsight } from './subscriber.js';

export { openDataRows, OTHER_WORDS, type OpenDataRow } from './open-data.js';
export { insightSettings, DEFAULT_SUPPRESS_BELOW } from './settings.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The insight block: what people search for and do not find. It hears of it only through the
 * directory's events (never its tables), keeps weekly counters by words, need, postcode district
 * and week — never who — and shows them to directory managers and as open data with small
 * numbers suppressed.
 */
export const insightBlock: Block = {
  name: 'insight',
  migrations: { owner: 'insight', dir: join(here, 'migrations') },
  adminPages: [{ key: 'unmet-need', path: UNMET_NEED_PATH, titleKey: 'insight.admin.title', descriptionKey: 'insight.admin.description' }],
  // Outside any council: registered once, so the subscription is made once.
  routes(_app, ctx) {
    insightSettings(ctx.config); // a bad HEARTH_INSIGHT_SUPPRESS_BELOW stops the start, named
    subscribeInsight(ctx);
  },
  councilRoutes(app, ctx) {
    registerUnmetNeedPage(app, ctx);
    registerOpenData(app, ctx);
  },
  async seedDemo(ctx, council) {
    await seedDemoInsight(ctx.db, council.id);
  },
};
