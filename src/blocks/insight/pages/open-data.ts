import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { OGL_URL } from '../../../platform/web/footer.js';
import { CSV_COLUMNS, openDataRows, OTHER_WORDS, type OpenDataRow } from '../open-data.js';
import { insightSettings } from '../settings.js';
import { openDataRows as readRows } from '../sql/counters.js';
import { londonIsoWeek } from '../weeks.js';

/**
 * The unmet-need open data, free to anyone under the council's licence: `/open-data/unmet-need`
 * (what is in it and the suppression rule, in words), `.csv` and `.json` (the same rows).
 */

export const OPEN_DATA_PATH = '/open-data/unmet-need';
const PUBLIC = { config: { access: 'public' as const } };

/** The first week not yet published: weeks published have ended at least a day ago (see open-data.ts). */
export function firstUnpublishedWeek(now: Date): string {
  return londonIsoWeek(new Date(now.getTime() - 86_400_000));
}

function licenceOf(request: FastifyRequest): { name: string; url?: string } {
  const council = request.council;
  if (council.licenceText !== undefined) return { name: council.licenceText, ...(council.licenceUrl ? { url: council.licenceUrl } : {}) };
  return { name: 'Open Government Licence v3.0', url: council.licenceUrl ?? OGL_URL };
}

export function registerOpenData(app: FastifyInstance, ctx: PlatformContext): void {
  const { suppressBelow } = insightSettings(ctx.config);

  async function rows(councilId: string): Promise<OpenDataRow[]> {
    return openDataRows(await readRows(ctx.db, councilId, firstUnpublishedWeek(new Date())), suppressBelow);
  }

  app.get(OPEN_DATA_PATH, { config: { html: true, access: 'public' } }, async (request, reply) => {
    const { t, basePath } = request;
    const licence = licenceOf(request);
    return reply.header('cache-control', 'public, max-age=3600').page('insight-open-data.njk', {
      title: t('insight.open_data.title'),
      csvHref: `${basePath}${OPEN_DATA_PATH}.csv`,
      jsonHref: `${basePath}${OPEN_DATA_PATH}.json`,
      threshold: suppressBelow,
      otherWords: OTHER_WORDS,
      licence,
    });
  });

  app.get(`${OPEN_DATA_PATH}.json`, PUBLIC, async (request, reply) => {
    const council = request.council;
    const data = await rows(council.id);
    return reply
      .header('cache-control', 'public, max-age=3600')
      .header('access-control-allow-origin', '*')
      .send({
        title: `Unmet need: ${council.name}`,
        publisher: council.name,
        licence: licenceOf(request),
        description:
          'Searches of the council\'s directory of services that found nothing, or nothing near the place given, counted by ' +
          'words, need and postcode district per ISO week (Europe/London), and residents\' reports that a listing is out of ' +
          'date, by service category per week. Nothing about who searched is kept.',
        weeks_published_before: firstUnpublishedWeek(new Date()),
        suppression: {
          threshold: suppressBelow,
          rule:
            `A count under ${suppressBelow} is published as suppressed (count null, suppressed true), never as zero. ` +
            `Words searched fewer than ${suppressBelow} times in a week, district and outcome are merged into "${OTHER_WORDS}". ` +
            'No totals are published, and a search or report counts under each of its needs or categories, so a suppressed ' +
            'count cannot be worked out from others. Only weeks that ended at least a day ago are published.',
        },
        rows: data,
      });
  });

  app.get(`${OPEN_DATA_PATH}.csv`, PUBLIC, async (request, reply) => {
    const data = await rows(request.council.id);
    const csv = stringify(
      data.map((r) => ({ ...r, count: r.count ?? '', suppressed: r.suppressed ? 'true' : 'false' })),
      {
        header: true,
        columns: [...CSV_COLUMNS],
        record_delimiter: '\r\n',
        // A category name from someone's taxonomy must not run as a formula in a spreadsheet.
        cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
      },
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${request.council.slug}-unmet-need.csv"`)
      .header('cache-control', 'public, max-age=3600')
      .header('access-control-allow-origin', '*')
      .send(csv);
  });
}
