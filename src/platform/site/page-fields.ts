/**
 * What a council can change on each of its site pages. A page is the law's fixed wording (in
 * the message catalogues, filled from the council's details and these fields) around the
 * council's own texts and facts, which are these fields. Each field's label, hint and error
 * messages are `site.field.{page}.{name}.*` in the catalogues; its default is in `defaults.ts`.
 */

export const SITE_PAGES = ['accessibility', 'privacy', 'cookies'] as const;
export type SitePage = (typeof SITE_PAGES)[number];

export const isSitePage = (value: unknown): value is SitePage => typeof value === 'string' && (SITE_PAGES as readonly string[]).includes(value);

export type FieldSpec =
  /** Several paragraphs, headings and lists in the tiny markup (`markup.ts`). */
  | { name: string; kind: 'markup'; required: boolean; max: number }
  /** One line of plain text. */
  | { name: string; kind: 'text'; required: true; max: number }
  /** A day, stored as YYYY-MM-DD, entered as GOV.UK's day, month and year. */
  | { name: string; kind: 'date'; required: true }
  /** One of a few values, as radios. */
  | { name: string; kind: 'choice'; required: true; choices: readonly string[] };

export const COMPLIANCE = ['full', 'partial', 'not'] as const;
/** Who enforces the accessibility regulations: the EHRC (Great Britain) or the Equality Commission for Northern Ireland. */
export const ENFORCEMENT = ['gb', 'ni'] as const;

export const PAGE_FIELDS: Record<SitePage, readonly FieldSpec[]> = {
  accessibility: [
    { name: 'intro', kind: 'markup', required: true, max: 5000 },
    { name: 'knownIssues', kind: 'markup', required: false, max: 5000 },
    { name: 'complianceStatus', kind: 'choice', required: true, choices: COMPLIANCE },
    { name: 'nonCompliance', kind: 'markup', required: false, max: 10000 },
    { name: 'enforcement', kind: 'choice', required: true, choices: ENFORCEMENT },
    { name: 'preparedOn', kind: 'date', required: true },
    { name: 'reviewedOn', kind: 'date', required: true },
    { name: 'testedOn', kind: 'date', required: true },
    { name: 'testedBy', kind: 'text', required: true, max: 300 },
  ],
  privacy: [
    { name: 'intro', kind: 'markup', required: true, max: 5000 },
    { name: 'lawfulBasis', kind: 'markup', required: true, max: 5000 },
    { name: 'retention', kind: 'markup', required: true, max: 5000 },
    { name: 'sharing', kind: 'markup', required: true, max: 5000 },
    { name: 'dataProtectionContact', kind: 'text', required: true, max: 500 },
  ],
  cookies: [{ name: 'intro', kind: 'markup', required: true, max: 5000 }],
};

/** A page's field values by name: text, markup source, YYYY-MM-DD or a choice. */
export type PageFields = Record<string, string>;
