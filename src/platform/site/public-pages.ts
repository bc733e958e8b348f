import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../block.js';
import type { Council } from '../councils.js';
import { declaredCookieName, type CookieDeclaration } from '../http/cookie-list.js';
import type { Messages } from '../web/i18n.js';
import { contactDetails } from './contact.js';
import { formatDay, tHtml } from './html.js';
import { escapeHtml, renderMarkup, safeHref } from './markup.js';
import type { PrivacyDeclaration } from './privacy.js';
import { COMPLIANCE, type SitePage } from './page-fields.js';
import { loadPageTexts } from './texts.js';

/**
 * The pages the law and residents expect of each council, in English and Welsh: the
 * accessibility statement (after GOV.UK's model statement), the privacy notice and the
 * cookies page. Each is the fixed wording of the catalogues around the council's own texts.
 */


const PUBLIC = { config: { html: true, access: 'public' as const } };

export interface PublicPagesOptions {
  messages: Messages;
  cookies: CookieDeclaration[];
  /** What each enabled block keeps about people, for the privacy notice. */
  privacy: PrivacyDeclaration[];
}

/** What the platform itself records, whatever blocks are on (`site.privacy.records.*`). */
const PLATFORM_RECORDS = ['feedback', 'notifications', 'logs', 'rate_limits'];

/** Where this council's site is, as the statement names it: its own host, or the configured public address. */
function siteAddress(council: Council, basePath: string, publicUrl: string | undefined): string | undefined {
  if (council.hosts[0]) return council.hosts[0];
  if (!publicUrl) return undefined;
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/$/, '')}${basePath}`;
}

const CONTACT_PART = /([^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]*[^\s@<>"(),;:.])|(https?:\/\/[^\s<>"]*[^\s<>".,;:)])/g;

/** The data protection contact as text, escaped, with each email address and web address in it a link. */
export function contactHtml(value: string): string {
  let html = '';
  let last = 0;
  for (const m of value.matchAll(CONTACT_PART)) {
    const href = m[1] ? `mailto:${m[1]}` : safeHref(m[2]);
    html += escapeHtml(value.slice(last, m.index));
    html += href ? `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(m[0])}</a>` : escapeHtml(m[0]);
    last = m.index + m[0].length;
  }
  return html + escapeHtml(value.slice(last));
}

/** A cookie's name as this council's browsers see it (`{council}` is the council's slug; `__Host-` in production for security cookies). */
export function cookieName(declaration: CookieDeclaration, council: Council, production = false): string {
  return declaredCookieName(declaration, council, production);
}

export function registerPublicPages(app: FastifyInstance, ctx: PlatformContext, { messages, cookies, privacy }: PublicPagesOptions): void {
  const { config } = ctx;
  const shares = privacy.some((p) => p.shares);
  const texts = (request: FastifyRequest, page: SitePage) => loadPageTexts(ctx.db, messages, request.council, page, request.locale, shares);
  const blockFacts = Object.assign({}, ...privacy.map((p) => p.facts?.(config) ?? {})) as Record<string, string | number>;
  const feedbackHref = (request: FastifyRequest, page: string) => `${request.basePath}/feedback?from=${encodeURIComponent(`${request.basePath}/${page}`)}`;

  app.get('/accessibility', PUBLIC, async (request, reply) => {
    const { t, council, locale } = request;
    const { fields } = await texts(request, 'accessibility');
    // Stored values were checked when saved; a row edited by hand cannot name a message that does not exist.
    const compliance = (COMPLIANCE as readonly string[]).includes(fields.complianceStatus) ? fields.complianceStatus : 'partial';
    const address = siteAddress(council, request.basePath, config.publicUrl);
    const vars = { council: council.name, service: t('layout.service_name') };
    return reply.page('site-accessibility.njk', {
      title: t('site.accessibility.title'),
      heading: t('site.accessibility.heading', vars),
      appliesHtml: address ? tHtml(t, 'site.accessibility.applies_at_html', { ...vars, address }) : tHtml(t, 'site.accessibility.applies_html', vars),
      introHtml: renderMarkup(fields.intro),
      knownIssuesHtml: fields.knownIssues ? renderMarkup(fields.knownIssues) : '',
      contact: contactDetails(council),
      otherFormatsHtml: tHtml(t, contactDetails(council) ? 'site.accessibility.other_formats_html' : 'site.accessibility.other_formats_feedback_html', { href: feedbackHref(request, 'accessibility') }),
      reportHtml: tHtml(t, 'site.accessibility.report_html', { ...vars, href: feedbackHref(request, 'accessibility') }),
      enforcementHtml: t(`site.accessibility.enforcement_${fields.enforcement === 'ni' ? 'ni' : 'gb'}_html`),
      complianceHtml: t(`site.accessibility.compliance_${compliance}_html`),
      nonComplianceHtml: compliance !== 'full' && fields.nonCompliance ? renderMarkup(fields.nonCompliance) : '',
      prepared: t('site.accessibility.prepared', { prepared: formatDay(fields.preparedOn, locale), reviewed: formatDay(fields.reviewedOn, locale) }),
      tested: t('site.accessibility.tested', { tested: formatDay(fields.testedOn, locale), by: fields.testedBy }),
    });
  });

  app.get('/privacy', PUBLIC, async (request, reply) => {
    const { t, council } = request;
    const { fields } = await texts(request, 'privacy');
    const facts = {
      ...blockFacts,
      council: council.name,
      idleMinutes: Math.round(config.sessions.idleSeconds / 60),
      maxHours: Math.round(config.sessions.absoluteSeconds / 3600),
    };
    const say = (keys: string[] | undefined) => (keys ?? []).map((k) => t(k, facts));
    return reply.page('site-privacy.njk', {
      title: t('site.privacy.title'),
      introHtml: renderMarkup(fields.intro),
      records: [...privacy.flatMap((p) => say(p.records)), ...PLATFORM_RECORDS.map((k) => t(`site.privacy.records.${k}`, facts))],
      cookiesHtml: tHtml(t, 'site.privacy.records.cookies_html', { href: `${request.basePath}/cookies` }),
      lawfulBasisHtml: renderMarkup(fields.lawfulBasis),
      keptFacts: [...privacy.flatMap((p) => say(p.kept)), t('site.privacy.kept.rate_limits', facts)],
      retentionHtml: renderMarkup(fields.retention),
      sharing: privacy.flatMap((p) => (p.sharing ? [{ intro: t(p.sharing.intro, facts), list: say(p.sharing.list), paragraphs: say(p.sharing.paragraphs) }] : [])),
      notify: Boolean(config.notify),
      sharingHtml: renderMarkup(fields.sharing),
      rights: ['access', 'correct', 'erase', 'restrict', 'object'].map((k) => t(`site.privacy.rights.${k}`)),
      ownRights: privacy.flatMap((p) =>
        p.rights
          ? [{ intro: t(p.rights.intro, facts), list: say(p.rights.list), linkHtml: p.rights.link ? tHtml(t, p.rights.link.key, { href: `${request.basePath}${p.rights.link.path}` }) : undefined }]
          : [],
      ),
      contactHtml: contactHtml(fields.dataProtectionContact),
    });
  });

  app.get('/cookies', PUBLIC, async (request, reply) => {
    const { t, council } = request;
    const { fields } = await texts(request, 'cookies');
    const vars = { hours: Math.round(config.sessions.absoluteSeconds / 3600), idleMinutes: Math.round(config.sessions.idleSeconds / 60) };
    return reply.page('site-cookies.njk', {
      title: t('site.cookies.title'),
      introHtml: renderMarkup(fields.intro),
      rows: cookies.map((c) => [{ text: cookieName(c, council, config.production) }, { text: t(c.purposeKey, vars) }, { text: t(c.expiryKey, vars) }]),
    });
  });
}
