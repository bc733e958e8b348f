import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { notFound } from '../../../../platform/http/problem.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { moveResidentGrant, movesFrom, type GrantMove } from '../../grants.js';
import { sealKeyFrom } from '../../log/seal.js';
import { consentReceipt } from '../../receipt.js';
import { grantEvents, grantOfResident, grantsOfResident, type GrantRow } from '../../sql/grants.js';
import { categoriesFor, granteeNames, grantIdOf, residentOf, RESIDENT, ukDateText, ukDateTimeText } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * The resident's grants: the list by status, one grant with its history, and what they can do
 * with it (accept or refuse a team's request; pause, resume, withdraw), and its consent receipt.
 */

/** How a grant stands for the resident: its status, or `expired` for a live one past its end. */
type Standing = GrantRow['status'] | 'expired';
const standingOf = (g: GrantRow, now: Date): Standing => ((g.status === 'active' || g.status === 'paused') && g.expires_at <= now ? 'expired' : g.status);

/** The list's groups, in the order shown. */
const GROUPS: Array<{ key: string; standings: Standing[] }> = [
  { key: 'requested', standings: ['requested'] },
  { key: 'active', standings: ['active'] },
  { key: 'paused', standings: ['paused'] },
  { key: 'ended', standings: ['withdrawn', 'refused', 'expired'] },
];

const TAG_CLASS: Record<Standing, string> = {
  requested: 'govuk-tag--blue',
  active: 'govuk-tag--green',
  paused: 'govuk-tag--yellow',
  withdrawn: 'govuk-tag--grey',
  refused: 'govuk-tag--grey',
  expired: 'govuk-tag--grey',
};

/** Banners after a change (`?done=`), by what was done. */
const DONE = ['given', 'accepted', 'refused', 'paused', 'resumed', 'withdrawn'];
const DONE_OF: Record<GrantMove, string> = { accept: 'accepted', refuse: 'refused', pause: 'paused', resume: 'resumed', withdraw: 'withdrawn' };

export function registerGrantPages(app: FastifyInstance, ctx: PlatformContext): void {
  const listPath = (request: FastifyRequest) => `${request.basePath}/my-record/sharing`;
  const grantPath = (request: FastifyRequest, id: string) => `${listPath(request)}/${id}`;

  async function ownGrant(request: FastifyRequest): Promise<GrantRow> {
    const grant = await inCouncil(ctx.db, request.council.id, (tx) => grantOfResident(tx, request.council.id, residentOf(request), grantIdOf(request)));
    if (!grant) throw notFound();
    return grant;
  }

  app.get('/my-record/sharing', RESIDENT, async (request, reply) => {
    const { t } = request;
    const now = new Date();
    const grants = await inCouncil(ctx.db, request.council.id, (tx) => grantsOfResident(tx, request.council.id, residentOf(request)));
    const name = await granteeNames(ctx.db, request.council.id, request.locale);
    const categoryName = (await categoriesFor(ctx.db, request.council.id, request.locale)).name;
    const card = (g: GrantRow) => {
      const standing = standingOf(g, now);
      return {
        href: grantPath(request, g.id),
        grantee: name(g.grantee_kind, g.grantee),
        tag: { text: t(`vault.sharing.status.${standing}`), classes: TAG_CLASS[standing] },
        categories: g.categories.map(categoryName).join(', '),
        access: t(`vault.sharing.access.${g.access}`),
        purpose: g.purpose,
        until: ukDateText(request, new Date(g.expires_at.getTime() - 1)),
      };
    };
    return reply.page('vault-sharing-list.njk', {
      title: t('vault.sharing.title'),
      groups: GROUPS.map((group) => ({ key: group.key, heading: t(`vault.sharing.group.${group.key}`), grants: grants.filter((g) => group.standings.includes(standingOf(g, now))).map(card) })).filter(
        (group) => group.grants.length,
      ),
      newHref: `${listPath(request)}/new`,
      recordHref: `${request.basePath}/my-record`,
      accessHref: `${request.basePath}/my-record/access`,
      verifyHref: `${request.basePath}/vault/receipts/verify`,
    });
  });

  app.get('/my-record/sharing/:id', RESIDENT, async (request, reply) => {
    const { t } = request;
    const grant = await ownGrant(request);
    const now = new Date();
    const standing = standingOf(grant, now);
    const name = await granteeNames(ctx.db, request.council.id, request.locale);
    const events = await inCouncil(ctx.db, request.council.id, (tx) => grantEvents(tx, request.council.id, grant.id));
    const categoryName = (await categoriesFor(ctx.db, request.council.id, request.locale)).name;
    const done = String((request.query as Record<string, unknown>).done ?? '');
    const moves = standing === 'expired' ? [] : movesFrom(grant.status);
    const row = (key: string, text: string) => ({ key: { text: t(`vault.sharing.grant.${key}`) }, value: { text } });
    return reply.page('vault-sharing-grant.njk', {
      title: t('vault.sharing.grant.title', { grantee: name(grant.grantee_kind, grant.grantee) }),
      grantee: name(grant.grantee_kind, grant.grantee),
      done: DONE.includes(done) ? t(`vault.sharing.done.${done}`) : undefined,
      tag: { text: t(`vault.sharing.status.${standing}`), classes: TAG_CLASS[standing] },
      requested: grant.status === 'requested',
      rows: [
        row('grantee', `${name(grant.grantee_kind, grant.grantee)} (${t(`vault.sharing.kind.${grant.grantee_kind}`)})`),
        row('categories', grant.categories.map(categoryName).join(', ')),
        row('access', t(`vault.sharing.access.${grant.access}`)),
        row('purpose', grant.purpose),
        row('lawful_basis', t(`vault.sharing.basis.${grant.lawful_basis}`)),
        row('from', ukDateText(request, grant.starts_at)),
        // A grant runs until the end of its last day: the date shown is that day.
        row('until', ukDateText(request, new Date(grant.expires_at.getTime() - 1))),
      ],
      history: events.map((e) => ({
        when: ukDateTimeText(request, e.at),
        what: t(`vault.sharing.event.${e.event}`),
        // Which advocate, when the line names one (a resident may have several; older lines do not).
        by: e.by_kind === 'advocate' && e.by_name ? t('vault.sharing.event_by.advocate_named', { name: e.by_name }) : t(`vault.sharing.event_by.${e.by_kind}`),
      })),
      moves: moves.filter((m) => m !== 'withdraw').map((m) => ({ action: `${grantPath(request, grant.id)}/${m}`, text: t(`vault.sharing.move.${m}`), warning: m === 'refuse' })),
      withdrawHref: moves.includes('withdraw') ? `${grantPath(request, grant.id)}/withdraw` : undefined,
      receiptHref: `${grantPath(request, grant.id)}/receipt.json`,
      verifyHref: `${request.basePath}/vault/receipts/verify`,
      listHref: listPath(request),
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply),
    });
  });

  // Withdrawing is final: a page that says so, and asks.
  app.get('/my-record/sharing/:id/withdraw', RESIDENT, async (request, reply) => {
    const { t } = request;
    const grant = await ownGrant(request);
    if (!movesFrom(grant.status).includes('withdraw')) return reply.redirect(grantPath(request, grant.id), 303);
    const name = await granteeNames(ctx.db, request.council.id, request.locale);
    const categoryName = (await categoriesFor(ctx.db, request.council.id, request.locale)).name;
    return reply.page('vault-sharing-withdraw.njk', {
      title: t('vault.sharing.withdraw.title', { grantee: name(grant.grantee_kind, grant.grantee) }),
      grantee: name(grant.grantee_kind, grant.grantee),
      categories: grant.categories.map(categoryName).join(', '),
      action: `${grantPath(request, grant.id)}/withdraw`,
      backHref: grantPath(request, grant.id),
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply),
    });
  });

  for (const move of ['accept', 'refuse', 'pause', 'resume', 'withdraw'] as const) {
    app.post(`/my-record/sharing/:id/${move}`, RESIDENT, async (request, reply) => moveAndAnswer(request, reply, move));
  }

  async function moveAndAnswer(request: FastifyRequest, reply: FastifyReply, move: GrantMove) {
    const grant = await ownGrant(request);
    const answer = `${grantPath(request, grant.id)}?done=${DONE_OF[move]}`;
    if (await moveResidentGrant(ctx.db, request.council.id, grant.resident_id, grant.id, move)) return reply.redirect(answer, 303);
    // Sent twice (a double click, a retry): the first did it, the second says the same.
    const now = await inCouncil(ctx.db, request.council.id, (tx) => grantOfResident(tx, request.council.id, grant.resident_id, grant.id));
    const target: Record<GrantMove, GrantRow['status']> = { accept: 'active', refuse: 'refused', pause: 'paused', resume: 'active', withdraw: 'withdrawn' };
    if (now?.status === target[move]) return reply.redirect(answer, 303);
    const { t } = request;
    return reply.code(409).page('error.njk', {
      title: t('vault.sharing.conflict.title'),
      body: t('vault.sharing.conflict.body', { status: t(`vault.sharing.status.${now?.status ?? grant.status}`) }),
      paragraphs: [],
    });
  }

  // The grant's consent receipt, signed, to keep or show to anyone.
  app.get('/my-record/sharing/:id/receipt.json', RESIDENT, async (request, reply) => {
    const grant = await ownGrant(request);
    const events = await inCouncil(ctx.db, request.council.id, (tx) => grantEvents(tx, request.council.id, grant.id));
    const name = await granteeNames(ctx.db, request.council.id, 'en');
    const council = request.council;
    const receipt = consentReceipt(
      {
        id: grant.id,
        residentId: grant.resident_id,
        granteeKind: grant.grantee_kind,
        grantee: name(grant.grantee_kind, grant.grantee),
        categories: grant.categories,
        access: grant.access,
        purpose: grant.purpose,
        lawfulBasis: grant.lawful_basis,
        status: grant.status,
        startsAt: grant.starts_at,
        expiresAt: grant.expires_at,
        events: events.map((e) => ({ at: e.at, event: e.event, by: e.by_kind })),
      },
      { name: council.name, ...(council.contactEmail ? { contact: council.contactEmail } : {}), url: councilBaseUrl(ctx.config, request) },
      sealKeyFrom(keyRingOf(ctx.db)),
    );
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="consent-receipt-${grant.id}.json"`)
      .send(JSON.stringify(receipt, null, 2));
  });
}
