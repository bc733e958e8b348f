import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../../platform/config.js';
import type { Council } from '../../../platform/councils.js';
import { councilAddress } from '../../../platform/http/public-origin.js';
import { Messages, type Locale, type Translate } from '../../../platform/web/i18n.js';

/**
 * Emails outside any request (the nudge job, an event subscriber) need the directory's
 * messages in English and Welsh without a request's translator: the block's own catalogues,
 * read once.
 */
let catalogue: Messages | undefined;
const localesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'locales');

export function translator(locale: Locale): Translate {
  catalogue ??= new Messages().addFolder(localesDir);
  return catalogue.translator(locale);
}

/** A message's subject and body, in one language. */
export interface Text {
  subject: string;
  body: string;
}

/**
 * The message for a person in their language; when it is not known, in both (Welsh after
 * English under one subject), as councils in Wales write to people whose choice they do not know.
 */
export function inLanguageOf(locale: Locale | null, write: (t: Translate, locale: Locale) => Text): Text {
  if (locale) return write(translator(locale), locale);
  const en = write(translator('en'), 'en');
  const cy = write(translator('cy'), 'cy');
  return { subject: `${en.subject} / ${cy.subject}`, body: `${en.body}\n\n---\n\n${cy.body}` };
}

/**
 * The absolute address of a council's pages for a message sent outside any request: its own
 * host name, else the council by path on HEARTH_PUBLIC_URL (or the development address).
 * Configuration only, never a request's Host (see platform/http/public-origin.ts).
 */
export function councilLinkBase(config: Pick<Config, 'publicUrl' | 'production' | 'port'>, council: Pick<Council, 'hosts' | 'slug'>): string {
  return councilAddress(config, council);
}
