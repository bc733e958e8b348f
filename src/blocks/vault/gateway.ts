import type { Db } from '../../platform/db/db.js';
import { keyRingOf } from '../../platform/crypto/key-ring.js';
import { GroupCommit, type Answer } from '../../platform/db/group-commit.js';
import { recordAccess } from './log/append.js';
import { itemOf, readItems, writeItems, type RecordItem } from './record.js';
import { liveAppointments } from './sql/advocates.js';
import { grantedReads, type GrantedReadAsked, type GrantedReadRow } from './sql/granted-read.js';
import { liveBases, liveGrantsUnrestricted } from './sql/grants.js';
import { inCouncil, type CouncilTx } from './sql/scope.js';

/**
 * The one way anyone but the resident reads or changes a resident's information. It checks a
 * live grant (the resident's consent, for these categories, this kind of access, now) or a
 * recorded legal basis (for an advocate, a live appointment), runs the work with only the
 * categories allowed, and writes the access log entry in the same transaction: no read
 * without its entry, no entry without its read.
 * Anything it cannot find authority for is refused with `AccessRefused`, and nothing is read.
 */

export type VaultActor =
  /** A member of staff acting for their team (a request handler's scope). */
  | { kind: 'staff'; personId: string; name: string; team: string }
  /** A partner system, by its client id; `scopes` are its OAuth scopes. */
  | { kind: 'partner'; clientId: string; name: string; scopes: string[] }
  /** Someone acting for the resident under an appointment (advocates/): checked instead of a grant. */
  | { kind: 'advocate'; personId: string; name: string };

export interface AccessRequest {
  councilId: string;
  actor: VaultActor;
  residentId: string;
  categories: string[];
  action: 'read' | 'update';
  /** The clock (tests move it). */
  now?: Date;
}

export type RefusalReason = 'no_authority' | 'scope';

export class AccessRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'AccessRefused';
  }
}

/** What the work may do: read, and (for an update) write, the categories allowed, nothing else. */
export interface GrantedAccess {
  readonly categories: readonly string[];
  read(): Promise<RecordItem[]>;
  write(category: string, values: unknown[]): Promise<void>;
}

/** The partner scopes an access needs (a client without them is refused before any grant is looked at). */
export const PARTNER_SCOPES = { read: 'vault.read', update: 'vault.write' } as const;

interface Authority {
  grantId: string | null;
  basisId: string | null;
  purpose: string;
  organisation: string;
  /** Whom an advocate acts for, by the name their appointment gives (their changes say "<advocate> for <resident>"). */
  residentName?: string;
}

/**
 * An advocate's authority: a live appointment (active, started, not ended) of this person for
 * this resident that covers the categories and the action. Its log entry names the appointment
 * (as the organisation) and what kind it is (as the purpose).
 */
async function appointmentFor(tx: CouncilTx, request: AccessRequest & { actor: { kind: 'advocate' } }, now: Date): Promise<Authority | undefined> {
  for (const a of await liveAppointments(tx, request.councilId, request.residentId, request.actor.personId, now)) {
    if (request.categories.every((c) => a.categories.includes(c)) && (request.action === 'read' || a.access === 'read_update')) {
      const purpose = a.kind === 'legal' ? `Acting for the resident under ${a.evidence_ref} (${a.relationship})` : `Acting for the resident as their advocate (${a.relationship})`;
      return { grantId: null, basisId: null, purpose, organisation: `advocate:${a.id}`, residentName: a.resident_name };
    }
  }
  return undefined;
}

/** Whom a staff member's or partner's grants are to: their team, or their client id. */
function granteeOf(actor: Exclude<VaultActor, { kind: 'advocate' }>): { granteeKind: 'team' | 'partner'; grantee: string } {
  return actor.kind === 'staff' ? { granteeKind: 'team', grantee: actor.team } : { granteeKind: 'partner', grantee: actor.clientId };
}

/** A live grant or basis that covers every category asked for, and the action; else undefined. */
async function authorityFor(tx: CouncilTx, request: AccessRequest, now: Date): Promise<Authority | undefined> {
  const { actor, councilId, residentId } = request;
  if (actor.kind === 'advocate') return appointmentFor(tx, { ...request, actor }, now);
  const covers = (granted: string[]) => request.categories.every((c) => granted.includes(c));
  const { granteeKind, grantee } = granteeOf(actor);
  // A category the resident restricted (UK GDPR Article 18) is given by no grant until they lift it.
  const grants = await liveGrantsUnrestricted(tx, councilId, residentId, granteeKind, grantee, now, request.categories);
  for (const g of grants) {
    if (covers(g.categories) && (request.action === 'read' || g.access === 'read_update')) {
      return { grantId: g.id, basisId: null, purpose: g.purpose, organisation: grantee };
    }
  }
  // A statutory basis is recorded for a council team, and lets it read what the duty needs:
  // changing a resident's record takes their consent (or an advocate's). Partners reach data
  // through grants only.
  if (actor.kind === 'staff' && request.action === 'read') {
    for (const b of await liveBases(tx, councilId, residentId, actor.team, now)) {
      if (covers(b.categories)) return { grantId: null, basisId: b.id, purpose: b.purpose, organisation: actor.team };
    }
  }
  return undefined;
}

/** The categories asked for, sorted and distinct; refused when there are none, or a partner lacks the scope for the action. */
function categoriesAsked(request: AccessRequest): string[] {
  const categories = [...new Set(request.categories)].sort();
  if (!categories.length) throw new AccessRefused('no_authority', 'an access names at least one category');
  const { actor } = request;
  if (actor.kind === 'partner' && !actor.scopes.includes(PARTNER_SCOPES[request.action])) {
    throw new AccessRefused('scope', `the partner system does not hold the scope ${PARTNER_SCOPES[request.action]}`);
  }
  return categories;
}

/**
 * Batches of a council's granted reads at the database at once, and the most reads in one
 * (migrations/013_granted_reads.sql). One: the reads that arrive meanwhile make the next batch
 * larger, and larger batches cost the database less a read than two half-size ones side by side
 * (docs/benchmarks.md measures one, two and four).
 */
const GRANTED_READS = { inFlight: 1, batchSize: 64 };

const groupCommits = new WeakMap<Db, GroupCommit<GrantedReadAsked, GrantedReadRow[]>>();

/** The database's batches of granted reads, one council's reads to a batch. */
function grantedReadsOf(db: Db): GroupCommit<GrantedReadAsked, GrantedReadRow[]> {
  let batches = groupCommits.get(db);
  if (!batches) {
    const run = async (councilId: string, reads: GrantedReadAsked[]): Promise<Answer<GrantedReadRow[]>[]> => {
      try {
        return (await grantedReads(db, councilId, reads)).map((value) => ({ ok: true, value }));
      } catch (error) {
        if (reads.length === 1) return [{ ok: false, error }];
        // The batch's transaction is rolled back whole: nothing of it was read or recorded. Each
        // read again on its own, one after another (not a crowd at once on the pool), so one that
        // cannot be done fails alone. Should the batch have committed and only its answer been
        // lost (the connection dropped), these reads are recorded twice: logged more, never less.
        const answers: Answer<GrantedReadRow[]>[] = [];
        for (const read of reads) answers.push((await run(councilId, [read]))[0]);
        return answers;
      }
    };
    batches = new GroupCommit(run, GRANTED_READS);
    groupCommits.set(db, batches);
  }
  return batches;
}

/**
 * Read the categories asked for: what `withResidentAccess(db, request, (access) => access.read())`
 * does, as one statement when a grant covers the read (sql/granted-read.ts: the grant checked,
 * the items read and the access recorded, together) — a partner's or a team's everyday read,
 * sent with the other granted reads of its council waiting at that moment (group commit, above).
 * Without such a grant (an advocate, a team's recorded basis, or no authority at all) it is that
 * general path, with its reason for a refusal.
 */
export async function readWithAccess(db: Db, request: AccessRequest & { action: 'read' }): Promise<RecordItem[]> {
  const categories = categoriesAsked(request);
  const { actor } = request;
  if (actor.kind !== 'advocate') {
    const rows = await grantedReadsOf(db).submit(request.councilId, {
      residentId: request.residentId,
      ...granteeOf(actor),
      categories,
      // Milliseconds, as the log keeps every access (log/append.ts).
      at: new Date(Math.floor((request.now ?? new Date()).getTime())),
      actorId: actor.kind === 'staff' ? actor.personId : actor.clientId,
      actorName: actor.name,
    });
    if (rows.length) {
      const ring = keyRingOf(db);
      return rows.filter((r): r is GrantedReadRow & { id: string; category: string } => r.id !== null).map((r) => itemOf(ring, request.councilId, r));
    }
  }
  return withResidentAccess(db, request, (access) => access.read());
}

export async function withResidentAccess<T>(db: Db, request: AccessRequest, work: (access: GrantedAccess) => Promise<T>): Promise<T> {
  const now = request.now ?? new Date();
  const categories = categoriesAsked(request);
  const { actor } = request;
  const ring = keyRingOf(db);
  // The council named first: row-level security shows this transaction only its council's rows.
  return inCouncil(db, request.councilId, async (tx) => {
    const authority = await authorityFor(tx, { ...request, categories }, now);
    if (!authority) {
      const who = actor.kind === 'staff' ? `the team ${actor.team}` : actor.kind === 'partner' ? 'this partner system' : 'this advocate';
      throw new AccessRefused('no_authority', `no live grant, recorded basis or appointment lets ${who} ${request.action} ${categories.join(', ')} of this resident`);
    }
    const access: GrantedAccess = {
      categories,
      read: () => readItems(tx, ring, request.councilId, request.residentId, categories),
      write: async (category, values) => {
        if (request.action !== 'update') throw new AccessRefused('no_authority', 'this access was for reading only');
        if (!categories.includes(category)) throw new AccessRefused('no_authority', `the category ${category} is not part of this access`);
        await writeItems(tx, ring, request.councilId, request.residentId, category, values, {
          kind: actor.kind,
          name: actor.kind === 'staff' ? `${actor.name} (${actor.team})` : actor.kind === 'advocate' ? `${actor.name} for ${authority.residentName}` : actor.name,
          // Told once: whoever made the change under a grant is not sent a notice of it.
          ...(actor.kind === 'staff' ? { grantee: { kind: 'team' as const, id: actor.team } } : actor.kind === 'partner' ? { grantee: { kind: 'partner' as const, id: actor.clientId } } : {}),
        });
      },
    };
    const result = await work(access);
    // Recorded in this transaction, without a lock; chained within a second (log/chainer.ts).
    await recordAccess(tx, request.councilId, [
      {
        councilId: request.councilId,
        at: now,
        residentId: request.residentId,
        actorKind: actor.kind,
        actorId: actor.kind === 'partner' ? actor.clientId : actor.personId,
        actorName: actor.name,
        organisation: authority.organisation,
        // An advocate acts on behalf of the resident: the entry names them (001_access_log.sql).
        onBehalfOf: actor.kind === 'advocate' ? request.residentId : null,
        action: request.action,
        categories,
        grantId: authority.grantId,
        basisId: authority.basisId,
        purpose: authority.purpose,
      },
    ]);
    return result;
  });
}
