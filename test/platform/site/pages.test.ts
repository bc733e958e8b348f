import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LINK_LIFETIME_MS } from '../../../src/blocks/identity/pages/sign-in.js';
import { PLATFORM_COOKIES } from '../../../src/platform/http/cookie-list.js';
import { INVITATION_DAYS } from '../../../src/blocks/vault/advocates/limits.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';

/** The text of a page's main content, tags gone and white space collapsed. */
const mainText = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('site pages: accessibility statement, privacy notice, cookies', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({
      council: { slug: 'testshire', name: 'Testshire Council', isDefault: true, contactEmail: 'help@testshire.example', contactPhone: '01632 960000', contactUrl: 'https://testshire.example/contact', hosts: ['help.testshire.example'] },
      env: { HEARTH_SESSION_IDLE_MINUTES: '20', HEARTH_SESSION_MAX_HOURS: '8' },
    });
  });
  after(() => hearth?.stop());

  const get = (url: string) => hearth.app.inject({ url, headers: { accept: 'text/html' } });

  it('has an accessibility statement after the GOV.UK model, filled from the council’s details', async () => {
    const res = await get('/accessibility');
    assert.equal(res.statusCode, 200);
    const text = mainText(res.body);
    assert.match(text, /Accessibility statement for Find local help/);
    assert.match(text, /applies to Find local help, the website of Testshire Council .* at help\.testshire\.example/);
    assert.match(text, /This website is run by Testshire Council/);
    assert.match(text, /How accessible this website is/);
    assert.match(text, /We know some parts of this website are not fully accessible/);
    assert.match(text, /Feedback and contact information/);
    assert.match(res.body, /href="mailto:help@testshire\.example"/);
    assert.match(res.body, /href="tel:01632960000"/);
    assert.match(res.body, /href="https:\/\/testshire\.example\/contact"/);
    assert.match(text, /Reporting accessibility problems with this website/);
    assert.match(res.body, /href="\/feedback\?from=%2Faccessibility"/);
    assert.match(text, /Enforcement procedure The Equality and Human Rights Commission \(EHRC\) is responsible/);
    assert.match(text, /Testshire Council is committed to making its website accessible/);
    assert.match(text, /partially compliant with the Web Content Accessibility Guidelines version 2\.2 AA standard/);
    assert.match(text, /Non-accessible content/);
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date());
    assert.match(text, new RegExp(`prepared on ${today}\\. It was last reviewed on ${today}`));
    assert.match(text, new RegExp(`last tested on ${today}\\. The test was carried out by Testshire Council`));
  });

  it('has the statement in Welsh', async () => {
    const res = await get('/accessibility?lang=cy');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="cy"/);
    const text = mainText(res.body);
    assert.match(text, /Datganiad hygyrchedd ar gyfer Dod o hyd i help lleol/);
    assert.match(text, /Testshire Council sy’n rhedeg y wefan hon/);
    assert.match(text, /Gweithdrefn orfodi Mae’r Comisiwn Cydraddoldeb a Hawliau Dynol/);
    assert.match(text, /cydymffurfio’n rhannol/);
    const today = new Intl.DateTimeFormat('cy-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date());
    assert.match(text, new RegExp(`Paratowyd y datganiad hwn ar ${today}`));
  });

  it('has a privacy notice with the real session and sign-in link lifetimes, and the data protection contact', async () => {
    const res = await get('/privacy');
    assert.equal(res.statusCode, 200);
    const text = mainText(res.body);
    for (const recorded of [/your email address/, /sign-in links/, /your IP address, and the name and version of your web browser/, /an audit log/, /feedback form/, /out of date/, /the emails we send you/]) {
      assert.match(text, recorded);
    }
    assert.match(text, /A sign-in link works once, and for 15 minutes at most/);
    assert.match(text, /after 20 minutes without use, or 8 hours after you signed in/);
    assert.match(text, /task carried out in the public interest/);
    assert.match(text, /does not delete the other records automatically/);
    assert.match(res.body, /href="mailto:help@testshire\.example"/, 'the council’s email is the data protection contact until it sets one');
    assert.match(text, /Information Commissioner’s Office \(ICO\)/);
    assert.doesNotMatch(text, /GOV\.UK Notify/, 'Notify is not named when it is not used');
    assert.match(text, /We use how many forms an IP address has sent only for the minutes or hours the count covers/);
    assert.doesNotMatch(text, /(site|vault|identity|directory)\.privacy|site\.default/, 'every message is in the catalogue');
    assert.match(res.body, /href="\/cookies"/);
    const cy = await get('/privacy?lang=cy');
    assert.match(mainText(cy.body), /Hysbysiad preifatrwydd/);
    assert.match(mainText(cy.body), /am 15 munud ar y mwyaf/);
  });

  it('states the sign-in link lifetime the identity block gives links, from its own declaration', async () => {
    assert.match(mainText((await get('/privacy')).body), new RegExp(`works once, and for ${LINK_LIFETIME_MS / 60_000} minutes at most`));
  });

  it('says, with the vault on, what a resident’s record holds, who sees it, the access log and their rights, and no longer that nothing is shared', async () => {
    assert.ok(hearth.config.blocks.includes('vault'), 'the vault is on by default');
    const text = mainText((await get('/privacy')).body);
    // The record and its categories, some sensitive.
    assert.match(text, /if you keep a record here, what is in it: your name, contact details, .* any disability or health condition and the benefits you get/);
    assert.match(text, /we encrypt sensitive information/);
    // Who sees it: only those the resident granted, for the purpose, until the date; a legal duty with a second officer; advocates.
    assert.match(text, /Nobody but you can see or change your record, except: council teams and other organisations you give permission to, only for the parts you chose, for the purpose you gave and until the date you set/);
    assert.match(text, /acting under a duty in law, such as a statutory duty, .* for sensitive information a second officer must approve it first/);
    assert.match(text, /people you appoint to act for you/);
    // The access log: kept, what it holds, seen and downloaded by the resident.
    assert.match(text, /an access log: every time anyone other than you looks at, changes, downloads or erases information in your record, who did it/);
    assert.match(text, /The access log is kept even if you erase your information/);
    assert.match(text, /see your access log, and download it/);
    // Tell us once, the resident's rights and retention.
    assert.match(text, /Tell us once: when you change your record, we tell each team and organisation with permission to see that part/);
    assert.match(text, /download a copy of your record/);
    assert.match(text, /correct anything in your record/);
    assert.match(text, /erase some or all of your record, with its history, except what a duty in law requires us to keep/);
    assert.match(text, /restrict parts of your record/);
    assert.match(text, /Your record is kept until you erase it/);
    assert.match(text, new RegExp(`works once, and for ${INVITATION_DAYS} days at most`));
    assert.match(text, /lawful basis is your consent \(Article 6\(1\)\(a\)\)/);
    assert.match((await get('/privacy')).body, /href="\/my-record\/rights"/);
    assert.match((await get('/c/testshire/privacy')).body, /href="\/c\/testshire\/my-record\/rights"/);
    // No longer the claim that nothing is shared.
    assert.doesNotMatch(text, /share it with anyone else/);
    assert.match(text, /We do not sell your information\. We share it only as this notice describes, or when the law requires us to\./);

    const cy = mainText((await get('/privacy?lang=cy')).body);
    assert.match(cy, /os ydych yn cadw cofnod yma, yr hyn sydd ynddo/);
    assert.match(cy, /Ni all neb ond chi weld na newid eich cofnod, ac eithrio: timau’r cyngor a sefydliadau eraill rydych yn rhoi caniatâd iddynt/);
    assert.match(cy, /Caiff y log mynediad ei gadw hyd yn oed os byddwch yn dileu eich gwybodaeth/);
    assert.match(cy, /Dweud Wrthym Unwaith/);
    assert.doesNotMatch(cy, /nac yn ei rhannu ag unrhyw un arall/);
    assert.doesNotMatch(cy, /(site|vault|identity|directory)\.privacy|site\.default/, 'every message is translated');
  });

  it('lists every declared cookie with its purpose and expiry, in both languages', async () => {
    const declared = [...PLATFORM_COOKIES, ...hearth.blocks.flatMap((b) => b.cookies ?? [])];
    for (const lang of ['en', 'cy']) {
      const res = await get(`/cookies?lang=${lang}`);
      assert.equal(res.statusCode, 200);
      const text = mainText(res.body);
      for (const cookie of declared) {
        assert.ok(text.includes(cookie.name.replace('{council}', 'testshire')), `${cookie.name} is listed (${lang})`);
        for (const key of [cookie.purposeKey, cookie.expiryKey]) assert.ok(!text.includes(key), `${key} is translated (${lang})`);
      }
    }
    const en = mainText((await get('/cookies?lang=en')).body);
    assert.match(en, /Keeps you signed in 8 hours, or when you sign out/);
    assert.match(en, /hearth_list_testshire Remembers the services you saved to your list 180 days/);
  });

  it('serves each council its own pages under /c/{slug}, with links that stay there', async () => {
    const res = await get('/c/testshire/accessibility');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /href="\/c\/testshire\/feedback\?from=%2Fc%2Ftestshire%2Faccessibility"/);
  });

  it('links the phase banner to the feedback form with the page it is on, without the query', async () => {
    const res = await get('/cookies?lang=en&x=%22%3E%3Cscript%3E');
    const banner = /govuk-phase-banner__text">([\s\S]*?)<\/span>/.exec(res.body)?.[1] ?? '';
    assert.match(banner, /This is a new service\. <a class="govuk-link" href="\/feedback\?from=%2Fcookies">Tell us what you think<\/a>/);
    const prefixed = await get('/c/testshire/privacy');
    assert.match(prefixed.body, /href="\/c\/testshire\/feedback\?from=%2Fc%2Ftestshire%2Fprivacy"/);
  });
});

describe('site pages: a council without contact details', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ council: { slug: 'plain', name: 'Plain Council', isDefault: true } });
  });
  after(() => hearth?.stop());

  it('points people to the feedback form rather than to contact details it does not have', async () => {
    const res = await hearth.app.inject({ url: '/accessibility', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(mainText(res.body), /braille, tell us using our feedback form/);
    assert.doesNotMatch(res.body, /mailto:/);
    const privacy = await hearth.app.inject({ url: '/privacy', headers: { accept: 'text/html' } });
    assert.match(mainText(privacy.body), /The data protection officer, Plain Council/);
  });
});

describe('site pages: the privacy notice with the vault off', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'directory,identity,insight' } });
  });
  after(() => hearth?.stop());

  it('says nothing of residents’ records, and that nothing is shared', async () => {
    for (const [lang, shared] of [
      ['en', /We do not sell your information or share it with anyone else, unless the law requires us to\./],
      ['cy', /Nid ydym yn gwerthu eich gwybodaeth nac yn ei rhannu ag unrhyw un arall/],
    ] as const) {
      const res = await hearth.app.inject({ url: `/privacy?lang=${lang}`, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 200);
      const text = mainText(res.body);
      assert.match(text, shared);
      assert.doesNotMatch(text, /record here|access log|advocate|Tell us once|cofnod yma|log mynediad|eiriolwr|Dweud Wrthym Unwaith/i);
      assert.doesNotMatch(res.body, /my-record/);
    }
  });
});

describe('site pages: the privacy notice lists only what the blocks that are on record', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity' } });
  });
  after(() => hearth?.stop());

  it('says nothing of out-of-date reports without the directory, and still of sign-in', async () => {
    const res = await hearth.app.inject({ url: '/privacy', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    const text = mainText(res.body);
    assert.doesNotMatch(text, /out of date/i);
    assert.match(text, /sign-in link/i);
  });
});
