import type { Language, Service } from '../../oruk/schemas.js';
import { fieldList, newId, type FieldError, type FormBody, type FormResult } from './fields.js';

/**
 * The languages the service is offered in, chosen from a list (never typed codes): English and
 * Welsh first, then those most asked for in UK councils (the search filter's list). A code the
 * listing already had that is not on the list stays offered, so saving never drops it.
 */
export const EDIT_LANGUAGES = ['en', 'cy', 'bfi', 'pl', 'ur', 'pa', 'bn', 'ro', 'ar', 'gu', 'pt', 'lt', 'so', 'uk', 'zh', 'hi', 'fa', 'ku', 'ps', 'ti'] as const;

const englishNames = new Intl.DisplayNames(['en'], { type: 'language' });
/** ORUK `name` in English, as feeds give it ("Polish"); BSL by its own name. */
export function englishName(code: string): string {
  if (code === 'bfi') return 'British Sign Language';
  try {
    return englishNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export const languageCode = (l: Language) => (l.code ?? '').toLowerCase();

/** Codes to offer: the list, then any other the service has. */
export function offeredLanguages(service: Service): string[] {
  const extra = (service.languages ?? []).map(languageCode).filter((c) => c && !(EDIT_LANGUAGES as readonly string[]).includes(c));
  return [...EDIT_LANGUAGES, ...new Set(extra)];
}

export const languagesValues = (service: Service) => ({ codes: (service.languages ?? []).map(languageCode).filter(Boolean) });
export const readLanguages = (body: FormBody) => ({ codes: fieldList(body, 'languages').map((c) => c.toLowerCase()) });

export function applyLanguages(service: Service, values: { codes: string[] }): FormResult<Service> {
  const offered = offeredLanguages(service);
  const errors: FieldError[] = [];
  if (values.codes.some((c) => !offered.includes(c))) errors.push({ field: 'languages', key: 'directory.edit.error.language' });
  if (errors.length) return { errors };
  const before = service.languages ?? [];
  const languages: Language[] = offered
    .filter((code) => values.codes.includes(code))
    .map((code) => before.find((l) => languageCode(l) === code) ?? { id: newId(), code, name: englishName(code) });
  // Languages without a code (a name only) cannot be chosen from the list; they are kept.
  return { document: { ...service, languages: [...languages, ...before.filter((l) => !l.code)] } };
}
