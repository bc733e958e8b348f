import type { Council } from '../councils.js';
import type { Translate } from '../web/i18n.js';
import { PAGE_FIELDS, type PageFields, type SitePage } from './page-fields.js';

export interface DefaultFacts {
  council: Council;
  /** YYYY-MM-DD: the day the council was set up, the default date of its statements. */
  createdOn: string;
}

/**
 * The text each page shows until the council changes it: the catalogue's wording in the
 * reader's language, filled from the council's details. Choices and dates are the same in
 * every language.
 */
export function defaultFields(page: SitePage, t: Translate, { council, createdOn }: DefaultFacts): PageFields {
  const fields: PageFields = {};
  for (const spec of PAGE_FIELDS[page]) {
    if (spec.kind === 'date') fields[spec.name] = createdOn;
    else if (spec.kind === 'choice') fields[spec.name] = CHOICE_DEFAULTS[`${page}.${spec.name}`] ?? spec.choices[0];
    else fields[spec.name] = t(`site.default.${page}.${spec.name}`, { council: council.name });
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
