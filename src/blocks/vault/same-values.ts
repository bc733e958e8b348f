/**
 * Whether two lists of record values say the same thing. Values come back from the database's
 * jsonb with their keys in its own order, so they are compared by what they hold, keys sorted:
 * a change sent twice (a double click, a retry) is then recognised and written once.
 */
export function sameValues(a: unknown[], b: unknown[]): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with the keys of every object in order (members set to undefined left out, as JSON does). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
