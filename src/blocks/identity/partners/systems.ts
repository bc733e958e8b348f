import type { Queryable } from '../../../platform/db/db.js';
import { selectClientByClientId, selectClients } from './sql.js';

/** A partner system as other blocks name it (the vault offers them to residents to grant access to). */
export interface PartnerSystem {
  clientId: string;
  name: string;
  description: string | null;
  scopes: string[];
}

/** One of the council's partner systems by its client id, if it exists and is not disabled (one row, for a partner's every request). */
export async function partnerSystemOf(db: Queryable, councilId: string, clientId: string): Promise<PartnerSystem | undefined> {
  const c = await selectClientByClientId(db, councilId, clientId);
  return c && !c.disabled_at ? { clientId: c.client_id, name: c.name, description: c.description, scopes: c.scopes } : undefined;
}

/** The council's partner systems that are not disabled, by name. */
export async function partnerSystemsOf(db: Queryable, councilId: string): Promise<PartnerSystem[]> {
  return (await selectClients(db, councilId))
    .filter((c) => !c.disabled_at)
    .map((c) => ({ clientId: c.client_id, name: c.name, description: c.description, scopes: c.scopes }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
