import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RouteOptions } from 'fastify';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { addCouncil, type Council } from '../../../src/platform/councils.js';
import { routesOf, type RouteAccess } from '../../../src/platform/http/access.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { Browser, signIn } from './support.js';

/** A concrete URL for a route: parameters filled with a fresh UUID (and the council's slug). */
function urlOf(route: RouteOptions, slug: string): string {
  return route.url.replace(':council', slug).replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*$/, 'x');
}

const methods = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m === 'GET' || m === 'POST');

describe('identity: every route says who may use it, and refuses everyone else', () => {
  let hearth: TestHearth;
  let other: Council;
  let routes: { route: RouteOptions; access: RouteAccess }[];
  const people: Record<'resident' | 'otherAdmin' | 'admin', Browser> = {} as never;

  before(async () => {
    hearth = await startTestHearth();
    other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
    const grant = async (email: string, councilId: string, role: string) => {
      const person = await ensurePerson(hearth.db, email);
      await addGrant(hearth.db, { councilId, personId: person.id, role, scope: '', grantedBy: null });
    };
    await grant('resident@example.org', hearth.council.id, 'resident');
    await grant('other-admin@example.org', other.id, 'council_admin');
    await grant('admin@example.org', hearth.council.id, 'council_admin');
    people.resident = await signIn(hearth, 'resident@example.org');
    people.otherAdmin = await signIn(hearth, 'other-admin@example.org');
    people.admin = await signIn(hearth, 'admin@example.org');
    for (const b of Object.values(people)) await b.get('/sign-in'); // a CSRF token for their forms
    routes = routesOf(hearth.app)
      .filter((r) => !r.url.startsWith('/assets/') && !r.url.startsWith('/static/'))
      .map((route) => ({ route, access: route.config!.access! }));
  });
  after(() => hearth.stop());

  it('declares access on every route (the server would not start otherwise)', () => {
    assert.ok(routes.length > 40, `${routes.length} routes`);
    for (const { route, access } of routes) assert.ok(access, `${route.method} ${route.url}`);
  });

  it('refuses every protected route without a session, with the wrong role, and with a role in another council', async () => {
    const protectedRoutes = routes.filter(({ access }) => access !== 'public');
    assert.ok(protectedRoutes.length >= 15, `${protectedRoutes.length} protected routes`);
    const checked: string[] = [];
    for (const { route, access } of protectedRoutes) {
      for (const method of methods(route)) {
        const url = urlOf(route, hearth.council.slug);
        const name = `${method} ${url} (${JSON.stringify(access)})`;
        const send = (browser: Browser | undefined) =>
          browser ? (method === 'GET' ? browser.get(url) : browser.post(url, {})) : new Browser(hearth).get('/sign-in').then(() => null);
        if (typeof access === 'object' && 'partnerScope' in access) {
          const res = await hearth.app.inject({ method, url });
          assert.equal(res.statusCode, 401, name);
          const withSession = await (method === 'GET' ? people.admin.get(url) : people.admin.post(url, {}));
          assert.equal(withSession.statusCode, 401, `${name}: a person's session is not a partner token`);
          checked.push(name);
          continue;
        }
        // No session.
        const anonymous = new Browser(hearth);
        await anonymous.get('/sign-in');
        const none = method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, {});
        if (route.config?.html && method === 'GET') {
          assert.equal(none.statusCode, 303, name);
          assert.match(String(none.headers.location), /\/sign-in\?return=/, name);
        } else {
          assert.equal(none.statusCode, 401, name);
        }
        if (access === 'public') continue;
        if ('signedIn' in access) {
          // Someone of their own (these routes include signing out everywhere).
          const someone = await signIn(hearth, `someone-${randomUUID()}@example.org`);
          await someone.get('/sign-in');
          const own = await send(someone);
          assert.ok(own && own.statusCode < 400, `${name}: any signed-in person may use it (${own?.statusCode})`);
          checked.push(name);
          continue;
        }
        // The wrong role here, and the right role in another council.
        assert.equal((await send(people.resident))!.statusCode, 403, `${name}: resident`);
        assert.equal((await send(people.otherAdmin))!.statusCode, 403, `${name}: another council's admin`);
        // The right role here gets past the check (whatever it then says about the empty input).
        const admin = await send(people.admin);
        const allowed = access.action === 'platform.admin' ? [403] : [200, 303, 400, 404];
        assert.ok(allowed.includes(admin!.statusCode), `${name}: council admin got ${admin!.statusCode}`);
        checked.push(name);
      }
    }
    assert.ok(checked.some((c) => c.startsWith('GET /admin/people')));
    assert.ok(checked.some((c) => c.startsWith('POST /admin/people/grant')));
    assert.ok(checked.some((c) => c.startsWith('GET /admin/audit.csv')));
    assert.ok(checked.some((c) => c.includes('/c/testshire/admin/partners')));
  });

  it('a council admin of one council is refused under the other council\u2019s address too', async () => {
    const res = await people.admin.get('/c/otherton/admin/people');
    assert.equal(res.statusCode, 403);
    const theirs = await people.otherAdmin.get('/c/otherton/admin/people');
    assert.equal(theirs.statusCode, 200);
  });
});
