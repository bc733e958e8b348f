import type { Queryable } from '../../../platform/db/db.js';
import type { OrukTable } from '../csv/tables.js';
import { UUID } from '../../../platform/uuid.js';

/**
 * Reading a council's ORUK tables row by row for the CSV export: keyset pages in each table's
 * order (owner, position, id), so memory holds one page whatever the directory's size and each
 * page costs the same however deep into the table it is. Values come back as text in ORUK's
 * formats (dates YYYY-MM-DD, times HH:MM:SS, last_modified in UTC with milliseconds).
 */

const ROWS_PER_PAGE = 2000;

/** The SQL expression that gives a column as ORUK text. */
function columnText(table: OrukTable, column: string): string {
  const kind = table.kinds?.[column];
  const quoted = `"${column}"`;
  switch (kind) {
    case 'date':
      return `to_char(${quoted}, 'YYYY-MM-DD')`;
    case 'time':
      return `to_char(${quoted}, 'HH24:MI:SS')`;
    case 'date-time':
      return `to_char(${quoted} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'number':
      // numeric's text keeps trailing zeros (5.00); JSON export writes the number (5).
      return `CASE WHEN ${quoted} IS NULL THEN NULL ELSE (${quoted})::float8::text END`;
    default:
      return `(${quoted})::text`;
  }
}

/**
 * Every row of `table` for the council, a page at a time, each row its columns' text (null when
 * empty). Inside a transaction (PostgreSQL's export snapshot) one cursor reads the table in
 * order with a single sort; outside one (PGlite, whose one connection a download must not hold)
 * keyset pages do, each a fresh statement.
 */
export async function* iterateTableRows(db: Queryable, councilId: string, table: OrukTable, options: { inTransaction?: boolean } = {}): AsyncGenerator<(string | null)[][]> {
  const select = table.columns.map((c, i) => `${columnText(table, c)} AS c${i}`).join(', ');
  const order = table.order.map((c) => `"${c}"`).join(', ');
  const values = (rows: Record<string, unknown>[]) => rows.map((r) => table.columns.map((_c, i) => (r[`c${i}`] as string | null) ?? null));
  if (options.inTransaction) {
    // DECLARE takes no parameters; the council id is checked to be a UUID before it is written in.
    if (!UUID.test(councilId)) throw new Error('a council id is a UUID');
    const cursor = `hearth_export_${table.table}`;
    await db.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${select} FROM ${table.table} WHERE council_id = '${councilId}' ORDER BY ${order}`);
    try {
      for (;;) {
        const { rows } = await db.query<Record<string, unknown>>(`FETCH ${ROWS_PER_PAGE} FROM ${cursor}`);
        if (!rows.length) return;
        yield values(rows);
        if (rows.length < ROWS_PER_PAGE) return;
      }
    } finally {
      await db.query(`CLOSE ${cursor}`);
    }
  }
  const keys = table.order.map((c, i) => `"${c}" AS k${i}`).join(', ');
  let after: unknown[] | null = null;
  for (;;) {
    const params: unknown[] = [councilId];
    let where = 'council_id = $1';
    if (after) {
      params.push(...after);
      where += ` AND (${order}) > (${table.order.map((_c, i) => `$${i + 2}`).join(', ')})`;
    }
    params.push(ROWS_PER_PAGE);
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT ${select}, ${keys} FROM ${table.table} WHERE ${where} ORDER BY ${order} LIMIT $${params.length}`,
      params,
    );
    if (!rows.length) return;
    yield values(rows);
    const last = rows[rows.length - 1];
    after = table.order.map((_c, i) => last[`k${i}`]);
    if (rows.length < ROWS_PER_PAGE) return;
  }
}

/** The council's taxonomy terms with these names (any case), as ORUK terms, for the flat sheet's categories. */
export async function termsByName(db: Queryable, councilId: string, names: string[]): Promise<Map<string, Record<string, unknown>>> {
  if (!names.length) return new Map();
  const { rows } = await db.query<{ key: string; term: Record<string, unknown> }>(
    `SELECT DISTINCT ON (lower(name)) lower(name) AS key, json_strip_nulls(json_build_object(
       'id', id, 'code', code, 'name', name, 'description', description, 'parent_id', parent_id, 'taxonomy', taxonomy,
       'taxonomy_id', taxonomy_id, 'term_uri', term_uri, 'term', term, 'language', language)) AS term
     FROM taxonomy_term WHERE council_id = $1 AND lower(name) = ANY($2::text[])
     ORDER BY lower(name), id`,
    [councilId, names.map((n) => n.toLowerCase())],
  );
  return new Map(rows.map((r) => [r.key, r.term]));
}
