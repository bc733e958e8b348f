import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { proposeChange, workingCopy } from '../../../../../src/blocks/directory/editing/changes.js';
import { approveChange } from '../../../../../src/blocks/directory/editing/decisions.js';
import { askToBeListed } from '../../../../../src/blocks/directory/editing/listing-requests.js';
import type { Service } from '../../../../../src/blocks/directory/oruk/schemas.js';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../../../support/app.js';
import { axe, readable } from '../../../../support/axe.js';
import { signIn } from '../../../identity/support.js';
import { copy, EDIT_IDS, loadEditingFixture } from '../../editing/fixture.js';
import { browserSkip, CHROMIUM } from '../browser.js';

describe('directory managers’ pages: accessibility (axe, WCAG 2.2 AA) and 320 px in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  let page: Page;
  let pendingId: string;
  let requestId: string;

  before(async () => {
    hearth = await startTestHearth();
    await loadEditingFixture(hearth);
    const council = hearth.council.id;
    const edit = async (change: (s: Service) => void) => {
      const document = copy((await workingCopy(hearth.db, council, 'service', EDIT_IDS.lunchClub))!.document as Service);
      change(document);
      const result = await proposeChange(hearth.ctx, {
        councilId: council, organisationId: EDIT_IDS.lunchClubOrg, kind: 'service', id: EDIT_IDS.lunchClub, isNew: false, document,
        editor: { personId: null, email: 'volunteer@lunch.example' }, note: 'New winter times from January, and a pudding.',
      });
      assert.ok('changeId' in result);
      return result.changeId;
    };
    const first = await edit((s) => (s.schedules![0].closes_at = '15:00:00'));
    await approveChange(hearth.ctx, council, first, { personId: null, email: 'manager@testshire.example' }, { councilName: 'Testshire Council', baseUrl: 'http://127.0.0.1' });
    pendingId = await edit((s) => {
      s.description = 'A hot two-course lunch, a pudding and good company for anyone over 60 who would like to meet people nearby.';
      s.cost_options!.push({ id: 'e0000000-0000-4000-8000-000700000002', option: 'Pudding', amount: 1, currency: 'GBP' });
      s.schedules!.push({ id: 'e0000000-0000-4000-8000-000400000002', freq: 'WEEKLY', interval: 1, byday: 'TH', opens_at: '12:00:00', closes_at: '14:00:00', valid_from: '2027-01-01', valid_to: '2027-03-31' });
    });
    requestId = await askToBeListed(hearth.ctx, council, {
      organisationName: 'Brookfield Men’s Shed', contactName: 'Pat Jones', contactEmail: 'pat@shed.example', contactPhone: null,
      description: 'A workshop where men meet, make and mend.', area: 'Brookfield', website: 'https://shed.example/', language: 'en',
    });
    const person = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: council, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
    const signedIn = await signIn(hearth, 'manager@testshire.example');
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext();
    await context.addCookies([{ name: 'hearth_session', value: signedIn.jar.get('hearth_session')!, url: base }]);
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  async function check(what: string) {
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
    await page.setViewportSize({ width: 320, height: 800 });
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `${what}: no sideways scrolling at 320 px (${scroll} > ${client})`);
    await page.setViewportSize({ width: 1024, height: 800 });
  }

  async function visit(path: string, what: string, status = 200) {
    const res = await page.goto(`${base}${path}`);
    assert.equal(res?.status(), status, what);
    await check(what);
  }

  it('every page in English and Welsh, and the error states', async () => {
    for (const lang of ['en', 'cy'] as const) {
      await page.goto(`${base}/admin/directory?lang=${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await visit('/admin/directory', `landing (${lang})`);
      await visit('/admin/directory/changes', `queue (${lang})`);
      await visit(`/admin/directory/changes/${pendingId}`, `a change (${lang})`);
      await visit(`/admin/directory/services/${EDIT_IDS.lunchClub}/history`, `history (${lang})`);
      await visit('/ask-to-be-listed', `ask to be listed (${lang})`);
    }
    await page.goto(`${base}/admin/directory?lang=en`);
    await visit(`/admin/directory/services/${EDIT_IDS.lunchClub}/compare?from=1&to=2`, 'compare');
    await visit('/admin/directory/organisations', 'organisations');
    await visit(`/admin/directory/organisations/${EDIT_IDS.lunchClubOrg}`, 'an organisation');
    await visit('/admin/directory/requests', 'requests');
    await visit(`/admin/directory/requests/${requestId}`, 'a request');

    // Rejecting without a reason: the error summary, focused, linking to the field.
    await page.goto(`${base}/admin/directory/changes/${pendingId}`);
    await page.click('#reject ~ form button');
    await page.waitForSelector('.govuk-error-summary');
    await check('a change, rejected without a reason');
    // Comparing a version that does not exist.
    await visit(`/admin/directory/services/${EDIT_IDS.lunchClub}/compare?from=1&to=9`, 'compare, an unknown version', 400);
    // Inviting without an address.
    await page.goto(`${base}/admin/directory/organisations/${EDIT_IDS.lunchClubOrg}`);
    await page.click('form[action$="/editors"] button');
    await page.waitForSelector('.govuk-error-summary');
    await check('an organisation, invitation without an address');
    // The public form with every error, then sent.
    await page.goto(`${base}/ask-to-be-listed`);
    await page.click('main form button');
    await page.waitForSelector('.govuk-error-summary');
    await check('ask to be listed, with errors');
    await page.fill('#organisation_name', 'Clwb Garddio');
    await page.fill('#description', 'Gardening together.');
    await page.fill('#area', 'Ashdown');
    await page.fill('#contact_name', 'Ffion');
    await page.fill('#contact_email', 'ffion@example.org');
    await page.click('main form button');
    await page.waitForSelector('.govuk-panel');
    await check('ask to be listed, sent');
    // Approved from the queue, without JavaScript needed: the banner.
    await page.goto(`${base}/admin/directory/changes`);
    await page.click(`form[action$="/${pendingId}/approve"] button`);
    await page.waitForSelector('.govuk-notification-banner');
    await check('queue, after approving');
  });
});
