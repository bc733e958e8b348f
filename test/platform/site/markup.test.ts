import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefersHtml, prefersJson } from '../../../src/platform/site/accept.js';
import { parseMarkup, renderMarkup, safeHref } from '../../../src/platform/site/markup.js';
import { contactHtml } from '../../../src/platform/site/public-pages.js';
import { dayOf, readPageForm } from '../../../src/platform/site/page-form.js';

describe('the site pages’ tiny markup', () => {
  it('reads paragraphs, headings and lists', () => {
    assert.deepEqual(parseMarkup('One line\nand the next\n\n## A heading\n### Smaller\n- first\n  continued\n* second\n\nAfter'), [
      { kind: 'paragraph', text: 'One line and the next' },
      { kind: 'heading', level: 2, text: 'A heading' },
      { kind: 'heading', level: 3, text: 'Smaller' },
      { kind: 'list', items: ['first continued', 'second'] },
      { kind: 'paragraph', text: 'After' },
    ]);
  });

  it('escapes everything: no HTML from the database reaches a page', () => {
    const html = renderMarkup('<script>alert(1)</script>\n\n## <img src=x onerror=alert(1)>\n\n- "quoted" & \'single\'');
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /<p class="govuk-body">&#60;script&#62;alert\(1\)&#60;\/script&#62;<\/p>/);
    assert.match(html, /&#34;quoted&#34; &#38; &#39;single&#39;/);
  });

  it('makes links only to the web, email, phone or this site', () => {
    assert.equal(renderMarkup('[a](https://example.org/x?y=1&z=2)'), '<p class="govuk-body"><a class="govuk-link" href="https://example.org/x?y=1&#38;z=2">a</a></p>');
    assert.match(renderMarkup('[a](/privacy)'), /href="\/privacy"/);
    assert.match(renderMarkup('[a](mailto:dpo@example.org)'), /href="mailto:dpo@example\.org"/);
    assert.match(renderMarkup('[a](tel:01632960000)'), /href="tel:01632960000"/);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', 'vbscript:x', '/\\evil.example']) {
      assert.equal(safeHref(bad), undefined, bad);
      assert.doesNotMatch(renderMarkup(`[a](${bad})`), /<a /, bad);
    }
    assert.match(renderMarkup('[a"><script>](https://example.org)'), /&#34;&#62;&#60;script&#62;/);
  });
});

describe('the data protection contact', () => {
  it('links each email and web address in it, escaping the rest', () => {
    assert.equal(
      contactHtml('Data Protection Officer, dpo@testshire.gov.uk or https://testshire.gov.uk/dpo.'),
      'Data Protection Officer, <a class="govuk-link" href="mailto:dpo@testshire.gov.uk">dpo@testshire.gov.uk</a> or <a class="govuk-link" href="https://testshire.gov.uk/dpo">https://testshire.gov.uk/dpo</a>.',
    );
    assert.equal(contactHtml('Town Hall, <High> Street & Co'), 'Town Hall, &#60;High&#62; Street &#38; Co');
    assert.doesNotMatch(contactHtml('javascript:alert(1)'), /<a /);
  });
});

describe('reading the admin’s form', () => {
  const t = (key: string, vars?: Record<string, string | number>) => `${key}${vars ? JSON.stringify(vars) : ''}`;

  it('takes only real days', () => {
    assert.equal(dayOf('2', '3', '2026'), '2026-03-02');
    assert.equal(dayOf('29', '2', '2028'), '2028-02-29');
    for (const [d, m, y] of [['31', '2', '2026'], ['29', '2', '2026'], ['1', '13', '2026'], ['', '1', '2026'], ['1', '1', '26'], ['1', '1', '1999'], ['1.5', '1', '2026']]) {
      assert.equal(dayOf(d, m, y), undefined, `${d}/${m}/${y}`);
    }
  });

  it('counts characters as people do and keeps one line of text on one line', () => {
    const form = readPageForm('privacy', { intro: '😀'.repeat(5000), lawfulBasis: 'x', retention: 'y', sharing: 'z', dataProtectionContact: '  Data\n  officer\t ' }, t);
    assert.deepEqual(form.errors, {});
    assert.equal(form.fields.dataProtectionContact, 'Data officer');
    const over = readPageForm('privacy', { intro: '😀'.repeat(5001), lawfulBasis: 'x', retention: 'y', sharing: 'z', dataProtectionContact: 'd' }, t);
    assert.deepEqual(over.errors, { intro: 'site.field.privacy.intro.error_long{"max":5000}' });
  });

  it('drops control characters and takes a value that is not text as missing', () => {
    const form = readPageForm('cookies', { intro: 'a\u0007b\u001b[31mc' }, t);
    assert.equal(form.fields.intro, 'ab[31mc');
    assert.deepEqual(readPageForm('cookies', { intro: ['a', 'b'] }, t).errors, { intro: 'site.field.cookies.intro.error_missing' });
  });
});

describe('who wants a page and who wants data', () => {
  it('reads a browser’s Accept header as wanting HTML', () => {
    assert.equal(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8'), true);
    assert.equal(prefersHtml('text/html'), true);
    assert.equal(prefersJson('text/html,application/xhtml+xml'), false);
  });

  it('reads a program’s as wanting JSON, and no preference as no page', () => {
    assert.equal(prefersJson('application/json'), true);
    assert.equal(prefersJson('application/problem+json, text/html;q=0.5'), true);
    assert.equal(prefersHtml('application/json, text/html;q=0.1'), false);
    assert.equal(prefersHtml('*/*'), false);
    assert.equal(prefersHtml(undefined), false);
    assert.equal(prefersHtml('text/html;q=0'), false);
    assert.equal(prefersJson('*/*'), false);
  });
});
