import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { claimSubmission, newFormId, ONCE_FIELD, rememberAnswer, releaseSubmission } from '../../../platform/http/form-once.js';
import { CSRF_FIELD, csrfToken } from '../../../platform/web/csrf.js';
import { auditActor } from '../audit/service.js';
import { UUID } from '../formats.js';
import type { PartnerActor } from './audit.js';
import { partnerIssuer } from './issuer.js';
import { KNOWN_PARTNER_SCOPES } from './scopes.js';
import { holdSecret, takeSecret } from './shown-once.js';
import { adminEntries } from '../pages/admin.js';
import {
  disableClient,
  getClient,
  listClients,
  PartnerInputError,
  registerClient,
  rotateSecret,
  rotateSigningKey,
  type PartnerAuthMethod,
  type PartnerClient,
} from './service.js';

/** Who may manage partner systems: the platform checks it on every admin route. */
export const MANAGE_PARTNERS = { action: 'identity.partners.manage' } as const;
const ADMIN = { config: { html: true, access: MANAGE_PARTNERS } as object };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const code = (s: string) => ({ html: `<code>${escapeHtml(s)}</code>` });

interface FormValues {
  name: string;
  description: string;
  auth_method: string;
  jwks: string;
  jwks_uri: string;
  scopes: string[];
}

/** The person acting, as the platform's access check resolved them, and from where. */
function actorOf(request: FastifyRequest): PartnerActor {
  const a = auditActor(request);
  return {
    councilId: request.council.id,
    ...(a.actorPersonId ? { personId: a.actorPersonId } : {}),
    ...(a.actorEmail ? { email: a.actorEmail } : {}),
    ...(a.ip ? { ip: a.ip } : {}),
    ...(a.userAgent ? { userAgent: a.userAgent } : {}),
  };
}

function formatDate(request: FastifyRequest, date: Date): string {
  return new Intl.DateTimeFormat(request.locale === 'cy' ? 'cy-GB' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  }).format(date);
}

function notFoundPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).page('error.njk', { title: request.t('error.not_found_title'), body: request.t('error.not_found_body') });
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The admin pages for partner systems, under /admin/partners: the list, register, a client's
 * details, disable, new secret. Registering and making a new secret redirect to a page that
 * shows the secret once (post/redirect/get: a reload neither registers again nor shows the
 * secret again; see shown-once.ts). Every route declares `identity.partners.manage`; every form
 * carries the CSRF token (the platform checks it on every page POST).
 */
export function registerPartnerPages(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const paths = (request: FastifyRequest) => {
    const list = `${request.basePath}/admin/partners`;
    return { list, new: `${list}/new`, client: (id: string) => `${list}/${id}`, registered: (id: string) => `${list}/${id}/registered`, newSecret: (id: string) => `${list}/${id}/new-secret` };
  };

  async function clientFor(request: FastifyRequest): Promise<PartnerClient | undefined> {
    const { id } = request.params as { id: string };
    return UUID.test(id) ? getClient(ctx.db, request.council.id, id.toLowerCase()) : undefined;
  }

  app.get('/admin/partners', ADMIN, async (request, reply) => {
    const { t } = request;
    const p = paths(request);
    const clients = await listClients(ctx.db, request.council.id);
    const issuer = partnerIssuer(ctx.config, request);
    reply.header('cache-control', 'no-store');
    return reply.page('partners-list.njk', {
      title: t('identity.partners.title'),
      base: request.basePath,
      done: (request.query as Record<string, unknown>).done === 'key-rotated' ? t('identity.partners.keys.done') : undefined,
      rotateKeyHref: `${p.list}/rotate-signing-key`,
      newHref: p.new,
      clients: clients.map((c) => ({ ...c, href: p.client(c.id), disabled: Boolean(c.disabledAt) })),
      adminNav: adminEntries(request),
      endpointRows: [
        { key: { text: t('identity.partners.endpoint.token') }, value: code(`${issuer}/oauth/token`) },
        { key: { text: t('identity.partners.endpoint.issuer') }, value: code(issuer) },
        { key: { text: t('identity.partners.endpoint.jwks') }, value: code(`${issuer}/oauth/jwks.json`) },
      ],
    });
  });

  function renderNew(request: FastifyRequest, reply: FastifyReply, values: FormValues, codes: Record<string, string>) {
    const { t } = request;
    const fieldErrors = Object.fromEntries(Object.entries(codes).map(([field, c]) => [field, t(`identity.partners.error.${c}`)]));
    // The summary links to the first input of each field (GOV.UK: radios and checkboxes by their first item).
    const anchor = (field: string) => (field === 'auth_method' ? 'auth_method' : field === 'scopes' ? 'scopes' : field);
    const order = ['name', 'description', 'auth_method', 'jwks', 'jwks_uri', 'scopes'];
    const errors = order.filter((f) => fieldErrors[f]).map((f) => ({ text: fieldErrors[f], href: `#${anchor(f)}` }));
    reply.header('cache-control', 'no-store');
    return reply.page('partners-new.njk', {
      title: t('identity.partners.new.title'),
      errors,
      fieldErrors,
      values,
      listHref: paths(request).list,
      formAction: paths(request).new,
      scopeItems: KNOWN_PARTNER_SCOPES.map((s) => ({ value: s, text: t(`identity.partners.scope.${s}`) })),
      onceField: ONCE_FIELD,
      formId: newFormId(),
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  app.get('/admin/partners/new', ADMIN, async (request, reply) =>
    renderNew(request, reply, { name: '', description: '', auth_method: '', jwks: '', jwks_uri: '', scopes: [] }, {}),
  );

  app.post('/admin/partners/new', ADMIN, async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    // Registering twice from one form (a double click) would make two partner systems.
    const claim = await claimSubmission(ctx.db, request, body);
    if (!claim.first) return reply.redirect(claim.answer ?? paths(request).list, 303);
    const rawScopes = Array.isArray(body.scopes) ? body.scopes : body.scopes === undefined ? [] : [body.scopes];
    const values: FormValues = {
      name: str(body.name),
      description: str(body.description).replace(/\r\n/g, '\n'),
      auth_method: str(body.auth_method),
      jwks: str(body.jwks),
      jwks_uri: str(body.jwks_uri),
      scopes: rawScopes.map(str).filter(Boolean),
    };
    const codes: Record<string, string> = {};
    if (values.scopes.some((s) => !KNOWN_PARTNER_SCOPES.includes(s))) codes.scopes = 'scopes_invalid';
    const method = values.auth_method === 'client_secret' || values.auth_method === 'private_key_jwt' ? (values.auth_method as PartnerAuthMethod) : undefined;
    let result: Awaited<ReturnType<typeof registerClient>> | undefined;
    try {
      // The service checks everything else; without a method it still reports the other fields.
      result = await registerClient(ctx.db, actorOf(request), {
        name: values.name,
        description: values.description,
        authMethod: method ?? ('none' as PartnerAuthMethod),
        jwks: values.jwks,
        jwksUri: values.jwks_uri,
        scopes: codes.scopes ? [] : values.scopes,
      });
    } catch (error) {
      if (!(error instanceof PartnerInputError)) throw error;
      Object.assign(codes, error.errors, codes.scopes ? { scopes: codes.scopes } : {});
    }
    if (!result || Object.keys(codes).length) {
      await releaseSubmission(ctx.db, claim.formId);
      return renderNew(request, reply.code(400), values, codes);
    }
    if (result.secret) holdSecret(request, reply, result.client.id, { secret: result.secret, rotated: false }, secure);
    const answer = paths(request).registered(result.client.id);
    await rememberAnswer(ctx.db, claim.formId, answer);
    return reply.redirect(answer, 303);
  });

  /**
   * After registering, or making a new secret: the secret, the one time this session asks.
   * Without it (a reload, another browser, too late) the page says it was shown once.
   */
  function showOnce(page: 'registered' | 'new-secret') {
    app.get(`/admin/partners/:id/${page}`, ADMIN, async (request, reply) => {
      const client = await clientFor(request);
      if (!client) return notFoundPage(request, reply);
      const held = client.authMethod === 'client_secret' ? takeSecret(request, reply, client.id, secure) : undefined;
      const rotated = page === 'new-secret';
      // A client without a secret has nothing to show again: its page only says it is registered.
      if (rotated && client.authMethod !== 'client_secret') return notFoundPage(request, reply);
      return renderSecret(request, reply, client, held?.secret, rotated, client.authMethod === 'client_secret' && !held);
    });
  }
  showOnce('registered');
  showOnce('new-secret');

  function renderSecret(request: FastifyRequest, reply: FastifyReply, client: PartnerClient, secret: string | undefined, rotated: boolean, gone = false) {
    const { t } = request;
    const issuer = partnerIssuer(ctx.config, request);
    const rows = [
      { key: { text: t('identity.partners.col.client_id') }, value: code(client.clientId) },
      ...(secret ? [{ key: { text: t('identity.partners.secret.label') }, value: code(secret) }] : []),
      { key: { text: t('identity.partners.col.method') }, value: { text: t(`identity.partners.method.${client.authMethod}`) } },
      { key: { text: t('identity.partners.col.scopes') }, value: { text: client.scopes.join(', ') } },
      { key: { text: t('identity.partners.endpoint.token') }, value: code(`${issuer}/oauth/token`) },
    ];
    // The secret is on this page only: never cached, never in a URL.
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return reply.page('partners-secret.njk', {
      title: t(gone ? 'identity.partners.secret.gone_title' : rotated ? 'identity.partners.secret.rotated_title' : 'identity.partners.secret.registered_title'),
      client,
      secret,
      rotated,
      gone,
      rotateHref: !client.disabledAt ? `${paths(request).client(client.id)}/rotate-secret` : undefined,
      rows,
      clientHref: paths(request).client(client.id),
      listHref: paths(request).list,
    });
  }

  app.get('/admin/partners/:id', ADMIN, async (request, reply) => {
    const client = await clientFor(request);
    if (!client) return notFoundPage(request, reply);
    const { t } = request;
    const p = paths(request);
    const keys = client.jwks?.keys.map((k) => `${String(k.kid ?? '')} ${String(k.kty)}${k.crv ? ` ${String(k.crv)}` : ''}`.trim()) ?? [];
    const rows = [
      { key: { text: t('identity.partners.col.client_id') }, value: code(client.clientId) },
      ...(client.description ? [{ key: { text: t('identity.partners.client.description') }, value: { text: client.description } }] : []),
      { key: { text: t('identity.partners.col.method') }, value: { text: t(`identity.partners.method.${client.authMethod}`) } },
      { key: { text: t('identity.partners.col.scopes') }, value: { text: client.scopes.join(', ') } },
      ...(client.jwks ? [{ key: { text: t('identity.partners.client.keys') }, value: { html: keys.map((k) => `<code>${escapeHtml(k)}</code>`).join('<br>') } }] : []),
      ...(client.jwksUri ? [{ key: { text: t('identity.partners.client.keys_uri') }, value: code(client.jwksUri) }] : []),
      { key: { text: t('identity.partners.client.created') }, value: { text: formatDate(request, client.createdAt) } },
      ...(client.secretSetAt ? [{ key: { text: t('identity.partners.client.secret_set') }, value: { text: formatDate(request, client.secretSetAt) } }] : []),
      {
        key: { text: t('identity.partners.col.status') },
        value: { text: client.disabledAt ? `${t('identity.partners.status.disabled')} (${formatDate(request, client.disabledAt)})` : t('identity.partners.status.active') },
      },
    ];
    const done = (request.query as Record<string, unknown>).done === 'disabled' ? t('identity.partners.client.done_disabled') : undefined;
    reply.header('cache-control', 'no-store');
    return reply.page('partners-client.njk', {
      title: client.name,
      client,
      rows,
      done,
      listHref: p.list,
      rotateHref: `${p.client(client.id)}/rotate-secret`,
      disableHref: `${p.client(client.id)}/disable`,
    });
  });

  app.get('/admin/partners/rotate-signing-key', ADMIN, async (request, reply) => {
    const { t } = request;
    const list = paths(request).list;
    return reply.page('partners-confirm.njk', {
      title: t('identity.partners.keys.title'),
      body: t('identity.partners.keys.body'),
      submitText: t('identity.partners.keys.submit'),
      warning: false,
      clientHref: list,
      formAction: `${list}/rotate-signing-key`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  });

  app.post('/admin/partners/rotate-signing-key', ADMIN, async (request, reply) => {
    await rotateSigningKey(ctx.db, actorOf(request));
    return reply.redirect(`${paths(request).list}?done=key-rotated`, 303);
  });

  /** A "are you sure?" page for an action on one client. */
  function confirmRoutes(action: 'disable' | 'rotate-secret', messages: 'disable' | 'rotate', allowed: (c: PartnerClient) => boolean, act: (request: FastifyRequest, reply: FastifyReply, client: PartnerClient) => Promise<FastifyReply>) {
    app.get(`/admin/partners/:id/${action}`, ADMIN, async (request, reply) => {
      const client = await clientFor(request);
      if (!client || !allowed(client)) return notFoundPage(request, reply);
      const { t } = request;
      const clientHref = paths(request).client(client.id);
      return reply.page('partners-confirm.njk', {
        title: t(`identity.partners.${messages}.title`, { name: client.name }),
        body: t(`identity.partners.${messages}.body`),
        submitText: t(`identity.partners.${messages}.submit`),
        warning: action === 'disable',
        clientHref,
        formAction: `${clientHref}/${action}`,
        csrfField: CSRF_FIELD,
        csrfToken: csrfToken(request, reply, { secure }),
      });
    });
    app.post(`/admin/partners/:id/${action}`, ADMIN, async (request, reply) => {
      const client = await clientFor(request);
      if (!client || !allowed(client)) return notFoundPage(request, reply);
      return act(request, reply, client);
    });
  }

  confirmRoutes('disable', 'disable', (c) => !c.disabledAt, async (request, reply, client) => {
    const done = await disableClient(ctx.db, actorOf(request), client.id);
    if (!done) return notFoundPage(request, reply);
    return reply.redirect(`${paths(request).client(client.id)}?done=disabled`, 303);
  });

  confirmRoutes('rotate-secret', 'rotate', (c) => !c.disabledAt && c.authMethod === 'client_secret', async (request, reply, client) => {
    const rotated = await rotateSecret(ctx.db, actorOf(request), client.id);
    if (!rotated) return notFoundPage(request, reply);
    holdSecret(request, reply, client.id, { secret: rotated.secret, rotated: true }, secure);
    return reply.redirect(paths(request).newSecret(client.id), 303);
  });
}
