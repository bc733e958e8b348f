import { LAWFUL_BASES } from '../../grants.js';
import { many, str, type Grantee } from './common.js';
import { endOfDay, lastAllowedDate, londonDate, readDateInput } from './dates.js';

/**
 * The "Share your information" form: its fields as typed, carried unchanged from the form to
 * "Check your answers" (hidden fields) and back (a change link's query), and checked the same
 * way at each step, since anything a browser sends may have been altered.
 */

export interface ShareValues {
  grantee: string;
  categories: string[];
  access: string;
  purpose: string;
  lawful_basis: string;
  'until-day': string;
  'until-month': string;
  'until-year': string;
}

export const SHARE_FIELDS = ['grantee', 'categories', 'access', 'purpose', 'lawful_basis', 'until'] as const;
export type ShareField = (typeof SHARE_FIELDS)[number];

/** A problem as a message key (under `vault.sharing.error.`) and its values. */
export type ShareProblems = Partial<Record<ShareField, { key: string; vars?: Record<string, string> }>>;

export const MAX_PURPOSE = 500;

export function shareValuesOf(source: Record<string, unknown>): ShareValues {
  return {
    grantee: str(source.grantee).trim(),
    categories: [...new Set(many(source.categories))],
    access: str(source.access),
    purpose: str(source.purpose).replace(/\r\n/g, '\n').trim(),
    // Consent unless the resident chose otherwise: it is what a grant they give is.
    lawful_basis: source.lawful_basis === undefined ? 'consent' : str(source.lawful_basis),
    'until-day': str(source['until-day']),
    'until-month': str(source['until-month']),
    'until-year': str(source['until-year']),
  };
}

/** The values as form fields (name, value) in order, a list field once per value: for hidden fields and change links. */
export function shareFields(values: ShareValues): Array<[string, string]> {
  return [
    ['grantee', values.grantee],
    ...values.categories.map((c): [string, string] => ['categories', c]),
    ['access', values.access],
    ['purpose', values.purpose],
    ['lawful_basis', values.lawful_basis],
    ['until-day', values['until-day']],
    ['until-month', values['until-month']],
    ['until-year', values['until-year']],
  ];
}

export interface CheckedShare {
  grantee: Grantee;
  categories: string[];
  access: 'read' | 'read_update';
  purpose: string;
  lawfulBasis: string;
  /** The UK date chosen, and the instant the grant stops (the end of that day). */
  until: string;
  expiresAt: Date;
}

export function checkShare(
  values: ShareValues,
  context: { grantees: Grantee[]; categories: string[]; now: Date; maxDays: number; dateText: (date: string) => string },
): { problems: ShareProblems; share?: CheckedShare } {
  const problems: ShareProblems = {};
  const grantee = context.grantees.find((g) => g.value === values.grantee);
  if (!values.grantee) problems.grantee = { key: 'grantee_missing' };
  else if (!grantee) problems.grantee = { key: 'grantee_unknown' };
  if (!values.categories.length) problems.categories = { key: 'categories_missing' };
  else if (values.categories.some((c) => !context.categories.includes(c))) problems.categories = { key: 'categories_unknown' };
  if (values.access !== 'read' && values.access !== 'read_update') problems.access = { key: 'access_missing' };
  if (!values.purpose) problems.purpose = { key: 'purpose_missing' };
  else if (values.purpose.length > MAX_PURPOSE) problems.purpose = { key: 'purpose_long', vars: { max: String(MAX_PURPOSE) } };
  if (!(LAWFUL_BASES as readonly string[]).includes(values.lawful_basis)) problems.lawful_basis = { key: 'lawful_basis_missing' };
  const read = readDateInput(values['until-day'], values['until-month'], values['until-year']);
  let until: string | undefined;
  if ('problem' in read) problems.until = { key: `until_${read.problem}` };
  else {
    const today = londonDate(context.now);
    const last = lastAllowedDate(context.now, context.maxDays);
    if (read.date < today) problems.until = { key: 'until_past' };
    else if (read.date > last) problems.until = { key: 'until_too_late', vars: { date: context.dateText(last), days: String(context.maxDays) } };
    else until = read.date;
  }
  if (Object.keys(problems).length || !grantee || !until) return { problems };
  return {
    problems,
    share: {
      grantee,
      // In the record's order, as the form lists them.
      categories: context.categories.filter((c) => values.categories.includes(c)),
      access: values.access as 'read' | 'read_update',
      purpose: values.purpose,
      lawfulBasis: values.lawful_basis,
      until,
      expiresAt: endOfDay(until),
    },
  };
}
