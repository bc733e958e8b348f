import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse, RouteOptions } from 'fastify';
import { addGrant, ensurePerson, setPlatformAdmin } from '../../../src/blocks/identity/sql/people.js';
import type { Block } from '../../../src/platform/block.js';
import { addCouncil, type Council } from '../../../src/platform/councils.js';
import { AccessNotDeclaredError, routesOf, type RouteAccess } from '../../../src/platform/http/access.js';
import { createHttpServer } from '../../../src/platform/http/server.js';
import { Messages } from '../../../src/platform/web/i18n.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { Browser, signIn } from './support.js';

/** A concrete URL for a route: parameters filled with a fresh UUID (and the council's slug). */
function urlOf(route: RouteOptions, slug: string): string {
  return route.url.replace(':council', slug).replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*$/, 'x');
}

/** The methods a route answers, without the HEAD twins Fastify adds to every GET. */
const methodsOf = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');

const STATIC = (url: string) => url.startsWith('/assets/') || url.startsWith('/static/');

/** A request from this browser (its cookies; a form with its CSRF token for anything but GET). */
async function send(hearth: TestHearth, browser: Browser, method: string, url: string): Promise<LightMyRequestResponse> {
  if (method === 'GET') return browser.get(url);
  if (method === 'POST') return browser.post(url, {});
  const token = browser.jar.get('hearth_csrf');
  return hearth.app.inject({
    method: method as 'PUT',
    url,
    remoteAddress: browser.ip,
    headers: { accept: 'text/html', cookie: browser.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: token ? new URLSearchParams({ _csrf: token }).toString() : '',
  });
}

describe('identity: a route cannot forget who may use it', () => {
  let hearth: TestHearth;
  let other: Council;
  let routes: RouteOptions[];
  const people = {} as Record<'resident' | 'otherAdmin' | 'admin' | 'platformAdmin', Browser>;

  before(async () => {
    hearth = await startTestHearth();
    other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' }, hearth.blocks);
    await hearth.councils.reload();
    const grant = async (email: string, councilId: string, role: string) => {
      const person = await ensurePerson(hearth.db, email);
      await addGrant(hearth.db, { councilId, personId: person.id, role, scope: '', grantedBy: null });
      return person;
    };
    await grant('resident@example.org', hearth.council.id, 'resident');
    await grant('other-admin@example.org', other.id, 'council_admin');
    await grant('admin@example.org', hearth.council.id, 'council_admin');
    await setPlatformAdmin(hearth.db, (await ensurePerson(hearth.db, 'platform@example.org')).id, true);
    people.resident = await signIn(hearth, 'resident@example.org');
    people.otherAdmin = await signIn(hearth, 'other-admin@example.org');
    people.admin = await signIn(hearth, 'admin@example.org');
    people.platformAdmin = await signIn(hearth, 'platform@example.org');
    for (const b of Object.values(people)) await b.get('/sign-in'); // a CSRF token for their forms
    routes = routesOf(hearth.app).filter((r) => !STATIC(r.url));
  });
  after(() => hearth?.stop());

  it('has a declaration on every route', () => {
    assert.ok(routes.length > 40, `${routes.length} routes`);
    const undeclared = routes.filter((r) => !r.config?.access).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(undeclared, []);
    // Both copies of the council routes, and some of each kind of declaration, are in the list.
    const kinds = new Set(routes.map((r) => { const a = r.config!.access!; return typeof a === 'string' ? a : Object.keys(a)[0]; }));
    assert.deepEqual([...kinds].sort(), ['action', 'partnerScope', 'public', 'signedIn']);
    assert.ok(routes.some((r) => r.url === '/c/:council/admin/people'));
  });

  it('stops the server starting while a route has no declaration, naming the route', async () => {
    const blockWith = (config: Record<string, unknown>): Block => ({
      name: 'forgetful',
      migrations: { owner: 'forgetful', dir: '/nonexistent/forgetful/migrations' },
      councilRoutes(app) {
        app.get('/forgotten', { config }, async () => 'who may see this?');
      },
    });
    const server = (block: Block) => createHttpServer({ ctx: hearth.ctx, blocks: [block], councils: hearth.councils, messages: new Messages() });

    const forgetful = await server(blockWith({}));
    try {
      await assert.rejects(async () => { await forgetful.ready(); }, (error: Error) => {
        assert.ok(error instanceof AccessNotDeclaredError, String(error));
        assert.match(error.message, /GET \/forgotten\b/);
        assert.match(error.message, /GET \/c\/:council\/forgotten\b/);
        assert.doesNotMatch(error.message, /healthz|theme\.css/, 'only the undeclared routes are named');
        return true;
      });
    } finally {
      await forgetful.close().catch(() => {});
    }

    // The same block with a declaration starts and answers: the refusal above was about the declaration.
    const careful = await server(blockWith({ access: 'public' }));
    try {
      await careful.ready();
      const res = await careful.inject({ url: '/forgotten' });
      assert.equal(res.statusCode, 200);
    } finally {
      await careful.close();
    }
  });

  it('refuses every protected route without a session, with the wrong role, and with the right role in another council', async () => {
    const expected: string[] = [];
    const checked: string[] = [];
    for (const route of routes) {
      const access = route.config!.access as RouteAccess;
      if (access === 'public') continue;
      for (const method of methodsOf(route)) {
        // Each person here sends a write to every write route, more than the per-address limit
        // of writes a minute allows: the limit is not what this test is about (rate-limit.test.ts).
        if (method !== 'GET') await hearth.db.query('DELETE FROM rate_limit');
        const url = urlOf(route, hearth.council.slug);
        const name: string = `${method} ${url} (${JSON.stringify(access)})`;
        expected.push(name);

        if (typeof access === 'object' && 'partnerScope' in access) {
          const res = await hearth.app.inject({ method: method as 'GET', url });
          assert.equal(res.statusCode, 401, name);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/, name);
          const withSession = await send(hearth, people.admin, method, url);
          assert.equal(withSession.statusCode, 401, `${name}: a person's session is not a partner token`);
          checked.push(name);
          continue;
        }

        // (a) No session: pages send the person to sign in and come back; anything else is a 401.
        const anonymous = new Browser(hearth);
        await anonymous.get('/sign-in'); // a CSRF token, so a refusal is about the session
        const none = await send(hearth, anonymous, method, url);
        if (route.config?.html && method === 'GET') {
          assert.equal(none.statusCode, 303, name);
          const location = new URL(String(none.headers.location), 'http://x');
          const base = url.startsWith('/c/') ? `/c/${hearth.council.slug}` : '';
          assert.equal(location.pathname, `${base}/sign-in`, name);
          assert.equal(location.searchParams.get('return'), url, `${name}: comes back here after signing in`);
        } else if (route.config?.html) {
          assert.ok([401, 403].includes(none.statusCode), `${name}: ${none.statusCode}`);
        } else {
          assert.equal(none.statusCode, 401, name);
          assert.match(String(none.headers['content-type']), /^application\/problem\+json/, name);
        }

        if ('signedIn' in access) {
          // (b) Anyone signed in; a person of their own, since some of these end sessions.
          const someone = await signIn(hearth, `someone-${randomUUID()}@example.org`);
          await someone.get('/sign-in');
          const own = await send(hearth, someone, method, url);
          if (method === 'GET' && /^(\/c\/[^/]+)?\/admin(\/listings|\/vault(\/[a-z-]+)?)?$/.test(url)) {
            // The staff landing page, an editor's "Your listings" and the vault's team landing pages
            // (which send a request handler on to their own team's) let anyone signed in ask, and
            // themselves answer 403 to someone with nothing there (admin.test.ts, the editors' and
            // the vault's staff page tests check what each offers).
            assert.equal(own.statusCode, 403, `${name}: the landing page with nothing to offer`);
          } else {
            // A route naming a thing (a grant, a category) may not find the made-up one in the
            // address (404), and a form sent empty is answered with its problems (400): what
            // matters is that no one signed in is refused for who they are (401, 403), and nothing fails.
            const namesAThing = route.url.replace(/^\/c\/:council/, '').includes(':');
            assert.ok(![401, 403].includes(own.statusCode) && own.statusCode < 500, `${name}: any signed-in person may use it (${own.statusCode})`);
            // A page without a thing in its address shows itself (or, needing a query such as an invitation's token, says what is missing).
            if (method === 'GET' && !namesAThing) assert.ok([200, 400].includes(own.statusCode), `${name}: ${own.statusCode}`);
          }
          checked.push(name);
          continue;
        }

        // (b) The wrong role here; (c) the right role in another council.
        assert.equal((await send(hearth, people.resident, method, url)).statusCode, 403, `${name}: resident`);
        assert.equal((await send(hearth, people.otherAdmin, method, url)).statusCode, 403, `${name}: another council's admin`);
        // (d) The right role here gets past the check (whatever it then says about the empty or random input).
        const allowed = [200, 303, 400, 404];
        const admin = await send(hearth, people.admin, method, url);
        const platform = await send(hearth, people.platformAdmin, method, url);
        if (access.action === 'platform.admin') {
          assert.equal(admin.statusCode, 403, `${name}: a council admin is not a platform admin`);
          assert.ok(allowed.includes(platform.statusCode), `${name}: platform admin got ${platform.statusCode}`);
        } else if (access.action === 'vault.read') {
          // Residents' information: only a team's own request handlers, never an admin by being one
          // (test/blocks/vault/pages/staff checks that a team's handler gets in).
          assert.equal(admin.statusCode, 403, `${name}: a council admin`);
          assert.equal(platform.statusCode, 403, `${name}: a platform admin`);
        } else {
          assert.ok(allowed.includes(admin.statusCode), `${name}: council admin got ${admin.statusCode}`);
          assert.ok(allowed.includes(platform.statusCode), `${name}: platform admin got ${platform.statusCode}`);
        }
        checked.push(name);
      }
    }
    assert.deepEqual(checked, expected, 'every protected route and method was checked');
    assert.ok(checked.length >= 30, `${checked.length} protected routes`);
    for (const must of ['GET /admin/people ', 'POST /admin/people/grant ', 'POST /admin/people/disable ', 'GET /admin/audit.csv ', 'GET /account ', 'GET /api/partner/whoami ', 'GET /c/testshire/admin/partners ']) {
      assert.ok(checked.some((c) => c.startsWith(must)), must);
    }
  });

  it('refuses a council admin under another council\u2019s address, and lets that council\u2019s admin in', async () => {
    const res = await people.admin.get('/c/otherton/admin/people');
    assert.equal(res.statusCode, 403);
    const theirs = await people.otherAdmin.get('/c/otherton/admin/people');
    assert.equal(theirs.statusCode, 200);
    const ours = await people.admin.get('/admin/people');
    assert.equal(ours.statusCode, 200);
  });
});
