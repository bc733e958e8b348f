import type { FastifyRequest } from 'fastify';
import type { KeptCategory } from '../../sql/rights.js';
import { categoryName } from '../grants/common.js';

/** What the rights pages share. */

export const rightsPath = (request: FastifyRequest, rest = '') => `${request.basePath}/my-record/rights${rest}`;

/** Today in London ('YYYY-MM-DD'), as disclosure dates are written. */
export const londonToday = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/**
 * "Kept because <basis>": the law a basis rests on, except for one the law lets be kept from
 * the resident until a date still to come (a safeguarding enquiry), which is said only to be
 * required by law, so the page never reveals it early.
 */
export function keptText(request: FastifyRequest, kept: KeptCategory, today = londonToday()): string {
  const category = categoryName(request, kept.category);
  return kept.disclose_after && kept.disclose_after > today
    ? request.t('vault.rights.kept_by_law', { category })
    : request.t('vault.rights.kept_because', { category, basis: kept.legal_basis });
}

/** The category codes a form sent (a checkbox group: one value or several). */
export const codesOf = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
