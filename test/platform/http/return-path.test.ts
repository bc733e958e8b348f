import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameSitePath } from '../../../src/platform/http/return-path.js';

/** Where a browser on https://hearth.example would go if sent `path` in a Location header. */
const followed = (path: string) => new URL(path, 'https://hearth.example/a/b');

describe('return paths: same site only', () => {
  it('keeps ordinary paths with their query', () => {
    assert.equal(sameSitePath('/account'), '/account');
    assert.equal(sameSitePath('/search?q=food+bank&near=SW1A%201AA'), '/search?q=food+bank&near=SW1A%201AA');
    assert.equal(sameSitePath('/c/testshire/my-list', { under: '/c/testshire' }), '/c/testshire/my-list');
    assert.equal(sameSitePath('/a/./b/../c'), '/a/c', 'resolved as a browser would');
  });

  it('refuses every known way of naming another site', () => {
    const bypasses = [
      '//evil.example',
      '/.//evil.example',
      '/././/evil.example',
      '/a/..//evil.example',
      '/\\evil.example',
      '/\\\\evil.example',
      '\\/evil.example',
      '/%2F%2Fevil.example',
      '/%2f/evil.example',
      '/%5Cevil.example',
      '/%09/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '\t//evil.example',
      ' //evil.example',
      'https://evil.example',
      'http:evil.example',
      'javascript:alert(1)',
      '//evil.example/%2e%2e',
      '/%2e%2e//evil.example',
      'evil.example',
      '',
      '/'.padEnd(2001, 'a'),
    ];
    for (const value of bypasses) {
      const path = sameSitePath(value);
      if (path !== undefined) {
        // Anything kept must lead a browser to this same site.
        assert.equal(followed(path).origin, 'https://hearth.example', `${JSON.stringify(value)} → ${path}`);
        assert.ok(!path.startsWith('//') && !path.startsWith('/\\'), `${JSON.stringify(value)} → ${path}`);
      }
    }
    for (const value of ['//evil', '/.//evil', '/\\evil', '/%2F%2Fevil', 'https://evil', '/%09/evil', '/\t/evil', '/\n/evil']) {
      assert.equal(sameSitePath(value), undefined, JSON.stringify(value));
    }
  });

  it('stays under a council path when asked', () => {
    assert.equal(sameSitePath('/c/other/my-list', { under: '/c/testshire' }), undefined);
    assert.equal(sameSitePath('/c/testshire/../other', { under: '/c/testshire' }), undefined);
    assert.equal(sameSitePath('/c/testshire-evil', { under: '/c/testshire' }), undefined);
    assert.equal(sameSitePath('/c/testshire', { under: '/c/testshire' }), '/c/testshire');
  });

  it('refuses non-strings', () => {
    for (const value of [undefined, null, 42, ['/account'], { path: '/account' }]) assert.equal(sameSitePath(value), undefined);
  });
});
