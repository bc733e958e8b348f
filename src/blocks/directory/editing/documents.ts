/**
 * Comparing listings as documents. Two copies of one ORUK document may differ in key order (a
 * form builds its own object; the database reads keys in ORUK's order) and in bookkeeping that
 * is not an edit (`last_modified`, set when a version is written): neither counts as a change.
 */

/** Fields that change with every write, not with what the listing says. */
const BOOKKEEPING = new Set(['last_modified']);

/** A copy with keys sorted, bookkeeping left out, and empty values (null, '', []) dropped, as ORUK leaves them out. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (BOOKKEEPING.has(key)) continue;
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = v;
    }
    return out;
  }
  return value;
}

/** Whether two documents say the same thing. */
export function sameDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
