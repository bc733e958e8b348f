import type { FastifyInstance, FastifyRequest } from 'fastify';
import { chainPending } from '../../log/chainer.js';
import type { PlatformContext } from '../../../../platform/block.js';
import { badRequest } from '../../../../platform/http/problem.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { canonicalEntry } from '../../log/chain.js';
import { sealMessage } from '../../log/seal.js';
import { publicJwk } from '../../receipt.js';
import { entryOf, type LogRow } from '../../sql/access-log.js';
import { basesNamed, latestSeal, visibleEntriesOfResident } from '../../sql/resident-log.js';
import { categoryName, granteeNames, residentOf, RESIDENT, ukDateTimeText } from '../grants/common.js';
import { londonDate } from '../grants/dates.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * "Who has seen my information": every entry of the access log about the signed-in resident,
 * newest first, a page at a time; and all of them as JSON with what is needed to check them
 * (each entry's fields as hashed, its hash and the hash before it, the chain's latest seal and
 * the key that signed it). An access under a legal basis the law lets be kept from the
 * resident for a time is left out of both until its date (`disclose_after`).
 */

export const ACCESS_PAGE_SIZE = 20;
const DOWNLOAD_BATCH = 1000;
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

/** `?before=` as an entry number, or a 400 naming it. */
function beforeOf(request: FastifyRequest): number | undefined {
  const raw = (request.query as Record<string, unknown>).before;
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'string' && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw badRequest([{ name: 'before', reason: 'must be the number of an entry (a whole number above 0)' }]);
  return value;
}

export function registerAccessPages(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/my-record/access', RESIDENT, async (request, reply) => {
    const { t } = request;
    const residentId = residentOf(request);
    const councilId = request.council.id;
    const before = beforeOf(request);
    // Accesses from the last half second may wait to be chained: chained now, so the page has them all.
    await chainPending(ctx.db, councilId);
    const rows = await inCouncil(ctx.db, councilId, (tx) => visibleEntriesOfResident(tx, councilId, residentId, londonDate(new Date()), ACCESS_PAGE_SIZE + 1, before));
    const shown = rows.slice(0, ACCESS_PAGE_SIZE);
    const name = await granteeNames(ctx.db, councilId, request.locale);
    const bases = new Map((await inCouncil(ctx.db, councilId, (tx) => basesNamed(tx, councilId, residentId, [...new Set(shown.flatMap((r) => (r.basis_id ? [r.basis_id] : [])))]))).map((b) => [b.id, b]));
    const base = `${request.basePath}/my-record/access`;
    const organisationOf = (r: LogRow) => (r.actor_kind === 'partner' ? name('partner', r.organisation) : r.actor_kind === 'staff' ? name('team', r.organisation) : r.organisation);
    return reply.page('vault-access.njk', {
      title: t('vault.access.title'),
      entries: shown.map((r) => {
        const basis = r.basis_id ? bases.get(r.basis_id) : undefined;
        return {
          heading: t('vault.access.entry.heading', { when: ukDateTimeText(request, r.at), who: r.actor_name }),
          rows: [
            { key: { text: t('vault.access.entry.who') }, value: { text: t(`vault.access.actor.${r.actor_kind}`, { name: r.actor_name, organisation: organisationOf(r) }) } },
            ...(r.on_behalf_of
              ? [{ key: { text: t('vault.access.entry.on_behalf_of') }, value: { text: r.on_behalf_of === residentId ? t('vault.access.entry.on_behalf_of_you') : t('vault.access.entry.on_behalf_of_other') } }]
              : []),
            { key: { text: t('vault.access.entry.what') }, value: { text: `${t(`vault.access.action.${r.action}`)}: ${r.categories.map((c) => categoryName(request, c)).join(', ')}` } },
            {
              key: { text: t('vault.access.entry.under') },
              value: r.grant_id
                ? { html: `<a class="govuk-link" href="${request.basePath}/my-record/sharing/${r.grant_id}">${escapeHtml(t('vault.access.entry.grant', { organisation: organisationOf(r) }))}</a>` }
                : basis
                  ? { text: t('vault.access.entry.basis', { basis: basis.legal_basis }) }
                  : r.actor_kind === 'advocate'
                    ? { text: t('vault.access.entry.appointment') }
                    : { text: t('vault.access.entry.own') },
            },
            { key: { text: t('vault.access.entry.purpose') }, value: { text: r.purpose } },
            { key: { text: t('vault.access.entry.when') }, value: { text: ukDateTimeText(request, r.at) } },
          ],
        };
      }),
      olderHref: rows.length > ACCESS_PAGE_SIZE ? `${base}?before=${shown[shown.length - 1].seq}` : undefined,
      newestHref: before !== undefined ? base : undefined,
      downloadHref: `${base}/download.json`,
      sharingHref: `${request.basePath}/my-record/sharing`,
      recordHref: `${request.basePath}/my-record`,
    });
  });

  app.get('/my-record/access/download.json', RESIDENT, async (request, reply) => {
    const residentId = residentOf(request);
    const councilId = request.council.id;
    const today = londonDate(new Date());
    await chainPending(ctx.db, councilId);
    const entries: unknown[] = [];
    for (let before: number | undefined; ; ) {
      const rows = await inCouncil(ctx.db, councilId, (tx) => visibleEntriesOfResident(tx, councilId, residentId, today, DOWNLOAD_BATCH, before));
      for (const r of rows) {
        const entry = entryOf(councilId, r);
        entries.push({
          seq: entry.seq,
          at: entry.at.toISOString(),
          actor_kind: entry.actorKind,
          actor_id: entry.actorId,
          actor_name: entry.actorName,
          organisation: entry.organisation,
          on_behalf_of: entry.onBehalfOf,
          action: entry.action,
          categories: entry.categories,
          grant_id: entry.grantId,
          basis_id: entry.basisId,
          purpose: entry.purpose,
          // Exactly what the hash covers after the previous hash: SHA-256(prev_hash ‖ hashed).
          hashed: canonicalEntry(entry),
          prev_hash: hex(r.prev_hash),
          hash: hex(r.hash),
        });
      }
      if (rows.length < DOWNLOAD_BATCH) break;
      before = rows[rows.length - 1].seq;
    }
    const seal = await inCouncil(ctx.db, councilId, (tx) => latestSeal(tx, councilId));
    const document = {
      council_id: councilId,
      resident_id: residentId,
      downloaded_at: new Date().toISOString(),
      how_to_check:
        'Each entry: hash = SHA-256(bytes of prev_hash, then the UTF-8 bytes of "hashed"), in hex; "hashed" holds the entry\'s own fields. ' +
        'The council\'s log is one chain: each entry\'s prev_hash is the hash of the entry before it in the whole log (other residents\' entries lie between yours). ' +
        'The seal signs the chain\'s head: Ed25519 over the UTF-8 bytes of "signed_message", with the public key given (SPKI, base64, and as a JWK); the same keys are published at keys_url.',
      entries,
      latest_seal: seal
        ? {
            seq: seal.seq,
            hash: hex(seal.hash),
            sealed_at: seal.sealed_at.toISOString(),
            key_id: seal.key_id,
            public_key: Buffer.from(seal.public_key).toString('base64'),
            public_key_jwk: publicJwk({ id: seal.key_id, publicKey: Buffer.from(seal.public_key) }),
            signed_message: sealMessage(councilId, seal.seq, Buffer.from(seal.hash)).toString('utf8'),
            signature: Buffer.from(seal.signature).toString('base64'),
          }
        : null,
      keys_url: `${councilBaseUrl(ctx.config, request)}/vault/receipt-key`,
    };
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="who-has-seen-my-information.json"')
      .send(JSON.stringify(document, null, 2));
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
