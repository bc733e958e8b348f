import type { PlatformContext } from '../../../platform/block.js';
import { countOrganisations, organisationsByName, type OrganisationChoice } from '../../directory/index.js';
import { UUID } from '../formats.js';

/** Up to this many organisations, staff choose from a list; with more, they search by name first. */
export const ORGANISATION_SELECT_MAX = 100;
/** How many organisations a search by name offers to choose from. */
export const ORGANISATION_MATCHES = 20;

/**
 * How staff name the organisation an organisation editor edits:
 * - `select`: from a list of all the council's organisations, by name;
 * - `search`: a search by name, then a choice among the matches (many organisations; no JavaScript needed);
 * - `id`: typed as an id, when the directory block is off (no organisations to read) or holds none yet.
 */
export type OrganisationPicker = { kind: 'select'; organisations: OrganisationChoice[] } | { kind: 'search' } | { kind: 'id' };

/** The council's organisations, read through the directory block's face; undefined when the block is off. */
export class CouncilOrganisations {
  private constructor(private readonly ctx: PlatformContext) {}

  static of(ctx: PlatformContext): CouncilOrganisations | undefined {
    return ctx.config.blocks.includes('directory') ? new CouncilOrganisations(ctx) : undefined;
  }

  async picker(councilId: string): Promise<OrganisationPicker> {
    const count = await countOrganisations(this.ctx.db, councilId);
    if (!count) return { kind: 'id' };
    if (count > ORGANISATION_SELECT_MAX) return { kind: 'search' };
    return { kind: 'select', organisations: await organisationsByName(this.ctx.db, councilId, { limit: ORGANISATION_SELECT_MAX }) };
  }

  matching(councilId: string, search: string): Promise<OrganisationChoice[]> {
    return organisationsByName(this.ctx.db, councilId, { search, limit: ORGANISATION_MATCHES });
  }

  /** The names of the council's organisations with these ids (ids it does not hold are absent). */
  async names(councilId: string, ids: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()).filter((id) => UUID.test(id)))];
    if (!wanted.length) return new Map();
    const rows = await organisationsByName(this.ctx.db, councilId, { ids: wanted, limit: wanted.length });
    return new Map(rows.map((o) => [o.id, o.name]));
  }
}

/** How a role and its scope read to people: "Organisation editor (Ashdown Food Bank)". */
export function roleText(t: (key: string, vars?: Record<string, string>) => string, role: string, scope: string | null | undefined, orgNames: Map<string, string>): string {
  const name = t(`identity.role.${role}`);
  if (!scope) return name;
  return t('identity.role_scoped', { role: name, scope: orgNames.get(scope.toLowerCase()) ?? scope });
}
