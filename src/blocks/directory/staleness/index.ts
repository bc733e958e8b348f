import type { FastifyInstance } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../platform/block.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import { registerStillCorrect } from '../pages/staleness/confirm.js';
import { registerStalenessDashboard } from '../pages/staleness/dashboard.js';
import { registerReportPages } from '../pages/staleness/reports.js';
import { stalenessNudgeJob } from './nudges.js';
import { reportEmailJob } from './reports.js';
import { stalenessSettings } from './settings.js';

export { organisationReports } from './reports.js';
export { seedStalenessDemo } from './demo.js';
export { stalenessSettings, type StalenessSettings } from './settings.js';

/**
 * Keeping listings current: the "still correct" link page, the managers' staleness dashboard
 * and residents' reports. Inside a council scope (registered at the root and under /c/{slug}).
 * The nudges and the emails about new reports are scheduled jobs (`stalenessJobs`).
 */
export function registerStaleness(app: FastifyInstance, ctx: PlatformContext): void {
  stalenessSettings(ctx.config); // a bad HEARTH_STALE_* stops the start, named
  registerStillCorrect(app, ctx);
  registerStalenessDashboard(app, ctx);
  registerReportPages(app, ctx);
}

export const stalenessJobs = (ctx: PlatformContext): ScheduledJob[] => {
  stalenessSettings(ctx.config);
  return [stalenessNudgeJob(ctx), reportEmailJob(ctx)];
};

export const stalenessAdminPages: AdminPage[] = [
  { key: 'directory-staleness', path: '/admin/directory/staleness', titleKey: 'directory.staleness.admin.dashboard.title', descriptionKey: 'directory.staleness.admin.dashboard.description' },
  { key: 'directory-reports', path: '/admin/directory/reports', titleKey: 'directory.staleness.admin.reports.title', descriptionKey: 'directory.staleness.admin.reports.description' },
];
