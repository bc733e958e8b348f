import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { importOruk } from '../../../../src/blocks/directory/index.js';
import { needTaxonomyTerm, topLevelNeeds, needTerms } from '../../../../src/blocks/directory/demo/taxonomy.js';
import type { Service } from '../../../../src/blocks/directory/oruk/schemas.js';
import type { TestHearth } from '../../../support/app.js';

/** A readable uuid: kind, number. */
export const sid = (kind: number, n: number) => `00000000-0000-4000-8${String(kind).padStart(3, '0')}-${String(n).padStart(12, '0')}`;

export const ORG_LUNCH = { id: sid(1, 1), name: 'Ashby Lunch Club', description: 'Lunches for older people.', email: 'hello@lunch.example.org' };
export const ORG_ADVICE = { id: sid(1, 2), name: 'Riverside Advice', description: 'Free debt advice.', email: 'office@advice.example.org' };
export const ORG_SILENT = { id: sid(1, 3), name: 'Quiet Group', description: 'No address of its own.' };

/** Two top-level needs of Hearth's taxonomy and a term under the first, for categories. */
export function needs() {
  const [first, second] = topLevelNeeds();
  const child = needTerms().find((t) => t.parent_id === first.id)!;
  return { first, second, child };
}

const service = (n: number, name: string, organization: Service['organization'], terms: ReturnType<typeof needTaxonomyTerm>[]): Service => ({
  id: sid(100, n),
  name,
  description: `${name}: a test listing.`,
  status: 'active',
  organization,
  attributes: terms.map((taxonomy_term, i) => ({ id: sid(200 + n, i + 1), taxonomy_term })),
});

/** Five services: three of the lunch club, one of the advice service, one of a group with no email. */
export async function seedListings(hearth: TestHearth): Promise<void> {
  const { first, second, child } = needs();
  const services: Service[] = [
    service(1, 'Thursday Lunch', ORG_LUNCH, [needTaxonomyTerm(child)]),
    service(2, 'Sunday Tea', ORG_LUNCH, [needTaxonomyTerm(first)]),
    service(3, 'Lunch Deliveries', ORG_LUNCH, [needTaxonomyTerm(second)]),
    service(4, 'Debt Clinic', ORG_ADVICE, [needTaxonomyTerm(second)]),
    service(5, 'Quiet Walks', ORG_SILENT, []),
  ];
  await importOruk(hearth.db, hearth.council.id, services);
}

/** Set when a listing was last checked and last changed (the fixture's own dates are replaced). */
export async function setChecked(hearth: TestHearth, n: number, lastChecked: string | null, lastModified = '2020-01-01T12:00:00Z'): Promise<void> {
  await hearth.db.query('UPDATE service SET last_checked = $3, assured_date = ($3::timestamptz AT TIME ZONE \'Europe/London\')::date, last_modified = $4 WHERE council_id = $1 AND id = $2', [
    hearth.council.id,
    sid(100, n),
    lastChecked,
    lastModified,
  ]);
}

/** A person with a role in the test council. */
export async function grant(hearth: TestHearth, email: string, role: string, scope = ''): Promise<void> {
  const person = await ensurePerson(hearth.db, email);
  await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role, scope, grantedBy: null });
}

/** The "still correct" links in a message body, by service name. */
export function linksIn(body: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const m of body.matchAll(/^(.+) \([^)]*\):\n(\S+\/still-correct\?token=[A-Za-z0-9_-]+)$/gm)) if (!links.has(m[1])) links.set(m[1], m[2]);
  return links;
}
