import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Council } from '../../../src/platform/councils.js';
import { footerFor, linkedSentence, OGL_URL } from '../../../src/platform/web/footer.js';
import { Messages } from '../../../src/platform/web/i18n.js';

const messages = new Messages().addFolder(join('src', 'platform', 'web', 'locales'));
const council: Council = { id: 'c', slug: 'ashdown', name: 'Ashdown Council', hosts: [], isDefault: false, colourPrimary: '#1d70b8' };

describe('footer', () => {
  it('links the bracketed words of a licence sentence, or the whole sentence, or nothing', () => {
    assert.deepEqual(linkedSentence('Under the [Open Licence], mostly', 'https://l.example/'), { before: 'Under the ', link: { href: 'https://l.example/', text: 'Open Licence' }, after: ', mostly' });
    assert.deepEqual(linkedSentence('All rights reserved', 'https://l.example/'), { before: '', link: { href: 'https://l.example/', text: 'All rights reserved' }, after: '' });
    assert.deepEqual(linkedSentence('Under the [Open Licence]', undefined), { before: 'Under the Open Licence', after: '' });
  });

  it('carries the pages the law expects, contact, open data and API, under the council path', () => {
    const footer = footerFor(messages.translator('en'), { ...council, contactUrl: 'https://ashdown.example/contact' }, '/c/ashdown');
    assert.deepEqual(
      footer.links.map((l) => l.href),
      ['/c/ashdown/accessibility', '/c/ashdown/privacy', '/c/ashdown/cookies', '/c/ashdown/feedback', 'https://ashdown.example/contact', '/c/ashdown/open-data', '/api/docs'],
    );
    assert.equal(footer.links[4].text, 'Contact Ashdown Council');
  });

  it('defaults to the Open Government Licence in the page language, with its symbol', () => {
    const cy = footerFor(messages.translator('cy'), council, '');
    assert.equal(cy.licence.link?.href, OGL_URL);
    assert.equal(cy.licence.link?.text, 'Drwydded Llywodraeth Agored v3.0');
    assert.equal(cy.ogl, true);
    assert.equal(cy.links[0].text, 'Datganiad hygyrchedd');
    assert.equal(cy.copyright, '© Ashdown Council');
  });

  it("shows the council's own licence, without the OGL symbol", () => {
    const own = footerFor(messages.translator('en'), { ...council, licenceText: '© Ashdown. [Reuse terms] apply.', licenceUrl: 'https://ashdown.example/terms' }, '');
    assert.deepEqual(own.licence, { before: '© Ashdown. ', link: { href: 'https://ashdown.example/terms', text: 'Reuse terms' }, after: ' apply.' });
    assert.equal(own.ogl, false);
    const unlinked = footerFor(messages.translator('en'), { ...council, licenceText: 'All rights reserved' }, '');
    assert.deepEqual(unlinked.licence, { before: 'All rights reserved', after: '' });
  });

  it('splits the address into lines', () => {
    assert.deepEqual(footerFor(messages.translator('en'), { ...council, address: 'Town Hall\n  High Street \n\nAshdown AS1 1AA' }, '').addressLines, ['Town Hall', 'High Street', 'Ashdown AS1 1AA']);
  });
});
