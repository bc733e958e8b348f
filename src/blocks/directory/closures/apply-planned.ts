import type { PlatformContext } from '../../../platform/block.js';
import type { Db } from '../../../platform/db/db.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import type { Logger } from '../../../platform/log.js';
import { recordAudit } from '../../identity/index.js';
import { publish } from '../editing/apply.js';
import { londonToday, servicesWithClosureDue, type ClosureDue } from '../sql/closures.js';
import { lockListing } from '../sql/listings.js';
import { getFullService } from '../sql/oruk-read.js';
import { plannedStep } from './planned-status.js';

/**
 * Closures planned ahead take effect on their dates: a scheduled job (every 15 minutes, so a
 * closure starts soon after London midnight; HEARTH_SCHEDULE_DIRECTORY_CLOSURES_APPLY) publishes
 * each due status change as a manual one is published — the listing's next version, search
 * reindexed, the same outbox event (`publish` in `editing/apply.ts`) — with an audit entry, in
 * one transaction per service. Each service is judged again under its row lock with the
 * database's date, so a second process, or a run repeated, finds nothing left to do.
 */

const BATCH = 500;

export function plannedClosuresJob(ctx: PlatformContext): ScheduledJob {
  return {
    name: 'directory.closures.apply',
    pattern: '*/15 * * * *',
    async run() {
      const changed = await applyPlannedClosures(ctx.db, ctx.log);
      if (changed) ctx.log.info({ changed }, 'planned closures applied');
    },
  };
}

/** Apply every due closure and reopening; returns how many listings changed. */
export async function applyPlannedClosures(db: Db, log?: Logger): Promise<number> {
  let changed = 0;
  for (;;) {
    const due = await servicesWithClosureDue(db, BATCH);
    let made = 0;
    for (const item of due) {
      try {
        if (await applyOne(db, item)) made += 1;
      } catch (error) {
        // One listing that cannot be published (a document the importer now refuses) must not stop the others.
        log?.warn({ err: error, council: item.council_id, service: item.service_id }, 'planned closure not applied');
      }
    }
    changed += made;
    // A full batch in which nothing changed would come back the same: stop rather than spin.
    if (due.length < BATCH || made === 0) return changed;
  }
}

async function applyOne(db: Db, { council_id: councilId, service_id: id }: ClosureDue): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await lockListing(tx, councilId, 'service', id))) return false;
    const service = await getFullService(tx, councilId, id);
    if (!service) return false;
    const step = plannedStep(service, await londonToday(tx));
    if (!step) return false;
    const { version } = await publish(tx, { councilId, kind: 'service', id, document: step.document, cause: 'schedule' });
    await recordAudit(tx, {
      councilId,
      // No one acts: the editor chose the dates, the manager approved them, the date came.
      actorEmail: null,
      action: step.status === 'active' ? 'directory.service.reopened_as_planned' : 'directory.service.closed_as_planned',
      target: service.name,
      detail: { service: service.name, serviceId: id, from: service.status, to: step.status, version },
    });
    return true;
  });
}
