import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AdminPage } from '../block.js';
import { HttpProblem } from './problem.js';

/**
 * "May this person do this here?" — asked in one place, for every route.
 *
 * Every route declares who may use it in `config.access`; the server refuses to start while
 * any route has no declaration (naming it), so a route cannot forget. A hook checks the
 * declaration before validation and before the handler. The identity block supplies the
 * `AccessProvider` (who is signed in, what their roles allow, whose bearer token this is); the
 * platform never imports it. Without one, everything but `'public'` is refused.
 */

/** What staff and partners may be allowed to do, in one council. */
export const ACTIONS = [
  'directory.manage',
  'directory.edit_organisation',
  'requests.handle',
  'identity.admin',
  'identity.partners.manage',
  'audit.read',
  'platform.admin',
  'webhooks.manage',
  // A resident's vault, read (and, where granted, changed) for a team: only through a live grant or basis to that team.
  'vault.read',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action is about, when a role is limited to some things (named organisations, teams). */
export interface AccessScope {
  organisationId?: string;
  team?: string;
}

export type RouteAccess =
  /** Anyone. */
  | 'public'
  /** Any signed-in person (their own account). */
  | { signedIn: true }
  /** A person whose roles in this request's council allow the action. */
  | { action: Action; scope?: (request: FastifyRequest) => AccessScope }
  /** A partner system's bearer token for this council, with this scope. */
  | { partnerScope: string };

export interface RoleGrant {
  councilId: string;
  role: string;
  /** The organisation or team a scoped role is limited to. */
  scope: string | null;
}

export interface PersonPrincipal {
  kind: 'person';
  personId: string;
  email: string;
  displayName: string | null;
  sessionId: string;
  platformAdmin: boolean;
  grants: RoleGrant[];
}

export interface PartnerPrincipal {
  kind: 'partner';
  clientId: string;
  councilId: string;
  scopes: string[];
}

export type Principal = PersonPrincipal | PartnerPrincipal;

export type PartnerCheck =
  | { ok: true; principal: PartnerPrincipal }
  | { ok: false; status: 401 | 403; reason: string; challenge?: string };

export interface AccessProvider {
  /** The person signed in on this request; undefined without a live session (no cookie, no query). */
  person(request: FastifyRequest, reply: FastifyReply): Promise<PersonPrincipal | undefined>;
  /** Whether the person's roles allow the action in the council (and scope). */
  may(person: PersonPrincipal, action: Action, councilId: string, scope?: AccessScope): boolean;
  /** The partner whose bearer token this request carries, if it holds the scope for this council. */
  partner(request: FastifyRequest, scope: string): Promise<PartnerCheck>;
  /** Where a page sends someone who must sign in first (`returnTo` is a same-site path). */
  signInPath(request: FastifyRequest, returnTo: string): string;
  /** Links for the header's navigation: sign in, or the person's account and what they may manage. */
  navigation(request: FastifyRequest): NavigationItem[];
}

/** One item of the header's navigation: a link, or a button that posts a form (signing out is never a GET). */
export interface NavigationItem {
  href: string;
  text: string;
  active?: boolean;
  /** A form posted to `href` with the CSRF field, its button styled as a link. */
  post?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use this route: required on every route (see src/platform/http/access.ts). */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is asking, once the access check ran: a person, a partner system, or nobody. */
    principal: Principal | undefined;
    /** Whether the signed-in person may do `action` in this request's council. */
    may(action: Action, scope?: AccessScope): boolean;
    /** The header's navigation links for whoever is asking. */
    navigation(): NavigationItem[];
  }
  interface FastifyInstance {
    /**
     * What the GET route at `url` (as registered at the root, e.g. `/admin/audit`) declares in
     * `config.access`; undefined when there is no such route (its block is off). Landing pages
     * list only what exists and what the person may open.
     */
    declaredAccess(url: string): RouteAccess | undefined;
    /** Every enabled block's staff pages (`Block.adminPages`), in block order, for the `/admin` landing page. */
    adminPages: AdminPage[];
  }
}

/** Routes registered by plugins that take no route options: static files, public by nature. */
const STATIC_PREFIXES = ['/assets/', '/static/'];

/** Give every route of this scope that declares nothing `access: 'public'` (the ORUK feed is open by the standard). */
export function declarePublicScope(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), access: route.config?.access ?? 'public' } as typeof route.config;
  });
}

function described(route: Pick<RouteOptions, 'method' | 'url'>): string {
  return `${Array.isArray(route.method) ? route.method.join(',') : route.method} ${route.url}`;
}

export class AccessNotDeclaredError extends Error {}

const registered = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Every route of the server with its declaration (tests walk them all). */
export function routesOf(app: FastifyInstance): readonly RouteOptions[] {
  return registered.get(app) ?? [];
}

/**
 * Install the access check on `app`: collect routes to verify their declarations when the
 * server is ready, and check each request against its route's declaration.
 */
export function registerAccess(app: FastifyInstance, provider: AccessProvider | undefined): void {
  app.decorateRequest('navigation', function navigation(this: FastifyRequest) {
    return provider && this.council ? provider.navigation(this) : [];
  });
  const routes: RouteOptions[] = [];
  registered.set(app, routes);
  // Asked on every staff page (whether to offer "Admin"): by address, not a walk of every route.
  const getRoutes = new Map<string, RouteOptions>();
  app.decorate('declaredAccess', (url: string) => getRoutes.get(url)?.config?.access);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('may', function may(this: FastifyRequest, action: Action, scope?: AccessScope) {
    const p = this.principal;
    return Boolean(provider && p?.kind === 'person' && this.council && provider.may(p, action, this.council.id, scope));
  });

  app.addHook('onRoute', (route) => {
    routes.push(route);
    const isGet = Array.isArray(route.method) ? route.method.includes('GET') : route.method === 'GET';
    if (isGet && !getRoutes.has(route.url)) getRoutes.set(route.url, route);
  });
  app.addHook('onReady', async () => {
    const missing = routes.filter((r) => !r.config?.access && !STATIC_PREFIXES.some((p) => r.url.startsWith(p))).map(described);
    if (missing.length) throw new AccessNotDeclaredError(`Routes without an access declaration (config.access): ${[...new Set(missing)].join('; ')}`);
  });

  app.addHook('preValidation', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (!access) {
      if (STATIC_PREFIXES.some((p) => request.url.startsWith(p)) || request.is404) return;
      throw new HttpProblem(403, 'Forbidden', 'This route declares no access rule, so nobody may use it.');
    }
    if (typeof access === 'object' && 'partnerScope' in access) {
      if (!provider) throw new HttpProblem(401, 'Unauthorized', 'Partner access is not available: the identity block is off.');
      const check = await provider.partner(request, access.partnerScope);
      if (!check.ok) {
        if (check.challenge) reply.header('www-authenticate', check.challenge);
        reply.header('cache-control', 'no-store');
        request.log.info({ reason: check.reason }, 'partner request refused');
        throw new HttpProblem(check.status, check.status === 401 ? 'Unauthorized' : 'Forbidden', check.reason);
      }
      request.principal = check.principal;
      return;
    }
    const person = provider ? await provider.person(request, reply) : undefined;
    request.principal = person;
    if (access === 'public') return;
    if (!person) {
      request.log.info({ route: request.routeOptions.url }, 'refused: not signed in');
      if (request.routeOptions.config?.html && request.method === 'GET' && provider) {
        return reply.redirect(provider.signInPath(request, request.url), 303);
      }
      throw new HttpProblem(401, 'Sign in required', 'You need to sign in to do this.');
    }
    if ('signedIn' in access) return;
    const scope = access.scope?.(request);
    if (!request.council || !provider!.may(person, access.action, request.council.id, scope)) {
      request.log.warn({ route: request.routeOptions.url, action: access.action, person: person.personId }, 'refused: role does not allow this here');
      throw new HttpProblem(403, 'Forbidden', 'Your roles do not allow this here.');
    }
  });
}
