import type { PlatformContext } from '../../platform/block.js';
import type { OutboxEvent } from '../../platform/events/dispatcher.js';
import { serviceCategories } from '../directory/index.js';
import { claimEvent, countOutOfDateReport, countUnmetSearch, type Outcome } from './sql/counters.js';
import { WEEK_PATTERN } from './weeks.js';

/**
 * The insight block learns of unmet need only through the directory's events:
 * `directory.search.unmet` (a search that found nothing, already stripped of anything personal
 * by the directory) and `directory.feedback.received` (a resident's "this is out of date").
 * Each event is counted once, into weekly counters, in the dispatcher's transaction.
 */

const subscribed = new WeakSet<object>();

/** Everything the counters take from an event, checked: a malformed event is refused, not guessed at. */
export function unmetSearchFrom(data: Record<string, unknown>) {
  const week = typeof data.week === 'string' && WEEK_PATTERN.test(data.week) ? data.week : undefined;
  const outcome = data.outcome === 'none' || data.outcome === 'nearby' ? (data.outcome as Outcome) : undefined;
  if (!week || !outcome) return undefined;
  const words = typeof data.words === 'string' ? data.words.slice(0, 200) : '';
  const district = typeof data.district === 'string' && /^[A-Z]{1,2}\d[A-Z\d]?$/.test(data.district) ? data.district : '';
  const needs = (Array.isArray(data.needs) ? data.needs : [])
    .filter((n): n is { id: string; name: string } => typeof n?.id === 'string' && typeof n?.name === 'string')
    .slice(0, 5)
    .map((n) => ({ id: n.id, name: n.name }));
  return { week, outcome, words, district, needs };
}

export function subscribeInsight(ctx: PlatformContext): void {
  if (subscribed.has(ctx.events)) return;
  subscribed.add(ctx.events);

  ctx.events.subscribe('directory.search.unmet', async (event: OutboxEvent, tx) => {
    const search = unmetSearchFrom(event.data);
    if (!search) {
      ctx.log.warn({ eventId: event.id }, 'directory.search.unmet without a week or outcome: not counted');
      return;
    }
    if (!(await claimEvent(tx, event.id))) return;
    await countUnmetSearch(tx, event.councilId, search);
  });

  ctx.events.subscribe('directory.feedback.received', async (event: OutboxEvent, tx) => {
    const serviceId = typeof event.data.service_id === 'string' ? event.data.service_id : event.subject;
    if (!(await claimEvent(tx, event.id))) return;
    const categories = await serviceCategories(tx, event.councilId, serviceId);
    // A service tagged with nothing is still counted, under "Uncategorised" (the pages translate it).
    await countOutOfDateReport(tx, event.councilId, event.createdAt, categories.length ? categories : [UNCATEGORISED]);
  });
}

/** The category of a report whose service has none (stored as is, shown in words). */
export const UNCATEGORISED = '(uncategorised)';
