import { fileURLToPath } from 'node:url';
import { Messages, type Locale, type Translate } from '../../../platform/web/i18n.js';

/**
 * The directory's catalogues for messages written outside a request's own language: an email
 * to an editor goes in the editor's language, whatever language the manager reads.
 */
let catalogues: Messages | undefined;
export function translatorFor(locale: Locale): Translate {
  catalogues ??= new Messages().addFolder(fileURLToPath(new URL('../locales', import.meta.url)));
  return catalogues.translator(locale);
}
