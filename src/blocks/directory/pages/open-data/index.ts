import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { DOWNLOADS, snapshotPath, TEMPLATES } from '../../api/downloads.js';
import { FLAT_COLUMNS } from '../../csv/flat.js';
import { ORUK_TABLES } from '../../csv/tables.js';
import { exportDir, latestSnapshot, SNAPSHOT_FILES } from '../../open-data/snapshot.js';
import { HTML } from '../common.js';
import { formatDate, formatTime } from '../format.js';

export const OPEN_DATA_PATH = '/open-data';
export const TEMPLATES_GUIDE_PATH = '/open-data/templates';
/** The insight block's unmet-need data, listed here when that block is on. */
const UNMET_NEED_PATH = '/open-data/unmet-need';
const ORUK_STANDARD_URL = 'https://openreferraluk.org/';

/** The example row of the flat template, shown beside each column's meaning. */
const EXAMPLE: Partial<Record<(typeof FLAT_COLUMNS)[number], string>> = {
  organisation_name: 'Riverside Lunch Club',
  service_name: 'Riverside Lunch Club',
  status: 'active',
  location_name: "St Mary's Church Hall",
  address: '2 Church Lane',
  town: 'Riverside',
  postcode: 'SW1A 1AA',
  phone: '01234 567890',
  website: 'https://lunchclub.example.org/lunches',
  opening_times: 'Tue,Thu 12:00-14:00',
  categories: 'Food; Older people',
  minimum_age: '60',
  cost: '£3.50 per meal',
  languages: 'English; Welsh',
};

/**
 * The council's open data page (the footer's "Open data" link): each download of the directory,
 * the nightly copies, the API, the licence and the spreadsheet templates; and the page that
 * explains each template column.
 */
export function registerOpenDataPages(app: FastifyInstance, ctx: PlatformContext): void {
  const cached = { 'cache-control': 'public, max-age=300' };

  app.get(OPEN_DATA_PATH, HTML, async (request, reply) => {
    const { t, basePath, council } = request;
    const downloads = (['json', 'tables', 'flat'] as const).map((kind) => ({
      name: t(`directory.open_data.${kind}_name`),
      what: t(`directory.open_data.${kind}_what`),
      href: `${basePath}${DOWNLOADS[kind].path}`,
      file: DOWNLOADS[kind].name(council.slug),
    }));
    const latest = await latestSnapshot(exportDir(ctx), council);
    const londonTime = latest
      ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(latest.madeAt)
      : undefined;
    const snapshot = latest && {
      made: `${formatDate(t, latest.madeAt)}, ${formatTime(t, londonTime)}`,
      files: SNAPSHOT_FILES.map((file) => ({ href: `${basePath}${snapshotPath(file)}`, file: `${council.slug}-${file}` })),
    };
    const unmetNeed = app.hasRoute({ method: 'GET', url: `${app.prefix}${UNMET_NEED_PATH}` }) ? `${basePath}${UNMET_NEED_PATH}` : undefined;
    return reply.headers(cached).page('directory-open-data.njk', {
      title: t('directory.open_data.title'),
      downloads,
      snapshot,
      orukHref: `${basePath}/oruk/`,
      templates: { flat: `${basePath}${TEMPLATES.flat.path}`, tables: `${basePath}${TEMPLATES.tables.path}`, guide: `${basePath}${TEMPLATES_GUIDE_PATH}` },
      unmetNeed,
    });
  });

  app.get(TEMPLATES_GUIDE_PATH, HTML, async (request, reply) => {
    const { t, basePath } = request;
    return reply.headers(cached).page('directory-open-data-templates.njk', {
      title: t('directory.open_data.templates_title'),
      columns: FLAT_COLUMNS.map((name) => ({ name, meaning: t(`directory.open_data.col.${name}`), example: EXAMPLE[name] ?? '' })),
      files: ORUK_TABLES.map((table) => table.file),
      templates: { flat: `${basePath}${TEMPLATES.flat.path}`, tables: `${basePath}${TEMPLATES.tables.path}` },
      openData: `${basePath}${OPEN_DATA_PATH}`,
      standard: ORUK_STANDARD_URL,
    });
  });
}
