import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlatformContext } from '../../../platform/block.js';
import { listCouncils } from '../../../platform/councils.js';
import { councilAddress } from '../../../platform/http/public-origin.js';
import { Messages, type Translate } from '../../../platform/web/i18n.js';
import { claimTeamMail, markMailFailed, markMailSent, teamEmails, type NoticeKind } from '../sql/notices.js';
import { inCouncil } from '../sql/scope.js';

/**
 * Teams hear of a change by email: one GOV.UK Notify message per notice, through the platform's
 * notifications, saying only that a resident they support changed a category and where to look
 * (their notices page) — no name, no value. Notices are claimed with SKIP LOCKED and leased, so
 * two servers never send one twice at once, and the email goes outside any transaction. A failed
 * send is retried with back-off, and after MAX_MAIL_ATTEMPTS the notice is failed.
 */

export const MAX_MAIL_ATTEMPTS = 5;
const LEASE_SECONDS = 120;
const FIRST_RETRY_SECONDS = 60;

let catalogue: Messages | undefined;
const localesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'locales');
const translator = (locale: 'en' | 'cy'): Translate => (catalogue ??= new Messages().addFolder(localesDir)).translator(locale);

/**
 * The email in English then Welsh under one subject (a team's language is not known; councils in
 * Wales write both): a change to one category, or an erasure of some (delete your copies).
 * Given a category code alone, a change's.
 */
export function teamMailText(notice: string | { kind: NoticeKind; categories: string[] }, link: string): { subject: string; body: string } {
  const { kind, categories } = typeof notice === 'string' ? { kind: 'changed' as const, categories: [notice] } : notice;
  const [en, cy] = (['en', 'cy'] as const).map((locale) => {
    const t = translator(locale);
    const what = categories
      .map((category) => {
        const key = `vault.sharing.category.${category}`;
        const named = t(key);
        return (named === key ? category : named).toLocaleLowerCase(locale === 'cy' ? 'cy-GB' : 'en-GB');
      })
      .join(', ');
    if (kind === 'erased') return { subject: t('vault.told.mail.erased_subject'), body: [t('vault.told.mail.erased_body', { categories: what }), t('vault.told.mail.erased_link', { link })].join('\n\n') };
    return { subject: t('vault.told.mail.subject'), body: [t('vault.told.mail.body', { category: what }), t('vault.told.mail.link', { link })].join('\n\n') };
  });
  return { subject: `${en.subject} / ${cy.subject}`, body: `${en.body}\n\n---\n\n${cy.body}` };
}

/**
 * Email every team notice that is due; how many were sent and how many failed (this time).
 * Council by council: each claim, and each note of how a send went, is a transaction of that
 * council's (row-level security shows a transaction one council's notices).
 */
export async function mailTeamNotices(ctx: PlatformContext, limit = 50): Promise<{ sent: number; failed: number }> {
  const outcome = { sent: 0, failed: 0 };
  for (const council of await listCouncils(ctx.db)) {
    const due = await inCouncil(ctx.db, council.id, (tx) => claimTeamMail(tx, council.id, limit, LEASE_SECONDS));
    for (const notice of due) {
      const email = (await inCouncil(ctx.db, council.id, (tx) => teamEmails(tx, council.id, [notice.recipient]))).get(notice.recipient);
      if (!email) {
        // The team lost its address since: the notice is in its queue, which is its delivery.
        await inCouncil(ctx.db, council.id, (tx) => markMailSent(tx, council.id, notice.id));
        continue;
      }
      const link = `${councilAddress(ctx.config, council)}/admin/vault/team/${encodeURIComponent(notice.recipient)}/notices`;
      const text = teamMailText(notice, link);
      try {
        await ctx.notifications.send({ councilId: council.id, template: 'message', to: { email }, personalisation: text, reference: `vault-notice:${notice.id}` });
        await inCouncil(ctx.db, council.id, (tx) => markMailSent(tx, council.id, notice.id));
        outcome.sent++;
      } catch (error) {
        const last = notice.attempts >= MAX_MAIL_ATTEMPTS;
        const retryIn = last ? null : FIRST_RETRY_SECONDS * 2 ** (notice.attempts - 1);
        await inCouncil(ctx.db, council.id, (tx) => markMailFailed(tx, council.id, notice.id, String((error as Error)?.message ?? error), retryIn));
        ctx.log.warn({ notice: notice.id, attempt: notice.attempts, final: last }, 'vault notice email not sent');
        outcome.failed++;
      }
    }
  }
  return outcome;
}
