import type { Db } from '../../platform/db/db.js';
import { addGrant, ensurePerson } from './sql/people.js';

/** The demo council's admin: sign in as them by email link (the link is printed on the console). */
export const DEMO_ADMIN_EMAIL = 'admin@ashdown.example';

export async function seedDemoIdentity(db: Db, councilId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const admin = await ensurePerson(tx, DEMO_ADMIN_EMAIL, 'Demo council admin');
    await addGrant(tx, { councilId, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
  });
}
