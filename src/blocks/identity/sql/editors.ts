import type { Queryable } from '../../../platform/db/db.js';

/**
 * The people who keep an organisation's listings right: those with the organisation_editor
 * role scoped to it in this council, not disabled, by email. (Language is not known for a
 * person yet: `locale` is null until it is.)
 */
export async function organisationEditors(db: Queryable, councilId: string, organisationId: string): Promise<{ personId: string; email: string; locale: 'en' | 'cy' | null }[]> {
  const { rows } = await db.query<{ id: string; email: string }>(
    `SELECT DISTINCT p.id, p.email FROM role_grant g JOIN person p ON p.id = g.person_id
      WHERE g.council_id = $1 AND g.role = 'organisation_editor' AND lower(g.scope) = lower($2) AND p.disabled_at IS NULL
      ORDER BY p.email`,
    [councilId, organisationId],
  );
  return rows.map((r) => ({ personId: r.id, email: r.email, locale: null }));
}
