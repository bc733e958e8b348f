import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { publishedDocument, type ListingKind } from '../../editing/apply.js';
import { revertListing } from '../../editing/decisions.js';
import { describeDifference } from '../../editing/diff.js';
import { pendingChangeFor } from '../../sql/changes.js';
import { getVersion, listVersions, type VersionSummary } from '../../sql/versions.js';
import { notFoundPage } from '../common.js';
import { answerIfFeedOwned } from '../edit/feed-owned.js';
import { bodyOf, formatWhen, managerOf, MANAGE, paramsOf, staffPage, staffRender, str, UUID } from './common.js';

/** The address segment of each kind of listing. */
const SEGMENTS: Record<string, ListingKind> = { services: 'service', organisations: 'organization' };

type Doc = Record<string, unknown>;

/**
 * A listing's history (`/admin/directory/services/{id}/history`, and the same for an
 * organisation): every version with who, when and why; any two compared in words; revert to
 * one (a new version, audited: the history itself never changes).
 */
export function registerHistory(app: FastifyInstance, ctx: PlatformContext): void {
  for (const [segment, kind] of Object.entries(SEGMENTS)) {
    const base = (request: FastifyRequest, id: string) => `${request.basePath}/admin/directory/${segment}/${id}`;

    /** The listing named in the address, as published now (or, with no such listing but a history, its last version). */
    async function listingOf(request: FastifyRequest): Promise<{ id: string; name: string; versions: VersionSummary[] } | undefined> {
      const id = paramsOf(request).id;
      if (!UUID.test(id)) return undefined;
      const listingId = id.toLowerCase();
      const [published, versions] = await Promise.all([
        publishedDocument(ctx.db, request.council.id, kind, listingId),
        listVersions(ctx.db, request.council.id, kind, listingId),
      ]);
      if (!published && !versions.length) return undefined;
      const name = published ? published.name : String((await getVersion(ctx.db, request.council.id, kind, listingId, versions[0].version))?.document.name ?? '');
      return { id: listingId, name, versions };
    }

    app.get(`/admin/directory/${segment}/:id/history`, staffPage(MANAGE), async (request, reply) => {
      const listing = await listingOf(request);
      if (!listing) return notFoundPage(request, reply);
      return renderHistory(request, reply, listing, {});
    });

    async function renderHistory(
      request: FastifyRequest,
      reply: FastifyReply,
      listing: { id: string; name: string; versions: VersionSummary[] },
      form: { errors?: Record<string, string>; from?: string; to?: string },
      status = 200,
    ) {
      const { t } = request;
      const q = request.query as Record<string, unknown>;
      const pending = await pendingChangeFor(ctx.db, request.council.id, kind, listing.id);
      const latest = listing.versions[0]?.version;
      const reverted = Number(str(q.reverted));
      const versionItems = (selected: string) => listing.versions.map((v) => ({ value: String(v.version), text: t('changes.history.version', { number: v.version }), selected: String(v.version) === selected }));
      const errors = form.errors ?? {};
      reply.code(status);
      return staffRender(request, reply, ctx, 'directory-admin-history.njk', {
        title: Object.keys(errors).length ? t('changes.error_title', { title: t('changes.history.title', { name: listing.name }) }) : t('changes.history.title', { name: listing.name }),
        name: listing.name,
        kindText: t(`changes.kind.${kind}`),
        versions: listing.versions.map((v) => ({
          number: v.version,
          when: formatWhen(request, v.created_at),
          who: v.email ?? t('changes.history.who_import'),
          what: v.cause === 'revert' ? t('changes.history.cause.revert', { number: v.reverted_to ?? '' }) : t(`changes.history.cause.${v.cause}`),
          note: v.note,
          latest: v.version === latest,
          compareHref: v.version > 1 ? `${base(request, listing.id)}/compare?from=${v.version - 1}&to=${v.version}` : undefined,
        })),
        fromItems: versionItems(form.from ?? String(Math.max(1, (latest ?? 1) - 1))),
        toItems: versionItems(form.to ?? String(latest ?? 1)),
        compareAction: `${base(request, listing.id)}/compare`,
        revertAction: `${base(request, listing.id)}/revert`,
        pendingHref: pending ? `${request.basePath}/admin/directory/changes/${pending.id}` : undefined,
        reverted: Number.isInteger(reverted) && listing.versions.some((v) => v.version === reverted) ? reverted : undefined,
        errors: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
        fieldErrors: errors,
        backHref: `${request.basePath}/admin/directory`,
      });
    }

    app.get(`/admin/directory/${segment}/:id/compare`, staffPage(MANAGE), async (request, reply) => {
      const listing = await listingOf(request);
      if (!listing) return notFoundPage(request, reply);
      const { t } = request;
      const q = request.query as Record<string, unknown>;
      const numbers = new Set(listing.versions.map((v) => v.version));
      const [from, to] = [str(q.from), str(q.to)];
      const errors: Record<string, string> = {};
      if (!numbers.has(Number(from)) || !/^\d+$/.test(from)) errors.from = t('changes.compare.error.from');
      if (!numbers.has(Number(to)) || !/^\d+$/.test(to)) errors.to = t('changes.compare.error.to');
      if (!errors.from && !errors.to && from === to) errors.to = t('changes.compare.error.same');
      if (Object.keys(errors).length) return renderHistory(request, reply, listing, { errors, from, to }, 400);
      const [before, after] = await Promise.all([
        getVersion(ctx.db, request.council.id, kind, listing.id, Number(from)),
        getVersion(ctx.db, request.council.id, kind, listing.id, Number(to)),
      ]);
      return staffRender(request, reply, ctx, 'directory-admin-compare.njk', {
        title: t('changes.compare.title', { name: listing.name, from, to }),
        name: listing.name,
        from,
        to,
        rows: describeDifference(kind, before!.document as Doc, after!.document as Doc, t),
        backHref: `${base(request, listing.id)}/history`,
      });
    });

    app.post(`/admin/directory/${segment}/:id/revert`, staffPage(MANAGE), async (request, reply) => {
      const listing = await listingOf(request);
      if (!listing) return notFoundPage(request, reply);
      // Another directory's feed keeps it: its source owns it.
      if (await answerIfFeedOwned(ctx, request, reply, kind === 'service' ? { serviceId: listing.id } : { organisationId: listing.id }, 409, `${base(request, listing.id)}/history`)) return reply;
      const version = str(bodyOf(request).version);
      const { t } = request;
      if (!/^\d{1,9}$/.test(version) || !listing.versions.some((v) => v.version === Number(version))) {
        return renderHistory(request, reply, listing, { errors: { version: t('changes.revert.error.version') } }, 400);
      }
      const result = await revertListing(ctx, request.council.id, kind, listing.id, Number(version), managerOf(request), null);
      if (!result.done) {
        return renderHistory(request, reply, listing, { errors: { version: t(result.why === 'unchanged' ? 'changes.revert.error.unchanged' : 'changes.revert.error.version', { number: version }) } }, 400);
      }
      return reply.redirect(`${base(request, listing.id)}/history?reverted=${version}`, 303);
    });
  }
}
