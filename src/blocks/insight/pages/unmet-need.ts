import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import type { RouteAccess } from '../../../platform/http/access.js';
import { insightSettings } from '../settings.js';
import { byDistrict, knownDistricts, outOfDateByCategory, topNeeds, topWords, weeklyTotals, type InsightFilter, type Outcome, type Ranked } from '../sql/counters.js';
import { UNCATEGORISED } from '../subscriber.js';
import { recentWeeks, weekStart } from '../weeks.js';

/**
 * `/admin/insight/unmet-need`: for directory managers, what residents looked for and did not
 * find (or not nearby), by words, need, district and week, with the trend against the period
 * before, and "out of date" reports by category. Counts only: nobody who searched can be seen.
 */

export const UNMET_NEED_PATH = '/admin/insight/unmet-need';
export const INSIGHT_READ: RouteAccess = { action: 'directory.manage' };

export const PERIODS = [4, 12, 26, 52] as const;
const DEFAULT_PERIOD = 12;
/** The district filter's value for searches that gave no postcode. */
const NO_POSTCODE = 'none';

interface Choices {
  weeks: number;
  district: string;
  outcome: '' | Outcome;
}

/** The filter as asked, or the fields wrong with it (named, for the error summary). */
export function readChoices(query: Record<string, unknown>): { choices: Choices; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const weeksRaw = one(query.weeks);
  const districtRaw = one(query.district);
  const outcomeRaw = one(query.outcome);
  let weeks = DEFAULT_PERIOD;
  if (weeksRaw !== undefined && weeksRaw !== '') {
    if ((PERIODS as readonly number[]).includes(Number(weeksRaw))) weeks = Number(weeksRaw);
    else errors.weeks = 'weeks';
  }
  let district = '';
  if (typeof districtRaw === 'string' && districtRaw.trim() !== '') {
    const d = districtRaw.trim().toUpperCase();
    if (d === NO_POSTCODE.toUpperCase()) district = NO_POSTCODE;
    else if (/^[A-Z]{1,2}\d[A-Z\d]?$/.test(d)) district = d;
    else errors.district = 'district';
  }
  let outcome: Choices['outcome'] = '';
  if (outcomeRaw === 'none' || outcomeRaw === 'nearby') outcome = outcomeRaw;
  else if (outcomeRaw !== undefined && outcomeRaw !== '') errors.outcome = 'outcome';
  return { choices: { weeks, district, outcome }, errors };
}

export function registerUnmetNeedPage(app: FastifyInstance, ctx: PlatformContext): void {
  const settings = insightSettings(ctx.config);

  app.get(UNMET_NEED_PATH, { config: { html: true, access: INSIGHT_READ } }, async (request, reply) => {
    const { t, locale, basePath } = request;
    const councilId = request.council.id;
    const { choices, errors } = readChoices(request.query as Record<string, unknown>);
    const fieldErrors = Object.fromEntries(Object.keys(errors).map((field) => [field, t(`insight.unmet.error.${field}`)]));

    const now = new Date();
    const weeks = recentWeeks(now, choices.weeks);
    const before = recentWeeks(new Date(now.getTime() - choices.weeks * 7 * 86_400_000), choices.weeks);
    const filter: InsightFilter = {
      weeks,
      ...(choices.district ? { district: choices.district === NO_POSTCODE ? '' : choices.district } : {}),
      ...(choices.outcome ? { outcome: choices.outcome } : {}),
    };
    const [totals, previous, words, needs, districts, reports, known] = [
      await weeklyTotals(ctx.db, councilId, filter),
      await weeklyTotals(ctx.db, councilId, { ...filter, weeks: before }),
      await topWords(ctx.db, councilId, filter),
      await topNeeds(ctx.db, councilId, filter),
      await byDistrict(ctx.db, councilId, filter),
      await outOfDateByCategory(ctx.db, councilId, weeks),
      await knownDistricts(ctx.db, councilId),
    ];
    const sum = (rows: typeof totals) => rows.reduce((n, r) => n + r.none + r.nearby, 0);
    const searches = sum(totals);
    const earlier = sum(previous);
    const dateFormat = new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    const weekLabel = (week: string) => t('insight.unmet.week_of', { date: dateFormat.format(weekStart(week)) });
    const districtLabel = (d: string) => (d === '' ? t('insight.unmet.no_postcode') : d);
    const ranked = (rows: Ranked[], label: (s: string) => string = (s) => s) => rows.map((r) => ({ label: label(r.label), count: r.count }));

    reply.header('cache-control', 'no-store');
    return reply.code(Object.keys(errors).length ? 400 : 200).page('insight-unmet-need.njk', {
      title: t('insight.unmet.title'),
      errors: Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` })),
      fieldErrors,
      action: `${basePath}${UNMET_NEED_PATH}`,
      backHref: `${basePath}/admin`,
      periodItems: PERIODS.map((n) => ({ value: String(n), text: t('insight.unmet.period_weeks', { count: n }), selected: n === choices.weeks })),
      districtItems: [
        { value: '', text: t('insight.unmet.all_places'), selected: choices.district === '' },
        { value: NO_POSTCODE, text: t('insight.unmet.no_postcode'), selected: choices.district === NO_POSTCODE },
        ...[...new Set([...known, ...(choices.district && choices.district !== NO_POSTCODE ? [choices.district] : [])])].map((d) => ({ value: d, text: d, selected: d === choices.district })),
      ],
      outcomeItems: [
        { value: '', text: t('insight.unmet.outcome_any'), selected: choices.outcome === '' },
        { value: 'none', text: t('insight.unmet.outcome_none'), selected: choices.outcome === 'none' },
        { value: 'nearby', text: t('insight.unmet.outcome_nearby'), selected: choices.outcome === 'nearby' },
      ],
      summary: t('insight.unmet.summary', { count: searches, weeks: choices.weeks }),
      trend:
        earlier === 0
          ? searches === 0
            ? undefined
            : t('insight.unmet.trend_new')
          : t(searches >= earlier ? 'insight.unmet.trend_up' : 'insight.unmet.trend_down', {
              percent: Math.round((Math.abs(searches - earlier) / earlier) * 100),
              weeks: choices.weeks,
            }),
      weeks: [...totals].reverse().map((w) => ({ label: weekLabel(w.week), nothing: w.none, nearby: w.nearby, outOfDate: w.outOfDate })),
      words: ranked(words),
      needs: ranked(needs),
      districts: ranked(districts, districtLabel),
      reports: ranked(reports, (c) => (c === UNCATEGORISED ? t('insight.unmet.uncategorised') : c)),
      openData: {
        pageHref: `${basePath}/open-data/unmet-need`,
        csvHref: `${basePath}/open-data/unmet-need.csv`,
        jsonHref: `${basePath}/open-data/unmet-need.json`,
        threshold: settings.suppressBelow,
      },
    });
  });
}

