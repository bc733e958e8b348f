import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { listCouncils } from '../../../platform/councils.js';
import { csrfToken } from '../../../platform/web/csrf.js';
import { endOwnSession, endSessionsOfPerson, liveSessionsOf } from '../sql/sessions.js';
import { endSession, forgetCachedSessions, sessionClock } from '../sessions/service.js';
import { hasAdminEntry } from './admin.js';
import { bodyOf, CSRF_FIELD, formatWhen, page, str } from './common.js';
import { CouncilOrganisations, roleText } from './organisations.js';

/** Your account: your roles in each council, your sessions, sign out one or everywhere. */
export function registerAccount(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const organisations = CouncilOrganisations.of(ctx);

  app.get('/account', page({ signedIn: true }), async (request, reply) => {
    const person = request.principal!;
    if (person.kind !== 'person') return reply.code(403).send();
    const { t } = request;
    const councils = new Map((await listCouncils(ctx.db)).map((c) => [c.id, c]));
    const byCouncil = new Map<string, { name: string; href: string; roles: string[] }>();
    for (const g of person.grants) {
      const council = councils.get(g.councilId);
      if (!council) continue;
      const entry = byCouncil.get(g.councilId) ?? { name: council.name, href: council.isDefault ? '/' : `/c/${council.slug}`, roles: [] };
      // An organisation editor's organisation by its name, as the council's directory has it.
      const names = g.role === 'organisation_editor' && g.scope && organisations ? await organisations.names(g.councilId, [g.scope]) : new Map<string, string>();
      entry.roles.push(roleText(t, g.role, g.scope, names));
      byCouncil.set(g.councilId, entry);
    }
    const sessions = await liveSessionsOf(ctx.db, person.personId, sessionClock.now(), ctx.config.sessions.idleSeconds);
    const query = request.query as Record<string, unknown>;
    return reply.page('identity-account.njk', {
      title: t('identity.account.title'),
      person,
      platformAdmin: person.platformAdmin,
      councils: [...byCouncil.values()],
      adminHref: hasAdminEntry(request) ? `${request.basePath}/admin` : undefined,
      // The resident's single view (or, without it, their record), when the vault block is on (its route exists).
      recordHref: app.declaredAccess('/my-hearth') ? `${request.basePath}/my-hearth` : app.declaredAccess('/my-record') ? `${request.basePath}/my-record` : undefined,
      sessions: sessions.map((s) => ({
        id: s.id_hash,
        current: s.id_hash === person.sessionId,
        method: t(`identity.account.method.${s.method}`),
        started: formatWhen(request, s.created_at),
        lastSeen: formatWhen(request, s.last_seen_at),
        device: (s.user_agent ?? t('identity.account.unknown_device')).slice(0, 120),
      })),
      ended: query.ended === '1',
      base: request.basePath,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  });

  app.post('/account/sessions/end', page({ signedIn: true }), async (request, reply) => {
    const person = request.principal!;
    if (person.kind !== 'person') return reply.code(403).send();
    const id = str(bodyOf(request).session);
    if (id === person.sessionId) {
      await endSession(ctx, request, reply);
      return reply.redirect(`${request.basePath}/signed-out`, 303);
    }
    await endOwnSession(ctx.db, person.personId, id);
    forgetCachedSessions();
    return reply.redirect(`${request.basePath}/account?ended=1`, 303);
  });

  app.post('/account/sign-out-everywhere', page({ signedIn: true }), async (request, reply) => {
    const person = request.principal!;
    if (person.kind !== 'person') return reply.code(403).send();
    await endSession(ctx, request, reply);
    const ended = await endSessionsOfPerson(ctx.db, person.personId);
    forgetCachedSessions();
    request.log.info({ person: person.personId, ended }, 'signed out everywhere');
    return reply.redirect(`${request.basePath}/signed-out?everywhere=1`, 303);
  });
}
