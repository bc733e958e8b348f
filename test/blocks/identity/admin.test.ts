import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson, setPlatformAdmin } from '../../../src/blocks/identity/sql/people.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { Browser, signIn } from './support.js';

/** The links of the landing page's list, by their address. */
const landingLinks = (html: string) => [...html.matchAll(/<h2 class="govuk-heading-s[^"]*"><a class="govuk-link" href="([^"]+)">/g)].map((m) => m[1]);

/** The header's navigation (the service navigation), as HTML. */
const header = (html: string) => /<section[^>]*govuk-service-navigation[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

/** What a scoped role is limited to. */
const SCOPES: Record<string, string> = { request_handler: 'Highways', organisation_editor: randomUUID() };

describe('identity: the admin landing page and the header', () => {
  let hearth: TestHearth;
  const as = async (email: string, role?: string, councilId?: string) => {
    const person = await ensurePerson(hearth.db, email);
    if (role) await addGrant(hearth.db, { councilId: councilId ?? hearth.council.id, personId: person.id, role, scope: SCOPES[role] ?? '', grantedBy: null });
    return signIn(hearth, email);
  };

  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth.stop());

  it('lists what a council admin may do, each a link with a line about it', async () => {
    const admin = await as('admin@testshire.example', 'council_admin');
    const res = await admin.get('/admin');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const links = landingLinks(res.body);
    for (const path of ['/admin/people', '/admin/invitations', '/admin/audit', '/admin/partners']) assert.ok(links.includes(path), `${path} in ${links.join(', ')}`);
    assert.match(res.body, /Give staff a role/);
    assert.match(res.body, /Who did what, and when/);
    // Only pages that exist on this server: each link answers 200 for this admin.
    for (const path of links) assert.equal((await admin.get(path)).statusCode, 200, path);
    // In Welsh too.
    const welsh = await admin.get('/admin?lang=cy');
    assert.match(welsh.body, /<h1 class="govuk-heading-l">Gweinyddu<\/h1>/);
    assert.match(welsh.body, /Pobl a rolau/);
    await admin.get('/admin?lang=en');
  });

  it('offers each role only what it allows here, and answers 403 politely to someone with nothing here', async () => {
    for (const role of ['directory_manager', 'organisation_editor', 'request_handler'] as const) {
      const staff = await as(`${role}@testshire.example`, role);
      const res = await staff.get('/admin');
      const links = landingLinks(res.body);
      for (const path of ['/admin/people', '/admin/invitations', '/admin/audit', '/admin/partners']) assert.ok(!links.includes(path), `${role}: ${path}`);
      // Whatever is offered, this person may open (a page that sends them on to their own part, such as their team's, too).
      for (const path of links) {
        const opened = await staff.get(path);
        const page = opened.statusCode === 303 ? await staff.get(String(opened.headers.location)) : opened;
        assert.equal(page.statusCode, 200, `${role}: ${path}`);
      }
      if (!links.length) {
        assert.equal(res.statusCode, 403, role);
        assert.match(res.body, /You cannot use the staff pages here/);
        assert.match(res.body, /do not include any of the staff pages/, `${role}: told they have a role that has no page yet`);
      }
    }

    const resident = await as('resident@example.org');
    const refused = await resident.get('/admin');
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /You are signed in as resident@example\.org, but you have no staff role in Testshire Council\./);
    assert.match(refused.body, /ask a council admin to give you a role/);
    assert.match(refused.body, /href="\/account"/);
    assert.doesNotMatch(header(refused.body), /href="\/admin"/, 'no Admin link for them');

    // An admin of another council has nothing here.
    const other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
    const otherAdmin = await as('admin@otherton.example', 'council_admin', other.id);
    assert.equal((await otherAdmin.get('/admin')).statusCode, 403);
    const theirs = await otherAdmin.get('/c/otherton/admin');
    assert.equal(theirs.statusCode, 200);
    assert.ok(landingLinks(theirs.body).includes('/c/otherton/admin/people'));
  });

  it('offers a platform admin everything, and sends someone signed out to sign in', async () => {
    const person = await ensurePerson(hearth.db, 'platform@example.org');
    await setPlatformAdmin(hearth.db, person.id, true);
    const platform = await signIn(hearth, 'platform@example.org');
    const links = landingLinks((await platform.get('/admin')).body);
    for (const path of ['/admin/people', '/admin/invitations', '/admin/audit', '/admin/partners']) assert.ok(links.includes(path), path);

    const anonymous = await new Browser(hearth).get('/admin');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/sign-in?return=%2Fadmin');
  });

  it('puts Admin and Sign out in the header when signed in; Sign out is a form that posts, with the CSRF field', async () => {
    const signedOut = header((await new Browser(hearth).get('/')).body);
    assert.match(signedOut, /href="\/sign-in"/);
    assert.doesNotMatch(signedOut, /sign-out/);

    const admin = await signIn(hearth, 'admin@testshire.example');
    const page = await admin.get('/account');
    const nav = header(page.body);
    assert.match(nav, /<a class="govuk-service-navigation__link" href="\/admin"/);
    const form = /<form method="post" action="\/sign-out"[\s\S]*?<\/form>/.exec(nav)?.[0];
    assert.ok(form, 'a sign-out form in the header');
    assert.match(form, /<input type="hidden" name="_csrf" value="[^"]+">/);
    assert.match(form, /<button type="submit"[^>]*>Sign out<\/button>/);
    // On the admin pages, Admin is marked as where you are.
    assert.match(header((await admin.get('/admin/people')).body), /href="\/admin"\s*aria-current="true"/);

    // Signing out is never a GET.
    assert.equal((await admin.get('/sign-out')).statusCode, 404);
    assert.equal((await admin.get('/account')).statusCode, 200, 'still signed in');
    const out = await admin.post('/sign-out', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/signed-out');
    assert.equal((await admin.get('/account')).statusCode, 303, 'signed out');
  });
});
