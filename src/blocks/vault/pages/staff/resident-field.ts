import type { FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { EMAIL, MAX_EMAIL, personByEmail } from '../../../identity/index.js';
import { authorityOfTeam } from '../../sql/staff.js';
import { str, teamOf, UUID } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * Which resident a team's form is about: one the team already sees (the form opened from their
 * page carries their id), or anyone, by the email address they sign in with.
 */
export type ResidentChoice = { residentId: string; known: true } | { residentId: string; known: false; email: string } | { problem: 'email_missing' | 'email_invalid' | 'email_unknown' };

export async function residentChosen(ctx: PlatformContext, request: FastifyRequest, body: Record<string, unknown>): Promise<ResidentChoice> {
  const id = str(body.resident);
  if (UUID.test(id)) {
    // Only a resident the team sees now is named by id; anyone else is found by their address.
    const authorities = await inCouncil(ctx.db, request.council.id, (tx) => authorityOfTeam(tx, request.council.id, teamOf(request), id.toLowerCase(), new Date()));
    if (authorities.length) return { residentId: id.toLowerCase(), known: true as const };
  }
  const email = str(body.email).trim();
  if (!email) return { problem: 'email_missing' };
  if (email.length > MAX_EMAIL || !EMAIL.test(email)) return { problem: 'email_invalid' };
  const person = await personByEmail(ctx.db, email);
  if (!person || person.disabled_at) return { problem: 'email_unknown' };
  return { residentId: person.id, known: false as const, email: person.email };
}
