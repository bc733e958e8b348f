import type { PlatformContext } from '../../../platform/block.js';
import type { OutboxEvent } from '../../../platform/events/dispatcher.js';
import type { Queryable } from '../../../platform/db/db.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import { RECORD_CHANGED } from '../record.js';
import { recordNotices } from './recipients.js';
import { recordErasureNotices } from './erasure.js';
import { RECORD_ERASED } from '../rights/erase.js';
import { mailTeamNotices } from './team-mail.js';

export { recordNotices } from './recipients.js';
export { recordErasureNotices } from './erasure.js';
export { mailTeamNotices } from './team-mail.js';
export { registerPartnerEndpoint } from './endpoints.js';
export { withDeliveryProgress } from './progress.js';

/**
 * Tell us once, wired in: each `vault.record.changed` (and `vault.record.erased`) handed out by
 * the dispatcher records its notices (and partners' webhooks) in the dispatcher's transaction,
 * inside a savepoint so that a failure leaves that transaction able to record it and hand the
 * event out again.
 */
export function subscribeTellUsOnce(ctx: PlatformContext): void {
  const inSavepoint = (record: (tx: Queryable, config: PlatformContext['config'], event: OutboxEvent) => Promise<unknown>) => async (event: OutboxEvent, tx: Queryable) => {
    await tx.query('SAVEPOINT vault_tell_us_once');
    try {
      await record(tx, ctx.config, event);
      await tx.query('RELEASE SAVEPOINT vault_tell_us_once');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT vault_tell_us_once');
      throw error;
    }
  };
  ctx.events.subscribe(RECORD_CHANGED, inSavepoint(recordNotices));
  ctx.events.subscribe(RECORD_ERASED, inSavepoint(recordErasureNotices));
}

/** Teams' emails, sent every minute (HEARTH_SCHEDULE_VAULT_NOTICES_MAIL). */
export const tellUsOnceJobs = (ctx: PlatformContext): ScheduledJob[] => [
  {
    name: 'vault.notices.mail',
    pattern: '* * * * *',
    async run() {
      const outcome = await mailTeamNotices(ctx);
      if (outcome.sent || outcome.failed) ctx.log.info(outcome, 'vault notices emailed to teams');
    },
  },
];
