import type { Queryable } from '../../../platform/db/db.js';
import { selectClients } from './sql.js';

/** A partner system as other blocks name it (the vault offers them to residents to grant access to). */
export interface PartnerSystem {
  clientId: string;
  name: string;
  description: string | null;
  scopes: string[];
}

/** The council's partner systems that are not disabled, by name. */
export async function partnerSystemsOf(db: Queryable, councilId: string): Promise<PartnerSystem[]> {
  return (await selectClients(db, councilId))
    .filter((c) => !c.disabled_at)
    .map((c) => ({ clientId: c.client_id, name: c.name, description: c.description, scopes: c.scopes }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
