import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { listCouncils } from '../../../platform/councils.js';
import { csrfToken } from '../../../platform/web/csrf.js';
import { endOwnSession, endSessionsOfPerson, liveSessionsOf } from '../sql/sessions.js';
import { endSession, forgetCachedSessions, sessionClock } from '../sessions/service.js';
import { bodyOf, CSRF_FIELD, formatWhen, page, str } from './common.js';

/** Your account: your roles in each council, your sessions, sign out one or everywhere. */
export function registerAccount(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;

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
      entry.roles.push(g.scope ? t('identity.role_scoped', { role: t(`identity.role.${g.role}`), scope: g.scope }) : t(`identity.role.${g.role}`));
      byCouncil.set(g.councilId, entry);
    }
    const sessions = await liveSessionsOf(ctx.db, person.personId, sessionClock.now(), ctx.config.sessions.idleSeconds);
    const query = request.query as Record<string, unknown>;
    return reply.page('identity-account.njk', {
      title: t('identity.account.title'),
      person,
      platformAdmin: person.platformAdmin,
      councils: [...byCouncil.values()],
      adminHref: request.may('identity.admin') ? `${request.basePath}/admin/people` : undefined,
      auditHref: request.may('audit.read') ? `${request.basePath}/admin/audit` : undefined,
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
