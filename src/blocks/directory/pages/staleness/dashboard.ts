import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { csvDocument } from '../../../../platform/site/csv.js';
import { formatDate } from '../format.js';
import { AGE_BANDS, organisationName, staleServices, type AgeBand, type BandCounts, type StaleListFilter, type StalenessSummary } from '../../sql/staleness.js';
import { ageBounds, cachedSummary, categories, termsUnder } from '../../staleness/dashboard.js';
import { stalenessSettings } from '../../staleness/settings.js';
import { pagination } from './paging.js';
import { UUID } from '../../../../platform/uuid.js';

const MANAGERS = { config: { html: true, access: { action: 'directory.manage' as const } } };
const PER_PAGE = 50;
/** A download is the whole list; past this, narrow it with the filters. */
const CSV_ROWS = 100_000;

/** "14:05" in London, one formatter per language (making one costs far more than using it). */
const TIME = new Map<string, Intl.DateTimeFormat>();
function timeFormat(locale: string): Intl.DateTimeFormat {
  let format = TIME.get(locale);
  if (!format) TIME.set(locale, (format = new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { timeStyle: 'short', timeZone: 'Europe/London' })));
  return format;
}

interface Filters {
  band: string;
  organisation: string;
  category: string;
  page: number;
}

/** The list's filters from the address, each checked; errors name the field. */
function readFilters(request: FastifyRequest): { values: Filters; filter: StaleListFilter; errors: Record<string, string> } {
  const { t } = request;
  const query = request.query as Record<string, unknown>;
  const str = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const values: Filters = { band: str('band'), organisation: str('organisation'), category: str('category'), page: 1 };
  const errors: Record<string, string> = {};
  const filter: StaleListFilter = {};
  if (values.band) {
    if ((AGE_BANDS as string[]).includes(values.band)) filter.band = values.band as AgeBand;
    else errors.band = t('directory.staleness.error.band');
  }
  if (values.organisation) {
    if (UUID.test(values.organisation)) filter.organizationId = values.organisation.toLowerCase();
    else errors.organisation = t('directory.staleness.error.organisation');
  }
  if (values.category) {
    if (categories(request.locale).some((c) => c.id === values.category)) filter.termIds = termsUnder(values.category);
    else errors.category = t('directory.staleness.error.category');
  }
  const page = str('page');
  if (page) {
    if (/^[1-9]\d{0,5}$/.test(page)) values.page = Number(page);
    else errors.page = t('directory.staleness.error.page');
  }
  return { values, filter, errors };
}

/**
 * The list's length from the summary's counts where they answer it (so a page reads only its
 * 50 rows); undefined (count it) for an organisation and a category together.
 */
function knownTotal(summary: StalenessSummary, filter: StaleListFilter, categoryId: string): number | undefined {
  const pick = (bands: BandCounts) => (filter.band ? bands[filter.band] : AGE_BANDS.reduce((n, b) => n + bands[b], 0));
  if (filter.organizationId && filter.termIds) return undefined;
  if (filter.organizationId) {
    const org = summary.byOrganisation.find((o) => o.id === filter.organizationId);
    return org ? pick(org.bands) : 0;
  }
  if (filter.termIds) {
    const category = summary.byCategory.find((c) => c.id === categoryId);
    return category ? pick(category.bands) : 0;
  }
  return pick(summary.total);
}

const query = (values: Partial<Filters>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && !(k === 'page' && v === 1)) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
};

/**
 * `/admin/directory/staleness`: how current the council's listings are — counts by age band,
 * by organisation and by category (the need taxonomy's top-level terms), and a paged list of
 * services least recently checked first, with their last nudge; the list as CSV.
 */
export function registerStalenessDashboard(app: FastifyInstance, ctx: PlatformContext, clock: () => Date = () => new Date()): void {
  const settings = stalenessSettings(ctx.config);

  app.get('/admin/directory/staleness', MANAGERS, async (request, reply) => {
    const { t, basePath, locale } = request;
    const { values, filter, errors } = readFilters(request);
    const now = clock();
    const bounds = ageBounds(now, settings);
    const cats = categories(locale);
    const { summary, asOf } = await cachedSummary(ctx.db, request.council.id, bounds);
    const chosenOrganisation = filter.organizationId ? await organisationName(ctx.db, request.council.id, filter.organizationId) : undefined;
    if (filter.organizationId && !chosenOrganisation) errors.organisation = t('directory.staleness.error.organisation');
    const bad = Object.keys(errors).length > 0;
    const list = bad
      ? { rows: [], total: 0 }
      : await staleServices(ctx.db, request.council.id, bounds, filter, PER_PAGE, (values.page - 1) * PER_PAGE, knownTotal(summary, filter, values.category));
    const path = `${basePath}/admin/directory/staleness`;
    const bandNames = Object.fromEntries(AGE_BANDS.map((b) => [b, t(`directory.staleness.band.${b}`, { nudge: settings.nudgeMonths, flag: settings.flagMonths })])) as Record<AgeBand, string>;
    const bandRow = (bands: BandCounts, href: (band: AgeBand) => string) => AGE_BANDS.map((b) => ({ band: b, count: bands[b], href: href(b) }));
    // The summary holds them most overdue first.
    const topOrganisations = summary.byOrganisation.slice(0, 20);
    const countsByCategory = new Map(summary.byCategory.map((c) => [c.id, c.bands]));
    return reply.code(bad ? 400 : 200).page('directory-stale-dashboard.njk', {
      title: t('directory.staleness.dashboard.title'),
      errors: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      fieldErrors: errors,
      asOf: timeFormat(locale).format(asOf),
      bandNames,
      total: bandRow(summary.total, (b) => `${path}${query({ band: b })}`),
      totalServices: AGE_BANDS.reduce((n, b) => n + summary.total[b], 0),
      byOrganisation: topOrganisations.map((o) => ({ name: o.name, bands: bandRow(o.bands, (b) => `${path}${query({ band: b, organisation: o.id })}`) })),
      organisationCount: summary.byOrganisation.length,
      // In the categories' own order (by name in the reader's language).
      byCategory: cats
        .filter((c) => countsByCategory.has(c.id))
        .map((c) => ({ name: c.name, bands: bandRow(countsByCategory.get(c.id)!, (b) => `${path}${query({ band: b, category: c.id })}`) })),
      values,
      bandItems: [{ value: '', text: t('directory.staleness.filter.any_age') }, ...AGE_BANDS.map((b) => ({ value: b, text: bandNames[b], selected: values.band === b }))],
      // Thousands of organisations make no list to choose from: one is chosen from the table above.
      chosenOrganisation: chosenOrganisation && { id: filter.organizationId, name: chosenOrganisation, removeHref: `${path}${query({ ...values, organisation: '', page: 1 })}#list` },
      categoryItems: [{ value: '', text: t('directory.staleness.filter.any_category') }, ...cats.map((c) => ({ value: c.id, text: c.name, selected: values.category === c.id }))],
      rows: list.rows.map((r) => ({
        name: r.name,
        href: `${basePath}/services/${r.id}`,
        organisation: r.organization_name,
        lastChecked: r.last_checked ? formatDate(t, r.last_checked) : t('directory.staleness.never'),
        lastNudged: r.nudged_at ? formatDate(t, r.nudged_at) : t('directory.staleness.not_nudged'),
      })),
      listTotal: list.total,
      pagination: pagination(t, values.page, Math.max(1, Math.ceil(list.total / PER_PAGE)), (n) => `${path}${query({ ...values, page: n })}`),
      csvHref: `${path}.csv${query({ ...values, page: 1 })}`,
      action: path,
    });
  });

  app.get('/admin/directory/staleness.csv', MANAGERS, async (request, reply: FastifyReply) => {
    const { values, filter, errors } = readFilters(request);
    if (Object.keys(errors).length) {
      const [field, reason] = Object.entries(errors)[0];
      return reply.code(400).page('error.njk', { title: request.t('error.bad_request_title'), body: `${field}: ${reason}` });
    }
    void values;
    const bounds = ageBounds(clock(), settings);
    const { rows } = await staleServices(ctx.db, request.council.id, bounds, filter, CSV_ROWS, 0);
    const document = csvDocument(
      ['service_id', 'service', 'organisation_id', 'organisation', 'last_checked', 'last_nudged', 'nudges'],
      rows.map((r) => [r.id, r.name, r.organization_id, r.organization_name, r.last_checked, r.nudged_at, r.nudges ?? 0]),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="staleness-${request.council.slug}.csv"`)
      .send(document);
  });
}
