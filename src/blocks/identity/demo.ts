import type { Db } from '../../platform/db/db.js';
import { registerClient } from './partners/service.js';
import { addGrant, ensurePerson } from './sql/people.js';

/** The demo council's admin: sign in as them by email link (the link is printed on the console). */
export const DEMO_ADMIN_EMAIL = 'admin@ashdown.example';

/** The demo's partner system: a housing association that residents share their address with. */
export const DEMO_PARTNER_NAME = 'Ashdown Homes Housing Association';

export async function seedDemoIdentity(db: Db, councilId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const admin = await ensurePerson(tx, DEMO_ADMIN_EMAIL, 'Demo council admin');
    await addGrant(tx, { councilId, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
  });
  // A partner system with a client secret, printed once like the admin's sign-in link, so a
  // developer can call the partner APIs (the vault's /api/vault/…) with a real token.
  const { client, secret } = await registerClient(db, { councilId }, {
    name: DEMO_PARTNER_NAME,
    description: 'Manages tenancies and repairs for Ashdown’s social housing.',
    authMethod: 'client_secret',
    scopes: ['partner.read', 'vault.read', 'vault.write'],
  });
  process.stdout.write(
    `\nDemo partner system "${client.name}": client id ${client.clientId}, client secret ${secret} (shown once; get a token at /oauth/token with client_credentials).\n`,
  );
}
