import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACTED = '[redacted]';

/** Headers that carry credentials. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];
/** Field names whose values are credentials or carry one (a sign-in link holds its token). */
const SECRET_FIELD = /token|secret|password|passwd|api_?key|apikey|authorization|cookie|assertion|verifier|^link$|^links$|_link$|Link$/i;
/** A credential in a query string inside any logged text: `?token=…`, `&code=…`. */
const SECRET_QUERY = /([?&](?:token|code|state|client_secret|client_assertion|access_token|id_token|logout_token|key)=)[^&#\s"']*/gi;
const SERIALIZED = new Set(['req', 'res', 'err']);
/** Nested values beyond this depth are not logged (a log line is not a dump). */
const MAX_DEPTH = 8;

/** A request's path without its query string: the query may hold a sign-in token. */
export function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

/** Text with credentials in query strings removed. */
export function scrubText(text: string): string {
  return text.replace(SECRET_QUERY, `$1${REDACTED}`);
}

const isSecretField = (key: string, value: unknown) => SECRET_FIELD.test(key) && value !== undefined && value !== null && value !== '';

/** One field of a logged object: redacted when its name says it is a credential. */
export function redactField(key: string, value: unknown): unknown {
  return isSecretField(key, value) ? REDACTED : redactDeep(value);
}

/**
 * A copy of a logged value with every field named like a credential replaced, at any depth,
 * and credentials in query strings inside text removed. Iterative (no recursion), bounded.
 */
export function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (!value || typeof value !== 'object') return value;
  const root: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  const work: Array<{ from: object; to: Record<string, unknown> | unknown[]; depth: number }> = [{ from: value, to: root, depth: 0 }];
  const seen = new WeakSet<object>([value]);
  while (work.length) {
    const { from, to, depth } = work.pop()!;
    const source = from instanceof Error ? { ...stdSerializers.err(from) } : from;
    for (const [key, item] of Object.entries(source)) {
      const target = to as Record<string, unknown>;
      if (!Array.isArray(from) && isSecretField(key, item)) target[key] = REDACTED;
      else if (typeof item === 'string') target[key] = scrubText(item);
      else if (!item || typeof item !== 'object') target[key] = item;
      else if (seen.has(item)) target[key] = '[circular]';
      else if (depth + 1 >= MAX_DEPTH) target[key] = '[too deep]';
      else if (item instanceof Date) target[key] = item;
      else {
        seen.add(item);
        const copy: Record<string, unknown> | unknown[] = Array.isArray(item) ? [] : {};
        target[key] = copy;
        work.push({ from: item, to: copy, depth: depth + 1 });
      }
    }
  }
  return root;
}

/**
 * Structured JSON logs (pino escapes control characters in every string, so a value holding a
 * newline or an escape sequence cannot forge a line or drive a terminal). Secrets never reach
 * a log: request lines carry the path without its query string, credential headers are redacted
 * by pino, and every logged object goes through `redactDeep`. Tests pass level 'silent', or a
 * destination to read what was written.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hearth' },
      redact: {
        paths: SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`, `headers["${h}"]`]),
        censor: REDACTED,
      },
      serializers: {
        // Fastify's own request line would carry the whole URL (and so `/sign-in/link?token=…`).
        req: (request: { method?: string; url?: string; ip?: string; hostname?: string }) => ({
          method: request.method,
          url: pathOnly(request.url),
          host: request.hostname,
          remoteAddress: request.ip,
        }),
        err: (error: unknown) => (error instanceof Error ? redactDeep(stdSerializers.err(error)) : redactDeep(error)) as ReturnType<typeof stdSerializers.err>,
      },
      formatters: {
        // req, res and err have serializers of their own (above, and Fastify's for res).
        log: (object) => {
          const out: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(object)) out[key] = SERIALIZED.has(key) ? value : redactField(key, value);
          return out;
        },
      },
    },
    destination,
  );
}
