/**
 * Where to send a browser back to after a form or a sign-in, from a value the request carries
 * (a `return` field, a query parameter): only a path on this same site, never another site.
 *
 * Checking the text is not enough: browsers resolve `.` segments, drop tabs and new lines, and
 * read `\` as `/`, so `/.//evil`, `/\evil` and `/\t/evil` all become `//evil`, which a browser
 * follows to the host `evil`. So the value is resolved first, as a browser would, against a
 * fixed base, and what comes out must still be on that base and start with a single `/`.
 */

const BASE = 'http://hearth.invalid';
const MAX_LENGTH = 2000;

/**
 * The same-origin path (with its query, without a fragment) that `value` resolves to, or
 * undefined when it is not one. With `under`, the path must also be `under` or below it
 * (a council's `/c/{slug}`; '' allows any path).
 */
export function sameSitePath(value: unknown, options: { under?: string } = {}): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return undefined;
  // Control characters (tabs and new lines are silently dropped by browsers) and backslashes.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  const path = url.pathname + url.search;
  if (!isSingleSlashPath(path)) return undefined;
  // A proxy or framework that decodes the path once must not find `//` or `/\` either.
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (!isSingleSlashPath(decoded) || /[\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  const under = options.under ?? '';
  if (under && url.pathname !== under && !url.pathname.startsWith(`${under}/`)) return undefined;
  return path;
}

const isSingleSlashPath = (path: string) => path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
