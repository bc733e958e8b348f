import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import type { Queryable } from '../../../platform/db/db.js';
import type { PersonPrincipal } from '../../../platform/http/access.js';
import { readSecurityCookie, setSecurityCookie } from '../../../platform/http/cookies.js';
import { renewCsrf } from '../../../platform/web/csrf.js';
import { auditActor, recordAudit } from '../audit/service.js';
import { canonicalEmail } from '../email.js';
import { createPerson, grantsOf, linkLogin, markSignedIn, personById, personByEmail, personForLogin, type PersonRow } from '../sql/people.js';
import { endSessionRow, endSessionsForLogin, insertSession, liveSession, touchSession } from '../sql/sessions.js';

/**
 * Sessions in the database, so any number of processes can serve a person. The cookie holds a
 * random 256-bit id; the table holds only its SHA-256. A session ends when its person signs
 * out (here or everywhere), after `idleSeconds` without use, `absoluteSeconds` after sign-in,
 * or when the person is disabled.
 */
export const SESSION_COOKIE = 'hearth_session';
const ID = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is written at most this often: most requests of a session only read. */
const TOUCH_EVERY_MS = 60_000;

/** The clock sessions read (tests move it). */
export const sessionClock = { now: () => new Date() };

/**
 * Sessions resolved in the last few seconds, per process: most pages a person opens come in
 * bursts (a page, its form post, the next page), and asking the database each time is most of
 * what a session costs. Any change this process makes to sessions or roles empties it at once;
 * a change made by another process (a sign-out there, a role taken away there) is seen here
 * within `SESSION_CACHE_MS`.
 */
export const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_SIZE = 10_000;
const resolved = new Map<string, { person: PersonPrincipal; until: number; lastSeen: number }>();

/** Forget every session this process holds (after a sign-out, a role change, a disabled account). */
export function forgetCachedSessions(): void {
  resolved.clear();
}

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('base64url');

/** The session id this browser holds (`__Host-hearth_session` in production; none when it sends two). */
function sessionCookieId(ctx: PlatformContext, request: FastifyRequest): string | undefined {
  const id = readSecurityCookie(request, SESSION_COOKIE, ctx.config.production);
  return id && ID.test(id) ? id : undefined;
}

/** Sign a person in on this browser: a new session id (any previous session here ends). */
export async function startSession(
  ctx: PlatformContext,
  request: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  options: { method: 'email' | 'oidc'; oidc?: { issuer: string; sid?: string; idToken: string } },
): Promise<void> {
  const previous = sessionCookieId(ctx, request);
  if (previous) await endSessionRow(ctx.db, hashSessionId(previous));
  forgetCachedSessions();
  const id = randomBytes(32).toString('base64url');
  const now = sessionClock.now();
  const agent = request.headers['user-agent'];
  await insertSession(ctx.db, {
    idHash: hashSessionId(id),
    personId,
    method: options.method,
    expiresAt: new Date(now.getTime() + ctx.config.sessions.absoluteSeconds * 1000),
    ip: request.ip,
    userAgent: typeof agent === 'string' ? agent.slice(0, 500) : null,
    oidc: options.oidc,
  });
  await markSignedIn(ctx.db, personId, request.council?.id ?? null);
  await auditStaffSignIn(ctx.db, request, personId, options.method);
  setSecurityCookie(reply, SESSION_COOKIE, id, { production: ctx.config.production, maxAge: ctx.config.sessions.absoluteSeconds });
  // Forms are bound to the session, and a new secret makes any token planted before sign-in worthless.
  renewCsrf(reply);
}

/**
 * Staff sign-ins go in the audit log of every council the person is staff of (who, when, from
 * where, how, and through which council's pages): a council admin reviewing what was done wants
 * to see who was signed in, wherever they signed in. A platform admin's sign-in goes in the log
 * of the council they signed in through. A resident's sign-in is not staff activity and is only
 * logged.
 */
async function auditStaffSignIn(db: Queryable, request: FastifyRequest, personId: string, method: 'email' | 'oidc'): Promise<void> {
  const through = request.council;
  const person = await personById(db, personId);
  if (!person) return;
  const councils = new Set((await grantsOf(db, personId)).filter((g) => g.role !== 'resident').map((g) => g.councilId));
  if (person.platform_admin && through) councils.add(through.id);
  for (const councilId of councils) {
    const detail = councilId === through?.id ? { method } : { method, through: through?.slug ?? null };
    // The request has no principal yet: the person signing in is the actor.
    await recordAudit(db, { ...auditActor(request), councilId, actorPersonId: personId, actorEmail: person.email, action: 'session.started', target: person.email, detail });
  }
}

/** Sign out of this browser. Returns the provider details when the session came from OIDC (to end it there too). */
export async function endSession(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply): Promise<{ oidc?: { issuer: string; idToken: string } }> {
  const id = sessionCookieId(ctx, request);
  setSecurityCookie(reply, SESSION_COOKIE, '', { production: ctx.config.production, maxAge: 0 });
  renewCsrf(reply);
  forgetCachedSessions();
  if (!id) return {};
  const ended = await endSessionRow(ctx.db, hashSessionId(id));
  return ended?.oidc_issuer && ended.oidc_id_token ? { oidc: { issuer: ended.oidc_issuer, idToken: ended.oidc_id_token } } : {};
}

/** Back-channel logout: end the sessions a provider names. */
export function endSessionsForOidc(db: Queryable, logout: { issuer: string; sub?: string; sid?: string }): Promise<number> {
  forgetCachedSessions();
  return endSessionsForLogin(db, logout.issuer, logout.sub, logout.sid);
}

export type LoginPerson =
  | { kind: 'person'; personId: string; disabled: boolean }
  /** The login's verified email is this person's, but they never linked this login: they must confirm first. */
  | { kind: 'confirm'; person: PersonRow };

/**
 * The person an OIDC login belongs to: the one it was linked to before, or a new person with the
 * provider's verified email. A person who already has that email is never signed in on the
 * provider's word alone (a provider's idea of a verified address is not proof of holding that
 * mailbox): `confirm`, and the caller asks them to confirm by email. A disabled person is
 * returned as such (the caller refuses them).
 */
export async function findOrCreatePersonForLogin(
  db: Queryable,
  login: { issuer: string; subject: string; email?: string; emailVerified?: boolean },
): Promise<LoginPerson> {
  const linked = await personForLogin(db, login.issuer, login.subject);
  if (linked) {
    const person = await personById(db, linked);
    return { kind: 'person', personId: linked, disabled: Boolean(person?.disabled_at) };
  }
  if (!login.email || !login.emailVerified) throw new Error('The provider did not give a verified email address');
  const email = canonicalEmail(login.email);
  if (!email) throw new Error('The provider gave an email address Hearth cannot use');
  const existing = await personByEmail(db, email);
  if (existing) return { kind: 'confirm', person: existing };
  const person = await createPerson(db, email);
  // Created by another sign-in since the look-up a moment ago: theirs, so confirm.
  if (!person) return { kind: 'confirm', person: (await personByEmail(db, email))! };
  await linkLogin(db, login.issuer, login.subject, person.id);
  return { kind: 'person', personId: person.id, disabled: Boolean(person.disabled_at) };
}

/**
 * The signed-in person of this request: from the last few seconds' cache, else one indexed
 * query (and a write of last_seen_at at most once a minute).
 */
export async function sessionPerson(ctx: PlatformContext, request: FastifyRequest): Promise<PersonPrincipal | undefined> {
  const id = sessionCookieId(ctx, request);
  if (!id) return undefined;
  const idHash = hashSessionId(id);
  const now = sessionClock.now();
  const held = resolved.get(idHash);
  // The clock may move backwards in tests: a cached entry counts only inside its own window.
  if (held && now.getTime() < held.until && now.getTime() >= held.until - SESSION_CACHE_MS && now.getTime() - held.lastSeen <= TOUCH_EVERY_MS) {
    return held.person;
  }
  const live = await liveSession(ctx.db, idHash, now, ctx.config.sessions.idleSeconds);
  if (!live) {
    resolved.delete(idHash);
    return undefined;
  }
  let lastSeen = new Date(live.last_seen_at).getTime();
  if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
    await touchSession(ctx.db, idHash, now);
    lastSeen = now.getTime();
  }
  const person: PersonPrincipal = {
    kind: 'person',
    personId: live.person_id,
    email: live.email,
    displayName: live.display_name,
    sessionId: idHash,
    platformAdmin: live.platform_admin,
    grants: live.grants,
  };
  if (resolved.size >= SESSION_CACHE_SIZE) resolved.delete(resolved.keys().next().value!);
  resolved.set(idHash, { person, until: now.getTime() + SESSION_CACHE_MS, lastSeen });
  return person;
}
