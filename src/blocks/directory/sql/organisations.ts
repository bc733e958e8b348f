import type { Queryable } from '../../../platform/db/db.js';

/** An organisation as staff pick one: its id and name. */
export interface OrganisationChoice {
  id: string;
  name: string;
}

/** `%`, `_` and `\` typed into a search are letters, not patterns. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The council's organisations by name, for choosing one (an organisation editor's role): all
 * of them, those whose name contains `search`, or those with the given ids; at most `limit`,
 * in alphabetical order.
 */
export async function organisationsByName(
  db: Queryable,
  councilId: string,
  options: { search?: string; ids?: string[]; limit: number },
): Promise<OrganisationChoice[]> {
  const { rows } = await db.query<OrganisationChoice>(
    `SELECT id, name FROM organization
     WHERE council_id = $1
       AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%')
       AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
     ORDER BY lower(name), id LIMIT $4`,
    [councilId, options.search ? likeLiteral(options.search) : null, options.ids ?? null, options.limit],
  );
  return rows;
}

/** How many organisations the council's directory holds. */
export async function countOrganisations(db: Queryable, councilId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organization WHERE council_id = $1', [councilId]);
  return rows[0]?.n ?? 0;
}
