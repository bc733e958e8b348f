import type { FastifyRequest } from 'fastify';
import { TEMPLATES } from '../notifications/notifications.js';
import type { SentMessage } from '../notifications/sent.js';

/**
 * A sent message as the person reads it, in their language: when, and what it was about. A
 * template other than `message` is named by a fixed description in the reader's language (its
 * row holds the English one); a `message` by the subject the block wrote. Never a link: none was
 * kept (notifications/subjects.ts).
 */
export interface MessageLine {
  when: string;
  subject: string;
}

export function messageLine(request: FastifyRequest, m: SentMessage): MessageLine {
  const described = m.template !== 'message' && (TEMPLATES as readonly string[]).includes(m.template);
  const subject = described ? request.t(`messages.template.${m.template}`) : (m.subject ?? request.t('messages.template.message'));
  return { when: whenText(request, m.createdAt), subject };
}

/** "3 December 2026 at 13:05", in London time (GOV.UK style: the month in words). */
export function whenText(request: FastifyRequest, at: Date): string {
  const locale = request.locale === 'cy' ? 'cy' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).format(at);
  return request.t('messages.when', { date, time });
}

/** The signed-in person's address as Hearth stores it (canonical: messages were sent to exactly it). */
export function signedInEmail(request: FastifyRequest): { personId: string; email: string } | undefined {
  const p = request.principal;
  return p?.kind === 'person' ? { personId: p.personId, email: p.email } : undefined;
}
