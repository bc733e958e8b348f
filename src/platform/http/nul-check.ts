import type { InvalidParam } from './problem.js';

/** Deeper than any document Hearth takes (ORUK nests a handful of levels). */
export const MAX_NESTING = 64;

/**
 * What in a parsed query or body PostgreSQL could not hold, each named by its path (`q`,
 * `service.contacts[0].name`): a NUL character in a key or a string. Walked with an explicit
 * stack, not recursion, so a body of 100,000 nested brackets is one 400 naming the nesting,
 * never a stack overflow.
 */
export function unstorableText(input: unknown, root = ''): InvalidParam[] {
  if (typeof input === 'string') return input.includes('\u0000') ? [{ name: root || 'body', reason: 'must not contain control characters' }] : [];
  if (!input || typeof input !== 'object') return [];
  const found: InvalidParam[] = [];
  const stack: Array<{ value: object; path: string; depth: number }> = [{ value: input, path: root, depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (depth >= MAX_NESTING) return [{ name: root || 'body', reason: `must not nest more than ${MAX_NESTING} levels deep` }];
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value);
    for (const [key, item] of entries) {
      const name = key.startsWith('[') ? `${path}${key}` : path ? `${path}.${key.replace(/\u0000/g, '')}` : key.replace(/\u0000/g, '');
      if (key.includes('\u0000') || (typeof item === 'string' && item.includes('\u0000'))) found.push({ name, reason: 'must not contain control characters' });
      else if (item && typeof item === 'object') stack.push({ value: item, path: name, depth: depth + 1 });
    }
  }
  return found;
}
