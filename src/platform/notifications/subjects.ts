import type { Message, Template } from './notifications.js';

/**
 * What the `notification` table keeps about what a message was about (its `subject`), so the
 * person can later see what Hearth sent them: words that carry no secret, whichever sender sent
 * it. The personalisation itself is not kept with a real sender, since it may hold a sign-in link.
 *
 * - `message`: the subject the block wrote (in the person's language, or both), on one line,
 *   with anything that looks like a link taken out: a subject should never hold one, and if a
 *   block ever put one there it must not be kept.
 * - Every other template: a fixed description of the template (pages show it in the reader's
 *   language, by template; this English text is what the table says to whoever reads it).
 */
export const TEMPLATE_DESCRIPTIONS: Record<Template, string> = {
  'sign-in-link': 'A sign-in link',
  'staff-invitation': 'An invitation to sign in as staff',
  'feedback-received': 'Feedback about the council’s website',
  message: 'A message',
};

/** The longest subject kept: enough for any subject line a block writes (in two languages). */
export const MAX_SUBJECT = 300;

// A link (`https://…`, `mailto:…`), or a bare host with a path or query (`example.org/x?token=…`).
const LINK = /\b[a-z][a-z0-9+.-]*:\/\/\S+|\b(?:mailto|tel|data|javascript):\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,63}[/?#]\S*/giu;
// Control and format characters (new lines, bidirectional overrides) and line separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

export function recordedSubject(message: Pick<Message, 'template' | 'personalisation'>): string {
  if (message.template !== 'message') return TEMPLATE_DESCRIPTIONS[message.template] ?? TEMPLATE_DESCRIPTIONS.message;
  const written = String(message.personalisation.subject ?? '')
    .replace(INVISIBLE, ' ')
    .replace(LINK, '…')
    .replace(/\s+/g, ' ')
    .trim();
  if (!written || written === '…') return TEMPLATE_DESCRIPTIONS.message;
  return written.length > MAX_SUBJECT ? `${written.slice(0, MAX_SUBJECT - 1)}…` : written;
}
