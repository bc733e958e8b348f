import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { createHearth } from '../../../src/main.js';
import { readConfig } from '../../../src/platform/config.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { createLogger } from '../../../src/platform/log.js';
import { freshDatabase } from '../../support/db.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { signIn, type Browser } from '../../blocks/identity/support.js';

const mainText = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
/** The error summary's links: where each goes and what it says. */
const summary = (html: string) =>
  [...(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => [m[1], m[2].trim()]);

/** Every field of the accessibility statement's form as the form shows it. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]] = m[2].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    if (m[1] === '_csrf') continue;
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (/type="radio"/.test(m[0])) {
      if (/checked/.test(m[0])) fields[m[1]] = value;
    } else fields[m[1]] = value.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  return fields;
}

describe('/admin/site: a council admin changes the site pages', () => {
  let hearth: TestHearth;
  let admin: Browser;
  before(async () => {
    hearth = await startTestHearth({ council: { slug: 'testshire', name: 'Testshire Council', isDefault: true, contactEmail: 'help@testshire.example' } });
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    await addCouncil(hearth.db, { slug: 'other', name: 'Other Council' });
    await hearth.councils.reload();
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth?.stop());

  it('lists the three pages in both languages, each with its default text', async () => {
    const res = await admin.get('/admin/site');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const text = mainText(res.body);
    for (const page of ['Accessibility statement', 'Privacy notice', 'Cookies']) {
      assert.equal(text.split(page).length - 1 >= 2, true, `${page} in two rows`);
    }
    assert.equal((text.match(/Default text/g) ?? []).length, 6);
    for (const href of ['/admin/site/accessibility/en', '/admin/site/accessibility/cy', '/admin/site/privacy/cy', '/admin/site/cookies/en', '/admin/feedback']) {
      assert.match(res.body, new RegExp(`href="${href}"`));
    }
  });

  it('shows the edit form with the current text, structured fields as their own inputs', async () => {
    const res = await admin.get('/admin/site/accessibility/en');
    assert.equal(res.statusCode, 200);
    const fields = formFields(res.body);
    assert.match(fields.intro, /This website is run by Testshire Council/);
    assert.equal(fields.complianceStatus, 'partial');
    assert.equal(fields.enforcement, 'gb');
    assert.match(fields['reviewedOn-year'], /^\d{4}$/);
    assert.equal(fields.testedBy, 'Testshire Council');
    assert.match(res.body, /<textarea[^>]*lang="en"/);
    assert.doesNotMatch(res.body, /Reset to the default text/, 'nothing to reset yet');
    const cy = await admin.get('/admin/site/accessibility/cy');
    assert.match(formFields(cy.body).intro, /Testshire Council sy’n rhedeg y wefan hon/);
    assert.match(cy.body, /<textarea[^>]*lang="cy"/);
  });

  it('refuses missing, too long and impossible values with the error summary, keeping what was typed', async () => {
    const page = await admin.get('/admin/site/accessibility/en');
    const fields = formFields(page.body);
    const res = await admin.post('/admin/site/accessibility/en', {
      ...fields,
      intro: '   ',
      nonCompliance: 'x'.repeat(10_001),
      complianceStatus: 'mostly',
      'reviewedOn-day': '31',
      'reviewedOn-month': '2',
      'reviewedOn-year': '2026',
      testedBy: 'The digital team',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      ['intro', 'Enter the introduction'],
      ['complianceStatus', 'Select the compliance status'],
      ['nonCompliance', 'The non-accessible content must be 10000 characters or fewer'],
      ['reviewedOn-day', 'Enter the date the statement was last reviewed as a real date, for example 27 3 2026'],
    ]);
    assert.match(res.body, /<title>Error: /);
    assert.equal(formFields(res.body).testedBy, 'The digital team', 'what was typed is kept');
    assert.equal(formFields(res.body)['reviewedOn-day'], '31');
    const stored = await hearth.db.query('SELECT 1 FROM site_page_text');
    assert.equal(stored.rows.length, 0, 'nothing was saved');
  });

  it('refuses in Welsh for a Welsh reader', async () => {
    const page = await admin.get('/admin/site/privacy/cy?lang=cy');
    const res = await admin.post('/admin/site/privacy/cy', { ...formFields(page.body), dataProtectionContact: '' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [['dataProtectionContact', 'Rhowch y cyswllt diogelu data']]);
    await admin.get('/admin/site?lang=en');
  });

  it('saves a page in one language: the public page shows it, escaped, and the other language keeps its default', async () => {
    const page = await admin.get('/admin/site/accessibility/en');
    const res = await admin.post('/admin/site/accessibility/en', {
      ...formFields(page.body),
      intro: 'We run this site.\n\n## Our promise <script>alert(1)</script>\n\n- one [link](https://example.org/a)\n- [bad](javascript:alert(1))',
      knownIssues: '',
      complianceStatus: 'full',
      enforcement: 'ni',
      'reviewedOn-day': '2',
      'reviewedOn-month': '3',
      'reviewedOn-year': '2026',
      testedBy: 'Accessible Audits Ltd',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/site?saved=accessibility-en');
    const list = await admin.get(String(res.headers.location));
    assert.match(mainText(list.body), /Changes saved: Accessibility statement \(English\)/);
    assert.match(mainText(list.body), /Changed .* by admin@testshire\.example/);

    const shown = await hearth.app.inject({ url: '/accessibility?lang=en', headers: { accept: 'text/html' } });
    assert.match(shown.body, /<p class="govuk-body">We run this site\.<\/p>/);
    assert.match(shown.body, /<h2 class="govuk-heading-m">Our promise &#60;script&#62;alert\(1\)&#60;\/script&#62;<\/h2>/);
    assert.doesNotMatch(shown.body, /<script>alert/);
    assert.match(shown.body, /<li>one <a class="govuk-link" href="https:\/\/example\.org\/a">link<\/a><\/li>/);
    assert.match(shown.body, /<li>\[bad\]\(javascript:alert\(1\)\)<\/li>/);
    assert.doesNotMatch(shown.body, /href="javascript:/);
    const text = mainText(shown.body);
    assert.match(text, /fully compliant/);
    assert.doesNotMatch(text, /Non-accessible content/);
    assert.match(text, /Equality Commission for Northern Ireland \(ECNI\)/);
    assert.match(text, /last reviewed on 2 March 2026/);
    assert.match(text, /carried out by Accessible Audits Ltd/);
    assert.match(text, /We do not know of any part of this website that is not accessible/);

    const welsh = await hearth.app.inject({ url: '/accessibility?lang=cy', headers: { accept: 'text/html' } });
    assert.match(mainText(welsh.body), /Testshire Council sy’n rhedeg y wefan hon/);
  });

  it('resets a page to its default text', async () => {
    const form = await admin.get('/admin/site/accessibility/en');
    assert.match(form.body, /Reset to the default text/);
    const res = await admin.post('/admin/site/accessibility/en/reset', {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/site?reset=accessibility-en');
    const shown = await hearth.app.inject({ url: '/accessibility?lang=en', headers: { accept: 'text/html' } });
    assert.match(mainText(shown.body), /This website is run by Testshire Council/);
  });

  it('saves the privacy notice’s data protection contact as a link', async () => {
    const page = await admin.get('/admin/site/privacy/en');
    // The form starts from the default, which with the vault on says the record is shared as the notice describes.
    assert.match(page.body, /We share it only as this notice describes/);
    const res = await admin.post('/admin/site/privacy/en', {
      ...formFields(page.body),
      dataProtectionContact: 'dpo@testshire.example',
      retention: 'We keep feedback for 2 years.',
      sharing: 'We share reports with the Testshire Partnership.',
    });
    assert.equal(res.statusCode, 303);
    const shown = await hearth.app.inject({ url: '/privacy', headers: { accept: 'text/html' } });
    assert.match(shown.body, /href="mailto:dpo@testshire\.example"/);
    assert.match(mainText(shown.body), /We keep feedback for 2 years\./);
    // The council's own text replaces the default; what Hearth itself says of the vault stays.
    assert.match(mainText(shown.body), /We share reports with the Testshire Partnership\./);
    assert.doesNotMatch(mainText(shown.body), /We share it only as this notice describes/);
    assert.match(mainText(shown.body), /Nobody but you can see or change your record/);
  });

  it('answers an unknown page or language with 404, and a form without its token with 403', async () => {
    assert.equal((await admin.get('/admin/site/terms/en')).statusCode, 404);
    assert.equal((await admin.get('/admin/site/privacy/fr')).statusCode, 404);
    await admin.get('/admin/site/cookies/en');
    const forged = await admin.post('/admin/site/cookies/en', { intro: 'forged' }, { csrf: false });
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /Sorry, we could not do that/, 'the anti-forgery refusal’s own page');
    const stored = await hearth.db.query("SELECT 1 FROM site_page_text WHERE page = 'cookies'");
    assert.equal(stored.rows.length, 0);
  });

  it('keeps each council’s texts to itself, and its admin pages to its own admins', async () => {
    const other = await hearth.app.inject({ url: '/c/other/privacy', headers: { accept: 'text/html' } });
    assert.equal(other.statusCode, 200);
    assert.doesNotMatch(other.body, /dpo@testshire\.example|2 years/);
    assert.match(mainText(other.body), /The data protection officer, Other Council/);
    const refused = await admin.get('/c/other/admin/site');
    assert.equal(refused.statusCode, 403);
  });
});

describe('/admin/site: who changed a page', () => {
  it('is logged with the person and the council (the platform cannot write the identity block’s audit log)', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const database = await freshDatabase();
    const hearth = await createHearth(readConfig({ HEARTH_DATA_DIR: 'memory://' }), { db: database.db, log: createLogger('info', sink), dispatch: false, quietNotifications: true });
    try {
      const council = await addCouncil(database.db, { slug: 'logged', name: 'Logged Council', isDefault: true });
      await hearth.councils.reload();
      const person = await ensurePerson(database.db, 'admin@logged.example');
      await addGrant(database.db, { councilId: council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
      const test = { ...hearth, council, database, stop: async () => {} } as TestHearth;
      const admin = await signIn(test, 'admin@logged.example');
      const page = await admin.get('/admin/site/cookies/cy');
      assert.equal(page.statusCode, 200);
      assert.equal((await admin.post('/admin/site/cookies/cy', { intro: 'Cwcis.' })).statusCode, 303);
      await admin.get('/admin/site/cookies/cy');
      assert.equal((await admin.post('/admin/site/cookies/cy/reset', {})).statusCode, 303);
      const changes = lines.filter((l) => l.msg === 'site page text changed');
      assert.deepEqual(
        changes.map((l) => [l.audit, l.council, l.person, l.email, l.page, l.locale]),
        [
          ['site.page.saved', 'logged', person.id, 'admin@logged.example', 'cookies', 'cy'],
          ['site.page.reset', 'logged', person.id, 'admin@logged.example', 'cookies', 'cy'],
        ],
      );
    } finally {
      await hearth.close();
      await database.close();
    }
  });
});
