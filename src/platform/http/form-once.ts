import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/db.js';
import { UUID } from '../uuid.js';

/**
 * Forms that create something submitted twice (a double click, or a form sent again after a
 * slow answer) must not create it twice. Such a form carries a one-time id in `_once`
 * (`newFormId()` when it is drawn). `claimSubmission` lets the first submission of an id through
 * and tells a repeat where the first one's answer went, so the person lands on the same result
 * page; `rememberAnswer` records that answer. A form without the field (an older page, a
 * script) is handled as before.
 *
 * The CSRF token cannot do this: it is one per session, valid for every form of it.
 */

export const ONCE_FIELD = '_once';
/** How long a repeat waits for the first submission to finish before it is sent on anyway. */
const WAIT_MS = 3_000;
const KEEP = "interval '1 day'";
/**
 * How long a submission with its answers bound to it counts as a repeat: a double click, or a
 * second press while the first is slow, comes within seconds; the same page sent again minutes
 * later (Back, then the same address to get another sign-in link) is meant.
 */
const REPEAT_WINDOW = "interval '2 minutes'";

export const newFormId = (): string => randomUUID();

/** Who is submitting: the signed-in person, else the session-less browser's address. */
function submitterOf(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.kind === 'person') return `person:${p.personId}`;
  if (p?.kind === 'partner') return `partner:${p.clientId}`;
  return `ip:${request.ip}`;
}

export type Claim =
  /** The first submission of this id (or a form without one): do the work. */
  | { first: true; formId?: string }
  /** A repeat: send the person to `answer` (the first submission's), or to a fallback when it has none yet. */
  | { first: false; answer?: string };

/**
 * The id a form's answers are claimed under when the caller binds them to it: a UUID-shaped
 * SHA-256 of the form's id and the answers (version 8, "custom"), so only the same answers are a
 * repeat.
 */
function boundTo(formId: string, answers: unknown): string {
  const hex = createHash('sha256').update(`${formId}\n${JSON.stringify(answers)}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface ClaimOptions {
  /**
   * The form's answers, for a form a person may send again on purpose with other answers from
   * the same page (Back, change, send: a resident's feedback): only a submission with the same
   * id and the same answers is a repeat. Without it, any submission of the id is.
   */
  answers?: unknown;
}

export async function claimSubmission(db: Queryable, request: FastifyRequest, body: Record<string, unknown>, options: ClaimOptions = {}): Promise<Claim> {
  const formId = typeof body[ONCE_FIELD] === 'string' ? (body[ONCE_FIELD] as string) : '';
  if (!UUID.test(formId)) return { first: true };
  const bound = options.answers !== undefined;
  const id = bound ? boundTo(formId.toLowerCase(), options.answers) : formId.toLowerCase();
  const window = bound ? REPEAT_WINDOW : KEEP;
  const submitter = submitterOf(request);
  // Now and then, forget ids older than a day (no scheduler needed for a table this small).
  if (Math.random() < 0.01) await db.query(`DELETE FROM form_submission WHERE created_at < now() - ${KEEP}`);
  // The first submission of the id, or the first since its claim grew too old to be a repeat of.
  const claim = async () =>
    (
      await db.query(
        `INSERT INTO form_submission (id, submitter) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET submitter = EXCLUDED.submitter, answer = NULL, created_at = now()
           WHERE form_submission.created_at <= now() - ${window}
         RETURNING id`,
        [id, submitter],
      )
    ).rows.length > 0;
  // A repeat: from someone else it is a stolen id, treated as a form without one would be
  // unsafe (it would create twice), so it is simply not honoured: they get the fallback.
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (await claim()) return { first: true, formId: id };
    const found = await db.query<{ submitter: string; answer: string | null }>(
      `SELECT submitter, answer FROM form_submission WHERE id = $1 AND created_at > now() - ${window}`,
      [id],
    );
    const row = found.rows[0];
    // Gone: the first let it go (its work failed), so this one is the first now; claimed again above.
    if (!row) {
      if (Date.now() > deadline) return { first: false };
      continue;
    }
    if (row.submitter !== submitter) return { first: false };
    if (row.answer) return { first: false, answer: row.answer };
    if (Date.now() > deadline) return { first: false };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Record where the first submission's answer went (a same-site path). */
export async function rememberAnswer(db: Queryable, formId: string | undefined, answer: string): Promise<void> {
  if (formId) await db.query('UPDATE form_submission SET answer = $2 WHERE id = $1', [formId, answer]);
}

/**
 * A form that failed its checks is drawn again with a fresh id, and its old id let go, so the
 * corrected form is not taken for a repeat.
 */
export async function releaseSubmission(db: Queryable, formId: string | undefined): Promise<void> {
  if (formId) await db.query('DELETE FROM form_submission WHERE id = $1 AND answer IS NULL', [formId]);
}

/** What a form's work came to: where the person goes next, or why it did nothing (then the id is let go). */
export type Outcome<F = never> = [F] extends [never] ? { answer: string } : { answer: string } | { failed: F };

export interface SubmitOnceOptions extends ClaimOptions {
  /**
   * Where a repeat goes while the first has no answer yet. Without one, such a repeat does the
   * work itself, as a form without an id would (for work that is harmless to try twice and
   * says so itself: a spent link, a limit reached).
   */
  fallback?: string;
}

/**
 * A form's work done once however often it is sent: the first submission of its id does
 * `work`, and a repeat goes where the first went. When the work fails (it throws, or says it
 * did nothing) the id is let go, so the same form sent again is a first submission, not a
 * repeat of one that did nothing; otherwise its answer is remembered for the repeats.
 */
export async function submitOnce<F = never>(
  db: Queryable,
  request: FastifyRequest,
  body: Record<string, unknown>,
  options: SubmitOnceOptions,
  work: () => Promise<Outcome<F>>,
): Promise<Outcome<F>> {
  const claim = await claimSubmission(db, request, body, options);
  if (!claim.first) {
    const answer = claim.answer ?? options.fallback;
    if (answer) return { answer } as Outcome<F>;
  }
  const formId = claim.first ? claim.formId : undefined;
  let outcome: { answer?: string; failed?: F } | undefined;
  try {
    outcome = await work();
  } finally {
    if (!outcome?.answer) await releaseSubmission(db, formId);
  }
  if (outcome.answer) await rememberAnswer(db, formId, outcome.answer);
  return outcome as Outcome<F>;
}
