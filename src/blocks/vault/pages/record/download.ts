import type { FastifyInstance } from 'fastify';
import { chainPending } from '../../log/chainer.js';
import type { PlatformContext } from '../../../../platform/block.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import type { Db } from '../../../../platform/db/db.js';
import { categoriesOf } from '../../categories.js';
import { itemHistory } from '../../record.js';
import { grantsOfResident, logOfResident } from '../../sql/export.js';
import { forbidden, residentOf, RESIDENT_PAGE } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * `/my-record/download`: a copy of everything the vault holds about the resident (the right of
 * access, and of portability): every item of their record with its history, every grant, and
 * every entry of the access log about them that they may see, with each entry's hashes so it
 * can be checked against the council's published chain. The shape is documented in README
 * ("The vault: your copy of everything"); `format` names its version.
 */

export const EXPORT_FORMAT = 'hearth.vault.record/1';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export async function recordExport(db: Db, council: { id: string; name: string }, resident: { id: string; email: string }, now = new Date()) {
  const ring = keyRingOf(db);
  // Every access committed so far in the copy, each with what verifies it (log/chainer.ts).
  await chainPending(db, council.id);
  // One snapshot: the items, grants and log entries as they stood together.
  return inCouncil(db, council.id, async (tx) => {
    const categories = await categoriesOf(tx, council.id);
    const items = await itemHistory(tx, ring, council.id, resident.id);
    const grants = await grantsOfResident(tx, council.id, resident.id);
    const log = await logOfResident(tx, council.id, resident.id, now.toISOString().slice(0, 10));
    return {
      format: EXPORT_FORMAT,
      exported_at: now.toISOString(),
      council: { id: council.id, name: council.name },
      resident: { id: resident.id, email: resident.email },
      categories: categories.map((c) => ({ code: c.code, name_en: c.names.en, name_cy: c.names.cy, sensitivity: c.sensitivity, kind: c.kind, built_in: c.builtIn, retired: c.retired })),
      items: items.map((i) => ({
        id: i.id,
        category: i.category,
        value: i.value,
        source: { kind: i.source.kind, name: i.source.name },
        recorded_at: iso(i.recordedAt),
        superseded_at: iso(i.supersededAt),
      })),
      grants: grants.map((g) => ({
        id: g.id,
        grantee_kind: g.grantee_kind,
        grantee: g.grantee,
        categories: g.categories,
        access: g.access,
        purpose: g.purpose,
        lawful_basis: g.lawful_basis,
        status: g.status,
        starts_at: iso(g.starts_at),
        expires_at: iso(g.expires_at),
        created_at: iso(g.created_at),
        updated_at: iso(g.updated_at),
      })),
      access_log: log.map((e) => ({
        seq: Number(e.seq),
        at: iso(e.at),
        actor: { kind: e.actor_kind, id: e.actor_id, name: e.actor_name },
        organisation: e.organisation,
        on_behalf_of: e.on_behalf_of,
        action: e.action,
        categories: e.categories,
        grant_id: e.grant_id,
        basis_id: e.basis_id,
        legal_basis: e.legal_basis,
        purpose: e.purpose,
        prev_hash: hex(e.prev_hash),
        hash: hex(e.hash),
      })),
    };
  });
}

export function registerDownload(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/my-record/download', RESIDENT_PAGE, async (request, reply) => {
    const resident = residentOf(request);
    if (!resident || request.principal?.kind !== 'person') return forbidden(request, reply);
    const now = new Date();
    const copy = await recordExport(ctx.db, request.council, { id: resident, email: request.principal.email }, now);
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', `attachment; filename="my-record-${request.council.slug}-${now.toISOString().slice(0, 10)}.json"`);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(copy, null, 2));
  });
}
