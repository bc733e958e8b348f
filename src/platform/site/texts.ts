import type { Council } from '../councils.js';
import type { Queryable } from '../db/db.js';
import type { Locale, Messages } from '../web/i18n.js';
import { defaultFields, effectiveFields } from './defaults.js';
import type { PageFields, SitePage } from './page-fields.js';
import { councilCreatedOn, pageText, type StoredPageText } from './sql.js';

export interface PageTexts {
  /** What the page shows: the council's own fields over the defaults. */
  fields: PageFields;
  defaults: PageFields;
  /** The council's own text, when it has saved one. */
  stored?: StoredPageText;
}

/**
 * A page's texts in one language (not necessarily the reader's: an admin edits both); `shares`
 * (a block shares people's information when they ask it to) changes some of the privacy notice's defaults.
 */
export async function loadPageTexts(db: Queryable, messages: Messages, council: Council, page: SitePage, locale: Locale, shares: boolean): Promise<PageTexts> {
  const [stored, createdOn] = await Promise.all([pageText(db, council.id, page, locale), councilCreatedOn(db, council.id)]);
  const defaults = defaultFields(page, messages.translator(locale), { council, createdOn, shares });
  return { fields: effectiveFields(page, defaults, stored?.fields), defaults, stored };
}
