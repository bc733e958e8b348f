import type { Db } from '../../../platform/db/db.js';
import { recordServiceFeedback } from '../sql/feedback.js';
import { demoListingsForStaleness, setDemoReportStatus } from '../sql/staleness.js';

/**
 * The demo's staleness story: the first organisation's listings last checked seven months ago
 * (due a nudge: the daily job emails the organisation, printed on the console; set
 * HEARTH_SCHEDULE_DIRECTORY_STALENESS_NUDGES="* * * * *" to see it within a minute), one of
 * them past the twelve-month flag, and three residents' reports waiting for a manager.
 */
export async function seedStalenessDemo(db: Db, councilId: string, now = new Date()): Promise<void> {
  const listings = await demoListingsForStaleness(db, councilId, now);
  if (!listings.length) return;
  const reports: Array<[number, string, string | undefined, 'new' | 'in_progress']> = [
    [0, 'The opening times on the door say Tuesday and Thursday now, not Monday.', 'resident@example.com', 'new'],
    [1, 'The phone number rings out; I think it has changed.', undefined, 'new'],
    [2, 'This moved to the library last month.', 'neighbour@example.com', 'in_progress'],
  ];
  for (const [index, message, reporterEmail, status] of reports) {
    const listing = listings[index % listings.length];
    const saved = await recordServiceFeedback(db, { councilId, serviceId: listing, message, reporterEmail });
    if (saved && status !== 'new') await setDemoReportStatus(db, councilId, saved.id, status);
  }
}
