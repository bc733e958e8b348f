import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { PlatformContext, Block } from '../block.js';
import { CouncilDirectory, type Council } from '../councils.js';
import { isLocale, Messages, type Locale, type Translate } from '../web/i18n.js';
import { createViewEnvironment, govukFrontendDist } from '../web/render.js';
import { AJV_OPTIONS, ajvPlugins } from './validation.js';
import { badRequest, HttpProblem } from './problem.js';
import { handleError, handleNotFound, registerSitePages } from '../site/index.js';
import { registerSecurityHeaders } from './security.js';
import { registerCompression } from './compress.js';
import { readCookie, setCookie } from './cookies.js';
import { registerAccess } from './access.js';
import { registerRateLimits } from './rate-limit.js';
import { CSRF_FIELD, csrfToken, registerCsrf } from '../web/csrf.js';
import { allowedOrigins } from './public-origin.js';
import { hostsAreChecked, publicHostName, registerHostCheck } from './host-check.js';
import { fastifyTrustProxy, peerIsTrustedProxy } from './trust-proxy.js';
import { unstorableText } from './nul-check.js';
import { registerOpenApi } from './openapi.js';
import { registerMetrics } from './metrics.js';
import { themeCss, themeHref } from '../web/theme.js';
import { footerFor } from '../web/footer.js';
import { deploymentFontStack } from '../web/font-stack.js';
import { registerGovukStylesheet } from '../web/sass/stylesheet.js';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

declare module 'fastify' {
  interface FastifyRequest {
    council: Council;
    /** '' at the root, or '/c/{slug}': prefix every council link with it. */
    basePath: string;
    locale: Locale;
    t: Translate;
  }
  interface FastifyReply {
    /** Render a page template with the layout's context (council, locale, messages). */
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyInstance {
    /** The councils this server serves, as it resolves requests to them. */
    councils: CouncilDirectory;
  }
  interface FastifyContextConfig {
    /** Routes that answer HTML: errors become GOV.UK error pages rather than problem+json. */
    html?: boolean;
  }
}

const platformDir = dirname(fileURLToPath(import.meta.url));
const LANG_COOKIE = 'hearth_lang';

/** Links to the same page in each language (the chosen language is then kept in a cookie). */
function languageLinks(request: FastifyRequest): Record<Locale, string> {
  const url = new URL(request.url, 'http://x');
  const link = (lang: Locale) => {
    url.searchParams.set('lang', lang);
    return url.pathname + url.search;
  };
  return { en: link('en'), cy: link('cy') };
}

export interface HttpServerOptions {
  ctx: PlatformContext;
  blocks: Block[];
  councils: CouncilDirectory;
  messages: Messages;
}

/**
 * The HTTP server: Fastify with request ids, structured logs, problem+json errors, security
 * headers, GOV.UK Frontend assets, the page renderer, council resolution and each block's routes.
 */
export async function createHttpServer({ ctx, blocks, councils, messages }: HttpServerOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    // A request id from a proxy we trust carries its trace through; one from anyone else could
    // forge log lines of other requests, so it gets a fresh one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      const believed = peerIsTrustedProxy(ctx.config.trustProxy, req.socket?.remoteAddress);
      return believed && typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: AJV_OPTIONS, plugins: ajvPlugins },
    // X-Forwarded-For/-Proto/-Host are believed only from the proxies HEARTH_TRUST_PROXY names.
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    bodyLimit: 1024 * 1024,
    // Path parameters longer than this (ids are 36 characters) are not routed: a 404.
    routerOptions: { maxParamLength: 500 },
    return503OnClosing: true,
  });

  const views = createViewEnvironment(blocks.map((b) => join(dirname(b.migrations.dir), 'views')));
  // The font of every council without its own; checked now, so a bad HEARTH_FONT_FAMILY stops the start.
  const defaultFontStack = deploymentFontStack(ctx.config.env);

  // Pages that change a council (its admin page) reload the directory, so every request sees the change at once.
  app.decorate('councils', councils);
  app.decorate('adminPages', blocks.flatMap((b) => b.adminPages ?? []));
  app.decorateRequest('council', null as unknown as Council);
  app.decorateRequest('basePath', '');
  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', null as unknown as Translate);

  app.decorateReply('page', function page(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const t = request.t ?? messages.translator('en');
    const council = request.council;
    const navigation = request.navigation();
    const html = views.render(template, {
      t,
      locale: request.locale,
      council,
      basePath: request.basePath,
      currentPath: request.url,
      languageLinks: languageLinks(request),
      navigation,
      // A button in the header posts a form (signing out): it carries the CSRF field as every form does.
      navigationCsrf: navigation.some((item) => item.post) ? { field: CSRF_FIELD, token: csrfToken(request, this, { secure: ctx.config.production }) } : undefined,
      footer: council ? footerFor(t, council, request.basePath) : undefined,
      themeStylesheet: council ? themeHref(request.basePath, council, defaultFontStack) : undefined,
      ...data,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  // Before any route is added: every route must declare who may use it.
  registerAccess(app, blocks.map((b) => b.access?.(ctx)).find(Boolean));

  const formActionOrigins = [...new Set(blocks.flatMap((b) => b.formActionOrigins?.(ctx.config) ?? []))];
  await registerSecurityHeaders(app, { production: ctx.config.production, formActionOrigins });
  await app.register(fastifyCookie);
  registerHostCheck(app, ctx.config, councils);
  // Pages for one person (every route that is not public) are never kept by a cache or the browser's history.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.access !== undefined && request.routeOptions.config.access !== 'public') reply.header('cache-control', 'no-store');
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const query = request.query as Record<string, unknown> | undefined;
    const asked = typeof query?.lang === 'string' ? query.lang : undefined;
    const fromCookie = readCookie(request, LANG_COOKIE);
    const locale: Locale = isLocale(asked) ? asked : isLocale(fromCookie) ? fromCookie : 'en';
    if (isLocale(asked) && asked !== fromCookie) {
      setCookie(reply, LANG_COOKIE, asked, { maxAge: 31_536_000, secure: ctx.config.production, httpOnly: false });
    }
    request.locale = locale;
    request.t = messages.translator(locale);
  });

  await registerRateLimits(app, ctx.db);
  // Every unsafe request a browser's cookies could authorise is checked here, so no form route
  // can forget: its Origin, and its CSRF token bound to the session (see web/csrf.ts).
  await registerCsrf(app, {
    production: ctx.config.production,
    allowedOrigins: (request) => allowedOrigins(ctx.config, request.council ?? undefined),
    acceptOwnOrigin: !hostsAreChecked(ctx.config),
  });

  // Both hook into routes as they are added, so they come before every route.
  await registerCompression(app);
  await registerOpenApi(app, { publicUrl: ctx.config.publicUrl, councils });
  await registerMetrics(app, ctx);
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  // PostgreSQL cannot store or compare text holding a NUL character; refuse it at the door,
  // naming the field, for every route and both engines alike.
  app.addHook('preValidation', async (request) => {
    const bad = [...unstorableText(request.query), ...unstorableText(request.body)];
    if (bad.length) throw badRequest(bad);
  });
  // GOV.UK Frontend built for councils' own font stacks (set by each council's theme.css): no
  // GDS Transport and no Royal Arms, so none of GOV.UK Frontend's own assets (its fonts, crest
  // and crown icons) is served.
  await registerGovukStylesheet(app, views, ctx.config.env);
  await app.register(fastifyStatic, {
    root: [join(platformDir, '..', 'web', 'static'), join(govukFrontendDist, 'govuk')],
    prefix: '/static/',
    decorateReply: false,
    allowedPath: (path) => !path.endsWith('.scss') && !path.endsWith('.njk') && !path.includes('govuk-frontend.min.css'),
    maxAge: '1d',
  });

  // A GOV.UK error page for browsers, problem+json for APIs and programs (site/error-pages.ts).
  app.setErrorHandler(handleError(councils));
  app.setNotFoundHandler(handleNotFound(councils));

  // Liveness: answers without touching anything. Also the benchmarks' baseline route.
  app.get('/healthz', { config: { access: 'public', rateLimit: false } }, async () => ({ status: 'ok' }));
  // Readiness: the database answers.
  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await ctx.db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  for (const block of blocks) if (block.routes) await app.register(async (scope) => block.routes!(scope, ctx));

  // Council routes: once at the root (council from the host name, or the default) and once
  // under /c/{slug}. Each registration is its own encapsulated scope with its own hook.
  // In production and with HEARTH_PUBLIC_URL, a host no council claims was refused (421) already.
  const hostRule = { strict: hostsAreChecked(ctx.config), publicHost: publicHostName(ctx.config) };
  const councilScope = (byPath: boolean) => async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request) => {
      const params = request.params as { council?: string };
      const council = byPath ? await councils.bySlug(params.council ?? '') : await councils.forHost(request.hostname, hostRule);
      if (!council) {
        throw new HttpProblem(404, 'Council not found', byPath ? `There is no council "${params.council}".` : 'No council is set up yet. Run `hearth councils add` or `npm run demo`.');
      }
      request.council = council;
      request.basePath = byPath ? `/c/${council.slug}` : '';
    });
    scope.get('/theme.css', { schema: { hide: true } as object, config: { access: 'public' } }, async (request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(themeCss(request.council, defaultFontStack)),
    );
    await scope.register(async (inner) => registerSitePages(inner, ctx, { blocks, messages }));
    for (const block of blocks) if (block.councilRoutes) await scope.register(async (inner) => block.councilRoutes!(inner, ctx));
  };
  await app.register(councilScope(false));
  await app.register(councilScope(true), { prefix: '/c/:council' });

  return app;
}

