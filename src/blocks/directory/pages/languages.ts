import type { Translate, Locale } from '../../../platform/web/i18n.js';

/**
 * Languages offered in the language filter, most asked-for in UK councils first. Their names
 * come from the message catalogues (so Welsh readers see "Pwyleg"); any other code a listing
 * uses is named by the runtime's own language names.
 */
export const FILTER_LANGUAGES = ['cy', 'bfi', 'pl', 'ur', 'pa', 'bn', 'ro', 'ar', 'gu', 'pt', 'lt', 'so', 'uk', 'zh', 'hi', 'fa', 'ku', 'ps', 'ti'] as const;

const known = new Set<string>(FILTER_LANGUAGES);
const displayNames: Partial<Record<Locale, Intl.DisplayNames>> = {};

/** The name of a language, in the reader's language, from its ISO 639 code. */
export function languageName(t: Translate, locale: Locale, code: string | null | undefined, fallback?: string | null): string {
  const lower = (code ?? '').toLowerCase();
  if (known.has(lower)) return t(`directory.language.${lower}`);
  if (lower === 'en') return t('directory.language.en');
  if (/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(lower)) {
    try {
      displayNames[locale] ??= new Intl.DisplayNames([locale, 'en'], { type: 'language' });
      const name = displayNames[locale]!.of(lower);
      if (name && name.toLowerCase() !== lower) return name;
    } catch {
      // An unusual but well-formed code the runtime does not know: fall through.
    }
  }
  return fallback || code || '';
}
