/**
 * Languages demo services are offered in, with ISO 639 codes (BSL has no two-letter code,
 * so it uses ISO 639-3 `bfi`).
 */
export const LANGUAGES = {
  en: 'English',
  cy: 'Welsh',
  pl: 'Polish',
  ur: 'Urdu',
  pa: 'Punjabi',
  bn: 'Bengali',
  ar: 'Arabic',
  ro: 'Romanian',
  bfi: 'British Sign Language',
  gu: 'Gujarati',
  hi: 'Hindi',
  so: 'Somali',
  uk: 'Ukrainian',
  fa: 'Persian (Farsi)',
  ku: 'Kurdish',
  ps: 'Pashto',
  ti: 'Tigrinya',
  pt: 'Portuguese',
  lt: 'Lithuanian',
  zh: 'Chinese (Mandarin)',
} as const;

export type LanguageCode = keyof typeof LANGUAGES;

/** Community languages a service may happen to have a speaker of, most common first. */
export const COMMUNITY_LANGUAGES: readonly LanguageCode[] = ['pl', 'ur', 'pa', 'ro', 'bn', 'ar', 'gu', 'pt', 'lt', 'so', 'uk', 'zh', 'cy'];
