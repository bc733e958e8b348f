import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../block.js';
import type { Council } from '../councils.js';
import { declaredCookieName, type CookieDeclaration } from '../http/cookie-list.js';
import type { Messages } from '../web/i18n.js';
import { contactDetails } from './contact.js';
import { formatDay, tHtml } from './html.js';
import { escapeHtml, renderMarkup, safeHref } from './markup.js';
import { vaultIsOn } from './defaults.js';
import { COMPLIANCE, type SitePage } from './page-fields.js';
import { loadPageTexts } from './texts.js';

/**
 * The pages the law and residents expect of each council, in English and Welsh: the
 * accessibility statement (after GOV.UK's model statement), the privacy notice and the
 * cookies page. Each is the fixed wording of the catalogues around the council's own texts.
 */

/**
 * How long a sign-in link works: the identity block's LINK_LIFETIME_MS, which the platform may
 * not import (a test holds the two equal).
 */
export const SIGN_IN_LINK_MINUTES = 15;

/** How long an invitation to act for a resident works at most: the vault's INVITATION_DAYS (a test holds the two equal). */
export const ADVOCATE_INVITATION_DAYS = 14;

const PUBLIC = { config: { html: true, access: 'public' as const } };

export interface PublicPagesOptions {
  messages: Messages;
  cookies: CookieDeclaration[];
  /** The enabled blocks' names: with the vault on, the privacy notice says what it keeps and who sees it. */
  blockNames: readonly string[];
}

/**
 * What the notice lists as recorded (`site.privacy.records.*`), each with the block that records
 * it (none: the platform, always): a deployment without a block records none of its things.
 */
const RECORDS: ReadonlyArray<readonly [key: string, block?: string]> = [
  ['email', 'identity'],
  ['sign_in_links', 'identity'],
  ['sessions', 'identity'],
  ['audit', 'identity'],
  ['feedback'],
  ['out_of_date', 'directory'],
  ['notifications'],
  ['logs'],
  ['rate_limits'],
];

/** What the privacy notice says of the vault, when it is on (`site.privacy.vault.*`): the resident's record, who sees it, its log, their rights. */
const VAULT_PRIVACY = {
  records: ['record', 'history', 'grants', 'access_log', 'advocates', 'notices', 'saved'],
  kept: ['record', 'grants', 'access_log', 'invitations'],
  seenBy: ['grantees', 'duty', 'advocates'],
  sharing: ['logged', 'tell_us_once', 'recipients'],
  rights: ['download', 'log', 'correct', 'erase', 'restrict', 'withdraw'],
} as const;

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

export function registerPublicPages(app: FastifyInstance, ctx: PlatformContext, { messages, cookies, blockNames }: PublicPagesOptions): void {
  const { config } = ctx;
  const texts = (request: FastifyRequest, page: SitePage) => loadPageTexts(ctx.db, messages, request.council, page, request.locale, blockNames);
  const vault = vaultIsOn(blockNames);
  const recorded = RECORDS.filter(([, block]) => !block || blockNames.includes(block)).map(([key]) => key);
  const identity = blockNames.includes('identity');
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
      council: council.name,
      invitationDays: ADVOCATE_INVITATION_DAYS,
      linkMinutes: SIGN_IN_LINK_MINUTES,
      idleMinutes: Math.round(config.sessions.idleSeconds / 60),
      maxHours: Math.round(config.sessions.absoluteSeconds / 3600),
    };
    return reply.page('site-privacy.njk', {
      title: t('site.privacy.title'),
      introHtml: renderMarkup(fields.intro),
      records: recorded.map((k) => t(`site.privacy.records.${k}`, facts)),
      cookiesHtml: tHtml(t, 'site.privacy.records.cookies_html', { href: `${request.basePath}/cookies` }),
      lawfulBasisHtml: renderMarkup(fields.lawfulBasis),
      keptFacts: [...(identity ? [t('site.privacy.kept.sign_in_links', facts), t('site.privacy.kept.sessions', facts)] : []), t('site.privacy.kept.rate_limits', facts)],
      retentionHtml: renderMarkup(fields.retention),
      notify: Boolean(config.notify),
      sharingHtml: renderMarkup(fields.sharing),
      rights: ['access', 'correct', 'erase', 'restrict', 'object'].map((k) => t(`site.privacy.rights.${k}`)),
      contactHtml: contactHtml(fields.dataProtectionContact),
      vault: vault
        ? {
            records: VAULT_PRIVACY.records.map((k) => t(`site.privacy.vault.records.${k}`, facts)),
            kept: VAULT_PRIVACY.kept.map((k) => t(`site.privacy.vault.kept.${k}`, facts)),
            seenByIntro: t('site.privacy.vault.seen_by_intro'),
            seenBy: VAULT_PRIVACY.seenBy.map((k) => t(`site.privacy.vault.seen_by.${k}`, facts)),
            sharing: VAULT_PRIVACY.sharing.map((k) => t(`site.privacy.vault.sharing.${k}`, facts)),
            rightsIntro: t('site.privacy.vault.rights_intro'),
            rights: VAULT_PRIVACY.rights.map((k) => t(`site.privacy.vault.rights.${k}`, facts)),
            rightsLinkHtml: tHtml(t, 'site.privacy.vault.rights_link_html', { href: `${request.basePath}/my-record/rights` }),
          }
        : undefined,
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
