/**
 * Deterministic randomness for the demo data: the same seed always gives the same directory,
 * so tests, screenshots and benchmarks are repeatable. Nothing here is for security.
 */

/**
 * The murmur3 32-bit finaliser. Every step is invertible, so it is a bijection on 32-bit
 * integers: distinct inputs always give distinct outputs, which the id scheme relies on.
 */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A well-spread 32-bit hash of a few integers (not injective; use for choices, not ids). */
export function hash32(a: number, b = 0, c = 0): number {
  return mix32((a ^ mix32((b ^ mix32(c + 0x9e3779b9)) >>> 0)) >>> 0);
}

/** A stable 32-bit hash of a string (FNV-1a, finalised). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h >>> 0);
}

/** mulberry32: a small, fast PRNG with a 32-bit state. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Roughly normal, mean 0 and standard deviation 1 (sum of uniforms; cheap and bounded). */
  gaussian(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508;
  }

  /** `k` distinct items in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    if (k >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

const NIBBLE = '0123456789abcdef';
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const hex32 = (w: number): string => HEX[w >>> 24] + HEX[(w >>> 16) & 255] + HEX[(w >>> 8) & 255] + HEX[w & 255];
const hex16 = (w: number): string => HEX[(w >>> 8) & 255] + HEX[w & 255];

/**
 * A deterministic, v4-shaped UUID for entity `(kind, index, slot)` under `seed`.
 * Unique by construction, not by luck: the first group is a bijection of `index` and the
 * first 32 bits of the last group a bijection of `(kind, slot)`, so two different entities
 * of one seed never share an id (for index < 2^32, kind < 256, slot < 2^24). The version
 * and variant bits only ever overwrite the filler in between.
 */
export function demoUuid(seed: number, kind: number, index: number, slot = 0): string {
  const salt = mix32((seed ^ 0x5bd1e995) >>> 0);
  const a = mix32((index ^ mix32((salt + kind) >>> 0)) >>> 0);
  const b = mix32((((kind & 0xff) << 24) | (slot & 0xffffff)) ^ salt);
  const c = mix32((a ^ b ^ 0x27d4eb2f) >>> 0);
  const d = mix32((c + 0x165667b1) >>> 0);
  return (
    hex32(a) +
    '-' +
    hex16(c >>> 16) +
    '-4' +
    NIBBLE[(c >>> 8) & 15] +
    HEX[c & 255] +
    '-' +
    NIBBLE[8 | (d >>> 30)] +
    NIBBLE[(d >>> 24) & 15] +
    HEX[(d >>> 16) & 255] +
    '-' +
    hex32(b) +
    hex16(d)
  );}

/** Entity kinds of `demoUuid`: one number per kind of object, so ids never collide across kinds. */
export const KIND = {
  service: 1,
  organization: 2,
  location: 3,
  address: 4,
  accessibility: 5,
  accessibilityAttribute: 6,
  serviceAtLocation: 7,
  schedule: 8,
  serviceArea: 9,
  language: 10,
  funding: 11,
  costOption: 12,
  contact: 13,
  attribute: 14,
  phone: 15,
} as const;
