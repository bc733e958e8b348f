import type { Council } from '../councils.js';
import type { Translate } from '../web/i18n.js';
import { PAGE_FIELDS, type PageFields, type SitePage } from './page-fields.js';

export interface DefaultFacts {
  council: Council;
  /** YYYY-MM-DD: the day the council was set up, the default date of its statements. */
  createdOn: string;
  /** A block shares people's information when they ask it to (`PrivacyDeclaration.shares`): some privacy defaults say so. */
  shares: boolean;
}

/**
 * The privacy notice's fields whose default says something else when a block shares people's
 * information at their request (the vault: residents share their record with teams and
 * partners), where "we share it with nobody" would be untrue (`site.default.privacy.shared.*`).
 */
const WHEN_SHARED: ReadonlySet<string> = new Set(['intro', 'lawfulBasis', 'sharing']);

/**
 * The text each page shows until the council changes it: the catalogue's wording in the
 * reader's language, filled from the council's details. Choices and dates are the same in
 * every language.
 */
export function defaultFields(page: SitePage, t: Translate, { council, createdOn, shares }: DefaultFacts): PageFields {
  const fields: PageFields = {};
  const shared = page === 'privacy' && shares;
  for (const spec of PAGE_FIELDS[page]) {
    if (spec.kind === 'date') fields[spec.name] = createdOn;
    else if (spec.kind === 'choice') fields[spec.name] = CHOICE_DEFAULTS[`${page}.${spec.name}`] ?? spec.choices[0];
    else {
      const key = shared && WHEN_SHARED.has(spec.name) ? `site.default.${page}.shared.${spec.name}` : `site.default.${page}.${spec.name}`;
      fields[spec.name] = t(key, { council: council.name });
    }
  }
  if (page === 'privacy' && council.contactEmail) fields.dataProtectionContact = council.contactEmail;
  return fields;
}

const CHOICE_DEFAULTS: Record<string, string> = {
  // Nobody can claim full compliance before an audit; the council changes this after one.
  'accessibility.complianceStatus': 'partial',
  'accessibility.enforcement': 'gb',
};

/** The council's stored fields over the defaults (a field added since it saved shows its default). */
export function effectiveFields(page: SitePage, defaults: PageFields, stored: PageFields | undefined): PageFields {
  const fields: PageFields = { ...defaults };
  for (const spec of PAGE_FIELDS[page]) {
    const value = stored?.[spec.name];
    if (typeof value === 'string') fields[spec.name] = value;
  }
  return fields;
}
