import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { approveChange, MAX_REASON, rejectChange } from '../../editing/decisions.js';
import { countPendingChanges, getChange, organisationsWithPendingChanges, pendingQueue } from '../../sql/changes.js';
import { organisationsByName } from '../../sql/organisations.js';
import { notFoundPage } from '../common.js';
import { answerIfFeedOwned } from '../edit/feed-owned.js';
import { changeView, publishedFor } from './change-view.js';
import { bodyOf, letterheadOf, managerOf, MANAGE, pageNumberOf, paginationOf, paramsOf, staffPage, staffRender, str, UUID } from './common.js';

/** Organisations listed in the queue's filter; with more waiting, the filter is a search by name. */
const FILTER_LIST = 50;

/**
 * The filter's organisations, per council, kept for half a minute while the number of changes
 * waiting is the same: counting every pending change by organisation on each view of a queue
 * that managers keep open costs more than the page itself, and any proposal or decision
 * changes the number (a decision elsewhere that is matched by a new proposal shows within the
 * half minute; the queue itself is always read fresh).
 */
const FILTER_TTL_MS = 30_000;
const filterCache = new Map<string, { at: number; waiting: number; organisations: Awaited<ReturnType<typeof organisationsWithPendingChanges>> }>();
async function filterOrganisations(ctx: PlatformContext, councilId: string, waitingNow?: number) {
  const waiting = waitingNow ?? (await countPendingChanges(ctx.db, councilId));
  const cached = filterCache.get(councilId);
  if (cached && cached.waiting === waiting && Date.now() - cached.at < FILTER_TTL_MS) return cached.organisations;
  const organisations = await organisationsWithPendingChanges(ctx.db, councilId, FILTER_LIST + 1);
  filterCache.set(councilId, { at: Date.now(), waiting, organisations });
  return organisations;
}

/** Changes on one page of the queue: each shows its whole difference, so a page stays short. */
export const PER_PAGE = 10;

/**
 * The managers' queue of proposed changes (`/admin/directory/changes`): oldest first, paged,
 * filtered by organisation, each change as a readable difference against what is published
 * now, approved from the list or rejected with a reason on its own page.
 */
export function registerChangeQueue(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/admin/directory/changes', staffPage(MANAGE), async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const organisation = UUID.test(str(q.organisation)) ? str(q.organisation).toLowerCase() : '';
    const organisationName = organisation ? '' : str(q.organisation_name).trim().slice(0, 200);
    const page = pageNumberOf(q.page);
    const councilId = request.council.id;
    const byName = organisationName
      ? (await organisationsByName(ctx.db, councilId, { search: organisationName, limit: FILTER_LIST })).map((o) => o.id)
      : undefined;
    const organisationIds = organisation ? [organisation] : byName;
    const { changes, total } = await pendingQueue(ctx.db, councilId, { organisationIds, offset: (page - 1) * PER_PAGE, limit: PER_PAGE });
    // The filter: a list of the organisations with changes waiting while it is short, else a search
    // by name. The whole queue's length is the page's total when nothing is filtered: not counted twice.
    const organisations = await filterOrganisations(ctx, councilId, organisationIds ? undefined : total);
    const published = await publishedFor(ctx.db, councilId, changes);
    const base = `${request.basePath}/admin/directory/changes`;
    const filter: Record<string, string> = organisation ? { organisation } : organisationName ? { organisation_name: organisationName } : {};
    const href = (n: number) => `${base}?${new URLSearchParams({ ...filter, ...(n > 1 ? { page: String(n) } : {}) })}`.replace(/\?$/, '');
    const { t } = request;
    // The outcome of the form just posted (named by the change's id, read back: never text from the address).
    const doneId = [str(q.approved), str(q.rejected)].find((v) => UUID.test(v));
    const done = doneId ? await getChange(ctx.db, councilId, doneId) : undefined;
    return staffRender(request, reply, ctx, 'directory-admin-changes.njk', {
      title: t('changes.queue.title'),
      changes: changes.map((c) => changeView(request, c, published.get(`${c.kind}:${c.listing_id}`))),
      total,
      countText: t('changes.queue.count', { count: total }),
      organisationItems: organisations.length > FILTER_LIST
        ? undefined
        : [
            { value: '', text: t('changes.queue.filter.all') },
            ...organisations.map((o) => ({ value: o.id, text: t('changes.queue.filter.option', { name: o.name, count: o.pending }), selected: o.id === organisation })),
          ],
      organisation,
      organisationName,
      pagination: paginationOf(request, page, total, PER_PAGE, href),
      formBase: base,
      returnTo: href(page),
      done: done && done.status !== 'pending'
        ? { status: done.status, name: String(done.document.name ?? ''), told: str(q.told) !== 'no', email: done.proposed_by_email }
        : undefined,
    });
  });

  app.get('/admin/directory/changes/:id', staffPage(MANAGE), async (request, reply) => showChange(request, reply, {}));

  async function showChange(request: FastifyRequest, reply: FastifyReply, form: { reason?: string; error?: string }, status = 200) {
    const id = paramsOf(request).id;
    const change = UUID.test(id) ? await getChange(ctx.db, request.council.id, id) : undefined;
    if (!change) return notFound(request, reply);
    const published = await publishedFor(ctx.db, request.council.id, [change]);
    const view = changeView(request, change, published.get(`${change.kind}:${change.listing_id}`));
    const { t } = request;
    reply.code(status);
    return staffRender(request, reply, ctx, 'directory-admin-change.njk', {
      title: form.error ? t('changes.error_title', { title: view.name }) : view.name,
      change: view,
      backHref: `${request.basePath}/admin/directory/changes`,
      formBase: `${request.basePath}/admin/directory/changes`,
      reason: form.reason ?? '',
      maxReason: MAX_REASON,
      // A decision that came too late (the query names no change or text: only that one was tried).
      tooLate: change.status !== 'pending' && str((request.query as Record<string, unknown>).too_late) === '1'
        ? t(`changes.too_late.${change.status}`, { email: change.decided_by_email ?? change.proposed_by_email })
        : undefined,
      errors: form.error ? [{ text: form.error, href: '#reason' }] : [],
      fieldErrors: form.error ? { reason: form.error } : {},
    });
  }

  app.post('/admin/directory/changes/:id/approve', staffPage(MANAGE), async (request, reply) => {
    const id = paramsOf(request).id;
    if (!UUID.test(id)) return notFound(request, reply);
    // A listing another directory's feed keeps is not published from here (its source owns it).
    const change = await getChange(ctx.db, request.council.id, id.toLowerCase());
    const ids = change?.kind === 'service' ? { serviceId: change.listing_id } : { organisationId: change?.listing_id };
    if (change && (await answerIfFeedOwned(ctx, request, reply, ids, 409, `${request.basePath}/admin/directory/changes`))) return reply;
    const result = await approveChange(ctx, request.council.id, id.toLowerCase(), managerOf(request), letterheadOf(request, ctx));
    if (!result.done && result.why === 'not_found') return notFound(request, reply);
    // Already decided (by another manager, withdrawn by its editor, or a double submit): its page says what became of it.
    if (!result.done) return reply.redirect(`${request.basePath}/admin/directory/changes/${id}?too_late=1`, 303);
    return reply.redirect(`${returnPath(request)}${returnPath(request).includes('?') ? '&' : '?'}approved=${id}${result.told ? '' : '&told=no'}`, 303);
  });

  app.post('/admin/directory/changes/:id/reject', staffPage(MANAGE), async (request, reply) => {
    const id = paramsOf(request).id;
    if (!UUID.test(id)) return notFound(request, reply);
    const reason = str(bodyOf(request).reason).trim();
    const { t } = request;
    if (!reason) return showChange(request, reply, { reason, error: t('changes.reject.error.missing') }, 400);
    if (reason.length > MAX_REASON) return showChange(request, reply, { reason, error: t('changes.reject.error.long', { max: MAX_REASON }) }, 400);
    const result = await rejectChange(ctx, request.council.id, id.toLowerCase(), reason, managerOf(request), letterheadOf(request, ctx));
    if (!result.done && result.why === 'not_found') return notFound(request, reply);
    if (!result.done) return reply.redirect(`${request.basePath}/admin/directory/changes/${id}?too_late=1`, 303);
    return reply.redirect(`${request.basePath}/admin/directory/changes?rejected=${id}${result.told ? '' : '&told=no'}`, 303);
  });
}

/** Back to the queue page the form was on (a path of the queue only, never elsewhere). */
function returnPath(request: FastifyRequest): string {
  const base = `${request.basePath}/admin/directory/changes`;
  const asked = str(bodyOf(request).return_to);
  return asked.startsWith(`${base}?`) && /^[\w/?=&%-]+$/.test(asked) ? asked.replace(/[?&](approved|rejected|told)=[^&]*/g, '') : base;
}

const notFound = notFoundPage;
