import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PlatformContext } from '../../../platform/block.js';
import { listCouncils, type Council } from '../../../platform/councils.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import { organisationEditors } from '../../identity/index.js';
import { formatDate } from '../pages/format.js';
import { claimServicesForNudge, insertNudge, servicesDueForNudge, settleNudge, withdrawNudge, type DueService } from '../sql/staleness.js';
import { DAY_MS, monthsAgo } from './clock.js';
import { councilLinkBase, inLanguageOf } from './messages.js';
import { stalenessSettings } from './settings.js';

/** A "still correct" link's token: 32 random bytes; only its SHA-256 is stored. */
export const newLinkToken = () => randomBytes(32).toString('base64url');
export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A reminder is due `remindDays` after the last one; a job that runs at the same time each day
 * is a few seconds later than the last run, or earlier: an hour's slack keeps "28 days" from
 * becoming 29.
 */
const SLACK_MS = 3600_000;

export interface NudgeOutcome {
  organisations: number;
  services: number;
  messages: number;
  /** Organisations with listings due but no editor and no email address of their own. */
  unreachable: string[];
  failed: string[];
}

/**
 * Email each organisation's editors (or, without any, the organisation's own address) one
 * message listing its services due for a check, each with its single-use "still correct" link.
 * Safe to run twice: a service nudged within the reminder interval is not claimed again.
 */
export async function sendNudges(ctx: PlatformContext, council: Council, now: Date): Promise<NudgeOutcome> {
  const settings = stalenessSettings(ctx.config);
  const checkedBefore = monthsAgo(now, settings.nudgeMonths);
  const remindedBefore = new Date(now.getTime() - settings.remindDays * DAY_MS + SLACK_MS);
  const due = await servicesDueForNudge(ctx.db, council.id, checkedBefore, remindedBefore);
  const byOrganisation = new Map<string, DueService[]>();
  for (const row of due) {
    const list = byOrganisation.get(row.organization_id);
    if (list) list.push(row);
    else byOrganisation.set(row.organization_id, [row]);
  }

  const outcome: NudgeOutcome = { organisations: 0, services: 0, messages: 0, unreachable: [], failed: [] };
  for (const [organisationId, services] of byOrganisation) {
    const editors = await organisationEditors(ctx.db, council.id, organisationId);
    const recipients = editors.length
      ? editors.map((e) => ({ email: e.email, locale: e.locale }))
      : services[0].organization_email
        ? [{ email: services[0].organization_email, locale: null }]
        : [];
    if (!recipients.length) {
      outcome.unreachable.push(services[0].organization_name);
      continue;
    }
    // Claimed and recorded first, in one transaction, then sent: a message is never sent for a
    // claim another run holds. (Sending inside the transaction would also stall PGlite, which
    // runs one transaction at a time while the notification is recorded.)
    const nudgeId = randomUUID();
    const expiresAt = new Date(now.getTime() + settings.linkDays * DAY_MS);
    const links = await ctx.db.transaction(async (tx) => {
      const claimed = new Set(await claimServicesForNudge(tx, council.id, services.map((s) => s.service_id), now, remindedBefore));
      const listed = services.filter((s) => claimed.has(s.service_id)).map((service) => ({ service, token: newLinkToken() }));
      if (listed.length) {
        await insertNudge(tx, {
          councilId: council.id,
          id: nudgeId,
          organizationId: organisationId,
          sentAt: now,
          recipients: recipients.map((r) => r.email),
          links: listed.map((l) => ({ serviceId: l.service.service_id, tokenHash: hashLinkToken(l.token), expiresAt })),
        });
      }
      return listed;
    });
    if (!links.length) continue;
    const base = councilLinkBase(ctx.config, council);
    const organisation = links[0].service.organization_name;
    const reached: string[] = [];
    for (const recipient of recipients) {
      const text = inLanguageOf(recipient.locale, (t) => ({
        subject: t('directory.staleness.nudge.subject', { organisation }),
        body: [
          t('directory.staleness.nudge.intro', { organisation, council: council.name, months: settings.nudgeMonths }),
          t('directory.staleness.nudge.how'),
          ...links.map((l) =>
            t('directory.staleness.nudge.item', {
              service: l.service.service_name,
              checked: l.service.last_checked ? t('directory.staleness.nudge.checked', { date: formatDate(t, l.service.last_checked)! }) : t('directory.staleness.nudge.never'),
              link: `${base}/still-correct?token=${l.token}`,
            }),
          ),
          t('directory.staleness.nudge.expiry', { date: formatDate(t, expiresAt)! }),
          t('directory.staleness.nudge.changed', { link: `${base}/sign-in` }),
        ].join('\n\n'),
      }));
      try {
        await ctx.notifications.send({
          councilId: council.id,
          template: 'message',
          to: { email: recipient.email },
          personalisation: { subject: text.subject, body: text.body },
          reference: `staleness-nudge:${nudgeId}`,
        });
        reached.push(recipient.email);
      } catch (error) {
        // One address refused must not stop the others, nor other organisations' nudges.
        ctx.log.error({ err: error, organisation: organisationId }, 'staleness nudge not sent');
      }
    }
    if (reached.length) {
      await settleNudge(ctx.db, council.id, nudgeId, reached);
      outcome.organisations += 1;
      outcome.services += links.length;
      outcome.messages += reached.length;
    } else {
      // Nobody got it: the claims go, so the next run tries again, and its links never work.
      await withdrawNudge(ctx.db, council.id, nudgeId, now);
      outcome.failed.push(organisation);
    }
  }
  return outcome;
}

/** The daily job: every council's nudges, at 07:00 UK time unless HEARTH_SCHEDULE_DIRECTORY_STALENESS_NUDGES says otherwise. */
export function stalenessNudgeJob(ctx: PlatformContext): ScheduledJob {
  return {
    name: 'directory.staleness-nudges',
    pattern: '0 7 * * *',
    async run() {
      const now = new Date();
      const failed: string[] = [];
      for (const council of await listCouncils(ctx.db)) {
        const outcome = await sendNudges(ctx, council, now);
        ctx.log.info({ council: council.slug, ...outcome }, 'staleness nudges');
        failed.push(...outcome.failed.map((name) => `${council.slug}: ${name}`));
      }
      // Recorded as the run's error (scheduled_run), after every council had its turn.
      if (failed.length) throw new Error(`Nudges could not be sent for ${failed.length} organisation(s): ${failed.slice(0, 10).join('; ')}`);
    },
  };
}
