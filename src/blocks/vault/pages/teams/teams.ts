import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { notFound } from '../../../../platform/http/problem.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { auditActor } from '../../../identity/index.js';
import { addTeam, changeTeam, retireTeam, TeamRefused, teamOfCode, teamsOf, type TeamInput, type TeamProblems } from '../../teams.js';
import { bodyOf, page, str } from '../grants/common.js';

/**
 * `/admin/vault/teams`: the council teams residents can give access to. A council admin adds
 * one (its code is the team scope of its request handlers' role, and cannot change later: grants
 * and roles name it), changes its names, descriptions and address, and retires or restores it.
 */

const ADMIN = page({ action: 'identity.admin' });
const FIELDS = ['code', 'name_en', 'name_cy', 'description_en', 'description_cy', 'contact_email'] as const;

const inputOf = (body: Record<string, unknown>): TeamInput => ({
  code: str(body.code),
  nameEn: str(body.name_en),
  nameCy: str(body.name_cy),
  descriptionEn: str(body.description_en),
  descriptionCy: str(body.description_cy),
  contactEmail: str(body.contact_email),
});

export function registerTeamPages(app: FastifyInstance, ctx: PlatformContext): void {
  const list = (request: FastifyRequest) => `${request.basePath}/admin/vault/teams`;
  const teamHref = (request: FastifyRequest, code: string) => `${list(request)}/${encodeURIComponent(code)}`;
  const actorOf = (request: FastifyRequest) => {
    const { councilId: _council, ...actor } = auditActor(request);
    return actor;
  };

  app.get('/admin/vault/teams', ADMIN, async (request, reply) => {
    const { t } = request;
    const teams = await teamsOf(ctx.db, request.council.id);
    const done = str((request.query as Record<string, unknown>).done);
    return reply.page('vault-teams-list.njk', {
      title: t('vault.teams.title'),
      done: ['added', 'changed', 'retired', 'restored'].includes(done) ? t(`vault.teams.done.${done}`) : undefined,
      teams: teams.map((team) => ({
        code: team.code,
        name: request.locale === 'cy' ? team.name.cy : team.name.en,
        email: team.contactEmail,
        status: t(team.retired ? 'vault.teams.status.retired' : 'vault.teams.status.current'),
        href: teamHref(request, team.code),
      })),
      newHref: `${list(request)}/new`,
      adminHref: `${request.basePath}/admin`,
    });
  });

  function renderForm(request: FastifyRequest, reply: FastifyReply, input: TeamInput, problems: TeamProblems, existing?: { code: string; retired: boolean }) {
    const { t } = request;
    const fieldErrors = Object.fromEntries(Object.entries(problems).map(([field, code]) => [field, t(`vault.teams.error.${code}`)]));
    return reply.page('vault-teams-form.njk', {
      title: existing ? t('vault.teams.change.title', { code: existing.code }) : t('vault.teams.new.title'),
      errors: FIELDS.filter((f) => fieldErrors[f]).map((f) => ({ text: fieldErrors[f], href: `#${f}` })),
      fieldErrors,
      values: { code: input.code, name_en: input.nameEn, name_cy: input.nameCy, description_en: input.descriptionEn, description_cy: input.descriptionCy, contact_email: input.contactEmail },
      existing,
      formAction: existing ? teamHref(request, existing.code) : `${list(request)}/new`,
      retireAction: existing ? `${teamHref(request, existing.code)}/retire` : undefined,
      listHref: list(request),
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply),
    });
  }

  app.get('/admin/vault/teams/new', ADMIN, async (request, reply) =>
    renderForm(request, reply, { code: '', nameEn: '', nameCy: '', descriptionEn: '', descriptionCy: '', contactEmail: '' }, {}),
  );

  app.post('/admin/vault/teams/new', ADMIN, async (request, reply) => {
    const input = inputOf(bodyOf(request));
    try {
      await addTeam(ctx.db, request.council.id, actorOf(request), input);
    } catch (error) {
      if (!(error instanceof TeamRefused)) throw error;
      return renderForm(request, reply.code(400), input, error.problems);
    }
    return reply.redirect(`${list(request)}?done=added`, 303);
  });

  async function teamFor(request: FastifyRequest) {
    const { code } = request.params as { code: string };
    const team = await teamOfCode(ctx.db, request.council.id, code);
    if (!team) throw notFound();
    return team;
  }

  app.get('/admin/vault/teams/:code', ADMIN, async (request, reply) => {
    const team = await teamFor(request);
    return renderForm(
      request,
      reply,
      { code: team.code, nameEn: team.name.en, nameCy: team.name.cy, descriptionEn: team.description.en, descriptionCy: team.description.cy, contactEmail: team.contactEmail },
      {},
      { code: team.code, retired: team.retired },
    );
  });

  app.post('/admin/vault/teams/:code', ADMIN, async (request, reply) => {
    const team = await teamFor(request);
    const input = { ...inputOf(bodyOf(request)), code: team.code };
    try {
      if (!(await changeTeam(ctx.db, request.council.id, actorOf(request), team.code, input))) throw notFound();
    } catch (error) {
      if (!(error instanceof TeamRefused)) throw error;
      return renderForm(request, reply.code(400), input, error.problems, { code: team.code, retired: team.retired });
    }
    return reply.redirect(`${list(request)}?done=changed`, 303);
  });

  app.post('/admin/vault/teams/:code/retire', ADMIN, async (request, reply) => {
    const team = await teamFor(request);
    const retire = str(bodyOf(request).retired) !== 'no';
    // Already so (a second click): nothing to do, and the same answer.
    await retireTeam(ctx.db, request.council.id, actorOf(request), team.code, retire);
    return reply.redirect(`${list(request)}?done=${retire ? 'retired' : 'restored'}`, 303);
  });
}
