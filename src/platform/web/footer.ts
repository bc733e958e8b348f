import type { Council } from '../councils.js';
import type { Translate } from './i18n.js';

export const OGL_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

export interface FooterLink {
  href: string;
  text: string;
}

/** A sentence with at most one link inside it. */
export interface LinkedSentence {
  before: string;
  link?: FooterLink;
  after: string;
}

/** What the footer of every page shows: the council's, never GOV.UK's (no crown, no Royal Arms). */
export interface Footer {
  links: FooterLink[];
  logoUrl?: string;
  email?: string;
  phone?: string;
  addressLines: string[];
  licence: LinkedSentence;
  /** The Open Government Licence's own symbol (the letters OGL, not a crown), shown with that licence only. */
  ogl: boolean;
  copyright: string;
}

/**
 * Split a licence sentence at its square brackets: the bracketed words link to `href`. A
 * sentence without brackets links as a whole when there is an address, and not at all without.
 */
export function linkedSentence(text: string, href: string | undefined): LinkedSentence {
  const parts = /^([^[\]]*)\[([^[\]]+)\]([^[\]]*)$/.exec(text);
  if (!href) return { before: parts ? `${parts[1]}${parts[2]}${parts[3]}` : text, after: '' };
  if (!parts) return { before: '', link: { href, text }, after: '' };
  return { before: parts[1], link: { href, text: parts[2] }, after: parts[3] };
}

/**
 * The footer of a council's pages: the pages the law and residents expect (accessibility,
 * privacy, cookies, feedback), contact, open data and API; the council's logo, contact
 * details, licence and copyright.
 */
export function footerFor(t: Translate, council: Council, basePath: string): Footer {
  const links: FooterLink[] = [
    { href: `${basePath}/accessibility`, text: t('layout.accessibility') },
    { href: `${basePath}/privacy`, text: t('layout.privacy') },
    { href: `${basePath}/cookies`, text: t('layout.cookies') },
    { href: `${basePath}/feedback`, text: t('layout.feedback') },
  ];
  if (council.contactUrl) links.push({ href: council.contactUrl, text: t('layout.contact', { council: council.name }) });
  links.push({ href: `${basePath}/open-data`, text: t('layout.open_data') }, { href: '/api/docs', text: t('layout.api_docs') });
  const ownLicence = council.licenceText !== undefined;
  const licenceUrl = ownLicence ? council.licenceUrl : (council.licenceUrl ?? OGL_URL);
  return {
    links,
    logoUrl: council.logoUrl,
    email: council.contactEmail,
    phone: council.contactPhone,
    addressLines: (council.address ?? '').split('\n').map((line) => line.trim()).filter(Boolean),
    licence: linkedSentence(ownLicence ? council.licenceText! : t('layout.licence'), licenceUrl),
    ogl: licenceUrl === OGL_URL,
    copyright: t('layout.copyright', { council: council.name }),
  };
}
