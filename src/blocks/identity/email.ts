import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * The one canonical form of an email address. Hearth stores people's addresses in this form,
 * finds them by it with an exact comparison, and sends mail to the address it has stored.
 *
 * Why: matching with SQL `lower()` (or JavaScript's `toLowerCase`) folds characters that are not
 * the same mailbox onto each other: `admİn@` (a dotted capital I) and `admin@`, or the Kelvin
 * sign `K` and `k`. Whoever held the look-alike mailbox could then sign in as the real person.
 *
 * The rule:
 * - Surrounding white space is removed. The address must look like `local@domain`, split at its
 *   last `@`, with no white space, control or formatting characters, and no `<>"(),;:` or `@`
 *   in the local part.
 * - The domain is converted to ASCII with IDNA (UTS #46, as browsers and mail systems do, by
 *   `node:url`'s `domainToASCII`): `bücher.example` becomes `xn--bcher-kva.example`. It is
 *   lower-cased, a trailing dot (`example.org.`) is removed, and it must be a host name with at
 *   least two labels and a top-level domain of letters (or an `xn--` label). Anything IDNA
 *   refuses is not an address.
 * - The local part is put in Unicode NFC first (canonically equivalent text is the same text:
 *   `é` typed as one character or as `e` and an accent; the Kelvin sign is `K`).
 * - Then a local part of ASCII characters only is lower-cased with ASCII rules (A-Z to a-z,
 *   nothing else): mail providers treat `Sam@` and `sam@` as one mailbox.
 * - A local part with any non-ASCII character is kept exactly as it is in NFC, never
 *   case-folded: `Ünal@` and `ünal@` stay two addresses, and `admİn@` is not `admin@`.
 * - Whatever matched, mail goes to the address Hearth has stored for the person, never to the
 *   one typed: even a look-alike that the rule joins to an account cannot receive its links.
 * - At most 64 bytes (UTF-8) of local part and 254 characters in all.
 */

export const MAX_EMAIL = 254;
const MAX_LOCAL_BYTES = 64;

// Control characters, Unicode formatting characters (zero-width and bidirectional controls,
// which make two different addresses look the same) and white space never belong in an address.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;
const LOCAL_FORBIDDEN = /[@<>"(),;:[\]\\]/;
const ASCII = /^[\x20-\x7e]*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The canonical form of a typed address, or undefined when it is not an address Hearth accepts. */
export function canonicalEmail(typed: string): string | undefined {
  const value = typed.trim();
  if (!value || value.length > MAX_EMAIL * 4) return undefined;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return undefined;
  const local = canonicalLocalPart(value.slice(0, at));
  const domain = canonicalDomain(value.slice(at + 1));
  if (!local || !domain) return undefined;
  const address = `${local}@${domain}`;
  return address.length <= MAX_EMAIL ? address : undefined;
}

function canonicalLocalPart(raw: string): string | undefined {
  // NFC first: canonically equivalent text is the same text (the Kelvin sign is K in NFC).
  const nfc = raw.normalize('NFC');
  if (INVISIBLE.test(nfc) || LOCAL_FORBIDDEN.test(nfc)) return undefined;
  const local = ASCII.test(nfc) ? nfc.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : nfc;
  if (Buffer.byteLength(local, 'utf8') > MAX_LOCAL_BYTES) return undefined;
  return local;
}

function canonicalDomain(raw: string): string | undefined {
  if (INVISIBLE.test(raw) || raw.includes('@')) return undefined;
  const withoutDot = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  // domainToASCII answers '' for a domain IDNA refuses.
  const ascii = domainToASCII(withoutDot).toLowerCase();
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TOP_LEVEL.test(labels[labels.length - 1])) return undefined;
  if (!labels.every(punycodeRoundTrips)) return undefined;
  return ascii;
}

/**
 * An `xn--` label must be real Punycode that IDNA would itself produce. Node 22 refuses `xn--zz`
 * in domainToASCII, Node 24 passes it through unchecked, so the check is made here the same way
 * on both: decode the label, and encoding the result must give the label back.
 */
function punycodeRoundTrips(label: string): boolean {
  if (!label.startsWith('xn--')) return true;
  const unicode = domainToUnicode(label);
  return unicode !== '' && unicode !== label && domainToASCII(unicode) === label;
}

/** Whether a typed address has a canonical form (the shape the pages and the command line check). */
export const EMAIL = { test: (typed: string): boolean => canonicalEmail(typed) !== undefined };

/**
 * What per-address rate limits count by: the canonical address with sub-addressing (`+tag`)
 * and the dots of the local part taken away, so `sam+1@`, `s.am@` and `sam.@` share one count
 * with `sam@`. Only for counting: never to find or mail anyone.
 */
export function rateLimitKey(canonical: string): string {
  const at = canonical.lastIndexOf('@');
  const local = canonical.slice(0, at);
  const plus = local.indexOf('+');
  const untagged = plus > 0 ? local.slice(0, plus) : local;
  return `${untagged.replaceAll('.', '') || local}@${canonical.slice(at + 1)}`;
}
