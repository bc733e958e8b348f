import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCALES = ['en', 'cy'] as const;
export type Locale = (typeof LOCALES)[number];

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

type Catalogue = Record<string, string>;

/**
 * Message catalogues: every user-facing string lives in `locales/en.json` and
 * `locales/cy.json` of the platform or of a block. A key missing in Welsh falls back to
 * English (and the test suite checks that none is missing); a key missing in both shows
 * the key itself, so the gap is visible rather than silent.
 */
export class Messages {
  private readonly catalogues: Record<Locale, Catalogue> = { en: {}, cy: {} };

  /**
   * Add the catalogues found in `dir`: `en.json` and `cy.json`, and `<area>.en.json` /
   * `<area>.cy.json` for a block with several areas. No key may be defined twice.
   */
  addFolder(dir: string): this {
    if (!existsSync(dir)) return this;
    const files = readdirSync(dir);
    for (const locale of LOCALES) {
      for (const name of files.filter((f) => f === `${locale}.json` || f.endsWith(`.${locale}.json`))) {
      const file = join(dir, name);
      const entries = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
      for (const [key, value] of Object.entries(entries)) {
        if (key in this.catalogues[locale]) throw new Error(`Message key "${key}" is defined twice (${file})`);
        this.catalogues[locale][key] = value;
      }
      }
    }
    return this;
  }

  keys(locale: Locale): string[] {
    return Object.keys(this.catalogues[locale]);
  }

  translator(locale: Locale): Translate {
    const own = this.catalogues[locale];
    const english = this.catalogues.en;
    return (key, vars) => {
      let text = own[key] ?? english[key] ?? key;
      if (vars) {
        // {name} placeholders; {count|one|other} picks a plural form.
        text = text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
          const value = vars[name];
          if (value === undefined) return whole;
          if (one !== undefined && other !== undefined) return Number(value) === 1 ? one : other;
          return String(value);
        });
      }
      return text;
    };
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
