/**
 * Catalogue text with placeholders ({place}, {venue}, {org}, {phone}, {email}, {web}),
 * split once into literal parts and slot numbers so that filling it per service is a cheap
 * concatenation, even a million times.
 */
export type Compiled = (string | number)[];

export const SLOTS = ['place', 'venue', 'org', 'phone', 'email', 'web'] as const;

export function compile(text: string): Compiled {
  const parts: Compiled = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    const slot = SLOTS.indexOf(m[1] as (typeof SLOTS)[number]);
    if (slot < 0) throw new Error(`Unknown placeholder ${m[0]} in "${text}"`);
    parts.push(text.slice(last, m.index), slot);
    last = m.index! + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** `values` in the order of SLOTS. */
export function fill(parts: Compiled, values: readonly string[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'number' ? values[p] : p;
  return out;
}
