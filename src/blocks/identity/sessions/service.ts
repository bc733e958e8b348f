import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import type { Queryable } from '../../../platform/db/db.js';
import type { PersonPrincipal } from '../../../platform/http/access.js';
import { readCookie, setCookie } from '../../../platform/http/cookies.js';
import { auditActor, recordAudit } from '../audit/service.js';
import { ensurePerson, grantsOf, linkLogin, markSignedIn, personById, personByEmail, personForLogin } from '../sql/people.js';
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

function sessionCookieId(request: FastifyRequest): string | undefined {
  const id = readCookie(request, SESSION_COOKIE);
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
  const previous = sessionCookieId(request);
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
  await markSignedIn(ctx.db, personId);
  await auditStaffSignIn(ctx.db, request, personId, options.method);
  setCookie(reply, SESSION_COOKIE, id, { secure: ctx.config.production, maxAge: ctx.config.sessions.absoluteSeconds });
}

/**
 * Staff sign-ins go in the council's audit log (who, when, from where, how): a council admin
 * reviewing what was done wants to see who was signed in. A resident's sign-in is not staff
 * activity and is only logged.
 */
async function auditStaffSignIn(db: Queryable, request: FastifyRequest, personId: string, method: 'email' | 'oidc'): Promise<void> {
  const councilId = request.council?.id;
  const person = await personById(db, personId);
  if (!councilId || !person) return;
  const staff = person.platform_admin || (await grantsOf(db, personId)).some((g) => g.councilId === councilId && g.role !== 'resident');
  if (!staff) return;
  // The request has no principal yet: the person signing in is the actor.
  await recordAudit(db, { ...auditActor(request), actorPersonId: personId, actorEmail: person.email, action: 'session.started', target: person.email, detail: { method } });
}

/** Sign out of this browser. Returns the provider details when the session came from OIDC (to end it there too). */
export async function endSession(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply): Promise<{ oidc?: { issuer: string; idToken: string } }> {
  const id = sessionCookieId(request);
  setCookie(reply, SESSION_COOKIE, '', { secure: ctx.config.production, maxAge: 0 });
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

/**
 * The person an OIDC login belongs to: linked before, or matched by an email the provider has
 * verified, or new. A disabled person is returned as such (the caller refuses them).
 */
export async function findOrCreatePersonForLogin(
  db: Queryable,
  login: { issuer: string; subject: string; email?: string; emailVerified?: boolean },
): Promise<{ personId: string; disabled: boolean }> {
  const linked = await personForLogin(db, login.issuer, login.subject);
  if (linked) {
    const person = await personById(db, linked);
    return { personId: linked, disabled: Boolean(person?.disabled_at) };
  }
  if (!login.email || !login.emailVerified) throw new Error('The provider did not give a verified email address');
  const person = (await personByEmail(db, login.email)) ?? (await ensurePerson(db, login.email));
  await linkLogin(db, login.issuer, login.subject, person.id);
  return { personId: person.id, disabled: Boolean(person.disabled_at) };
}

/**
 * The signed-in person of this request: from the last few seconds' cache, else one indexed
 * query (and a write of last_seen_at at most once a minute).
 */
export async function sessionPerson(ctx: PlatformContext, request: FastifyRequest): Promise<PersonPrincipal | undefined> {
  const id = sessionCookieId(request);
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
