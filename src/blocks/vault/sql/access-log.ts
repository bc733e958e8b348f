import type { CouncilTx } from './scope.js';
import type { AccessAction, AccessEntry, ActorKind } from '../log/chain.js';

/** The vault's SQL about its access log: the only place that names these tables. */

export interface LogRow {
  seq: number;
  at: Date;
  resident_id: string;
  actor_kind: ActorKind;
  actor_id: string;
  actor_name: string;
  organisation: string;
  on_behalf_of: string | null;
  action: AccessAction;
  categories: string[];
  grant_id: string | null;
  basis_id: string | null;
  purpose: string;
  prev_hash: Buffer;
  hash: Buffer;
}

export const entryOf = (councilId: string, r: LogRow): AccessEntry => ({
  councilId,
  seq: Number(r.seq),
  at: r.at,
  residentId: r.resident_id,
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  actorName: r.actor_name,
  organisation: r.organisation,
  onBehalfOf: r.on_behalf_of,
  action: r.action,
  categories: r.categories,
  grantId: r.grant_id,
  basisId: r.basis_id,
  purpose: r.purpose,
});

const COLUMNS = 'seq, at, resident_id, actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose, prev_hash, hash';

/**
 * The council's chain head, locked until the caller's transaction ends (made on first use).
 * Only a chaining pass takes it, so entries are numbered and chained one after another.
 * With `skipIfLocked`, a head another pass holds gives undefined instead of waiting for it.
 */
export async function lockHead(tx: CouncilTx, councilId: string, genesis: Buffer, skipIfLocked = false): Promise<{ seq: number; hash: Buffer } | undefined> {
  await tx.query('INSERT INTO vault_log_head (council_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (council_id) DO NOTHING', [councilId, genesis]);
  const { rows } = await tx.query<{ seq: string | number; hash: Buffer }>(
    `SELECT seq, hash FROM vault_log_head WHERE council_id = $1 FOR UPDATE${skipIfLocked ? ' SKIP LOCKED' : ''}`,
    [councilId],
  );
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
}

/** An access waiting to be chained: everything but its place in the chain. */
export type PendingAccess = Omit<AccessEntry, 'seq'>;

/** An access's fields as one array per column, in the order both inserts unnest them (categories as JSON: unnest cannot take arrays of uneven length). */
function accessColumns(accesses: PendingAccess[]): unknown[][] {
  const column = <T>(pick: (e: PendingAccess) => T) => accesses.map(pick);
  return [
    column((e) => e.at),
    column((e) => e.residentId),
    column((e) => e.actorKind),
    column((e) => e.actorId),
    column((e) => e.actorName),
    column((e) => e.organisation),
    column((e) => e.onBehalfOf),
    column((e) => e.action),
    column((e) => JSON.stringify(e.categories)),
    column((e) => e.grantId),
    column((e) => e.basisId),
    column((e) => e.purpose),
  ];
}

/** Accesses recorded in the caller's transaction, to be chained by the next pass (no lock taken). */
export async function insertPending(tx: CouncilTx, councilId: string, accesses: PendingAccess[]): Promise<void> {
  if (!accesses.length) return;
  await tx.query(
    `INSERT INTO vault_access_pending (council_id, at, resident_id, actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose)
     SELECT $1, x.at, x.resident_id, x.actor_kind, x.actor_id, x.actor_name, x.organisation, x.on_behalf_of, x.action,
            ARRAY(SELECT jsonb_array_elements_text(x.categories)), x.grant_id, x.basis_id, x.purpose
       FROM unnest($2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::jsonb[], $11::uuid[], $12::uuid[], $13::text[])
         WITH ORDINALITY AS x(at, resident_id, actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose, n)
      ORDER BY x.n`,
    [councilId, ...accessColumns(accesses)],
  );
}

/**
 * Up to `limit` of the council's waiting accesses, oldest first, deleted as they are taken: the
 * caller chains them in the same transaction, so they leave here only by being chained.
 */
export async function takePending(tx: CouncilTx, councilId: string, limit: number): Promise<PendingAccess[]> {
  const { rows } = await tx.query<Omit<LogRow, 'seq' | 'prev_hash' | 'hash'> & { id: string | number }>(
    `DELETE FROM vault_access_pending WHERE id IN (SELECT id FROM vault_access_pending WHERE council_id = $1 ORDER BY id LIMIT $2)
     RETURNING id, at, resident_id, actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose`,
    [councilId, limit],
  );
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  return rows.map((r) => {
    const { seq: _seq, ...entry } = entryOf(councilId, { ...r, seq: 0, prev_hash: Buffer.alloc(0), hash: Buffer.alloc(0) });
    return entry;
  });
}

/** Whether any of the council's accesses wait to be chained. */
export async function hasPending(q: CouncilTx, councilId: string): Promise<boolean> {
  const { rows } = await q.query<{ waiting: boolean }>('SELECT EXISTS (SELECT 1 FROM vault_access_pending WHERE council_id = $1) AS waiting', [councilId]);
  return rows[0].waiting;
}

/** How many of the council's accesses wait to be chained (for `hearth vault verify`'s report). */
export async function pendingCount(q: CouncilTx, councilId: string): Promise<number> {
  const { rows } = await q.query<{ n: string | number }>('SELECT count(*) AS n FROM vault_access_pending WHERE council_id = $1', [councilId]);
  return Number(rows[0].n);
}

/** Entries already chained (each with the hash before it and its own), in one statement. */
export async function insertEntries(tx: CouncilTx, councilId: string, entries: { entry: AccessEntry; prevHash: Buffer; hash: Buffer }[]): Promise<void> {
  if (!entries.length) return;
  await tx.query(
    `INSERT INTO vault_access_log (council_id, ${COLUMNS})
     SELECT $1, x.seq, x.at, x.resident_id, x.actor_kind, x.actor_id, x.actor_name, x.organisation, x.on_behalf_of, x.action,
            ARRAY(SELECT jsonb_array_elements_text(x.categories)), x.grant_id, x.basis_id, x.purpose, x.prev_hash, x.hash
       FROM unnest($2::bigint[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::text[],
                   $11::jsonb[], $12::uuid[], $13::uuid[], $14::text[], $15::bytea[], $16::bytea[])
         AS x(seq, at, resident_id, actor_kind, actor_id, actor_name, organisation, on_behalf_of, action, categories, grant_id, basis_id, purpose, prev_hash, hash)`,
    [councilId, entries.map(({ entry }) => entry.seq), ...accessColumns(entries.map(({ entry }) => entry)), entries.map((e) => e.prevHash), entries.map((e) => e.hash)],
  );
}

export async function moveHead(tx: CouncilTx, councilId: string, seq: number, hash: Buffer): Promise<void> {
  await tx.query('UPDATE vault_log_head SET seq = $2, hash = $3 WHERE council_id = $1', [councilId, seq, hash]);
}

/** The head as it is now (undefined before the first entry). */
export async function readHead(q: CouncilTx, councilId: string): Promise<{ seq: number; hash: Buffer } | undefined> {
  const { rows } = await q.query<{ seq: string | number; hash: Buffer }>('SELECT seq, hash FROM vault_log_head WHERE council_id = $1 AND seq > 0', [councilId]);
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
}

/**
 * An entry's canonical form (log/chain.ts `canonicalEntry`), rendered by the database: the same
 * JSON array, character for character (compact, the same string escapes, UTC milliseconds), so the
 * database can re-compute every hash where the rows are instead of sending them all to Node.
 * Values of type uuid and the time are quoted without escaping (their text never holds a
 * character JSON escapes), and so are actor_kind and action, which the table's CHECKs hold to a
 * few plain words (8% of verify's time saved); every other text goes through to_json. Hashed as the text's own bytes
 * (textsend: UTF-8, the encoding Hearth's databases are made with), as chain.ts hashes it.
 * The council's id is the query's own parameter `$1`, rendered once for the statement rather
 * than from each row: every query using this form reads only rows `WHERE council_id = $1`, so it
 * is the same text (and a sixteenth of verify's time saved).
 * test/blocks/vault/log/canonical-sql.test.ts holds the two renderings to each other over random text.
 */
const CANONICAL = `'[1,"' || $1::uuid::text || '",' || seq || ',"'
  || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","' || resident_id
  || '","' || actor_kind || '",' || to_json(actor_id)::text || ',' || to_json(actor_name)::text
  || ',' || to_json(organisation)::text || ',' || coalesce('"' || on_behalf_of || '"', 'null') || ',"' || action || '"'
  || ',' || array_to_json(categories)::text || ',' || coalesce('"' || grant_id || '"', 'null')
  || ',' || coalesce('"' || basis_id || '"', 'null') || ',' || to_json(purpose)::text || ']'`;

/** The canonical form of each of a council's entries, as the database renders it (for the test above). */
export async function canonicalTexts(q: CouncilTx, councilId: string): Promise<{ seq: number; canonical: string }[]> {
  const { rows } = await q.query<{ seq: string; canonical: string }>(`SELECT seq, ${CANONICAL} AS canonical FROM vault_access_log WHERE council_id = $1 ORDER BY seq`, [councilId]);
  return rows.map((r) => ({ seq: Number(r.seq), canonical: r.canonical }));
}

/** One entry of a stretch of the chain, as `chainStretch` reports it. */
export interface ChainPoint {
  seq: number;
  /** The entry before it in the stretch (null for the stretch's first). */
  before_seq: number | null;
  prev_hash: Buffer;
  hash: Buffer;
  /** Its fields and the hash before it still give its hash. */
  sound: boolean;
  /** It names the entry before it in the stretch as its previous hash. */
  linked: boolean;
  /** The stretch's last entry. */
  last: boolean;
}

/**
 * Check the entries with `afterSeq < seq <= uptoSeq` inside the database: each entry's hash
 * re-computed from its canonical form and the previous hash it names, and each linked to the
 * one before. Returns only what the caller needs to join stretches and name a break: the
 * stretch's first and last entries, and every entry that is unsound, unlinked or after a gap.
 */
export async function chainStretch(q: CouncilTx, councilId: string, afterSeq: number, uptoSeq: number): Promise<ChainPoint[]> {
  const { rows } = await q.query<ChainPoint & { seq: string; before_seq: string | null }>(
    // The hashes are re-computed in an inner query of their own, so the database can share that
    // scan between parallel workers; the window then only compares neighbours.
    `SELECT seq, before_seq, prev_hash, hash, sound, linked, last FROM (
       SELECT seq, prev_hash, hash, sound,
              lag(seq) OVER w AS before_seq,
              lag(hash) OVER w IS NOT DISTINCT FROM prev_hash AS linked,
              lead(seq) OVER w IS NULL AS last
         FROM (SELECT seq, prev_hash, hash, sha256(prev_hash || textsend(${CANONICAL})) = hash AS sound
                 FROM vault_access_log WHERE council_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq) AS checked
       WINDOW w AS (ORDER BY seq)
     ) x
     WHERE before_seq IS NULL OR last OR NOT sound OR NOT linked OR seq <> before_seq + 1
     ORDER BY seq`,
    [councilId, afterSeq, uptoSeq],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq), before_seq: r.before_seq === null ? null : Number(r.before_seq) }));
}

/** The stored hashes of the entries with these numbers (for checking seals against them). */
export async function entryHashesAt(q: CouncilTx, councilId: string, seqs: number[]): Promise<Map<number, Buffer>> {
  if (!seqs.length) return new Map();
  const { rows } = await q.query<{ seq: string; hash: Buffer }>('SELECT seq, hash FROM vault_access_log WHERE council_id = $1 AND seq = ANY($2::bigint[])', [councilId, seqs]);
  return new Map(rows.map((r) => [Number(r.seq), r.hash]));
}

/** The highest entry number in a council's log (0 when empty): where checking stops. */
export async function lastSeq(q: CouncilTx, councilId: string): Promise<number> {
  const { rows } = await q.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM vault_access_log WHERE council_id = $1', [councilId]);
  return Number(rows[0]?.seq ?? 0);
}

/** A resident's entries, newest first ("who has seen my information"). */
export async function entriesOfResident(q: CouncilTx, councilId: string, residentId: string, limit: number, beforeSeq?: number): Promise<LogRow[]> {
  const { rows } = await q.query<LogRow>(
    `SELECT ${COLUMNS} FROM vault_access_log WHERE council_id = $1 AND resident_id = $2 AND ($3::bigint IS NULL OR seq < $3) ORDER BY seq DESC LIMIT $4`,
    [councilId, residentId, beforeSeq ?? null, limit],
  );
  return rows;
}

export interface SealRow {
  seq: number;
  hash: Buffer;
  sealed_at: Date;
  key_id: string;
  public_key: Buffer;
  signature: Buffer;
}

export async function insertSeal(q: CouncilTx, councilId: string, seal: Omit<SealRow, 'sealed_at'>): Promise<void> {
  await q.query(
    `INSERT INTO vault_log_seal (council_id, seq, hash, key_id, public_key, signature) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (council_id, seq) DO NOTHING`,
    [councilId, seal.seq, seal.hash, seal.key_id, seal.public_key, seal.signature],
  );
}

/** Every seal of the council, in chain order. */
export async function sealsOf(q: CouncilTx, councilId: string): Promise<SealRow[]> {
  const { rows } = await q.query<SealRow>('SELECT seq, hash, sealed_at, key_id, public_key, signature FROM vault_log_seal WHERE council_id = $1 ORDER BY seq', [councilId]);
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

