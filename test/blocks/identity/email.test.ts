import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalEmail, EMAIL, rateLimitKey } from '../../../src/blocks/identity/email.js';

describe('identity: the canonical form of an email address', () => {
  it('lower-cases ASCII with ASCII rules, trims, and writes the domain in IDNA ASCII without a trailing dot', () => {
    assert.equal(canonicalEmail('  Sam.Jones@Example.ORG '), 'sam.jones@example.org');
    assert.equal(canonicalEmail('sam@example.org.'), 'sam@example.org');
    assert.equal(canonicalEmail('kim@Bücher.example'), 'kim@xn--bcher-kva.example');
    assert.equal(canonicalEmail('kim@xn--bcher-kva.example'), 'kim@xn--bcher-kva.example');
    assert.equal(canonicalEmail('"odd"@example.org'), undefined, 'quoted local parts are not taken');
  });

  it('never folds a non-ASCII local part onto an ASCII one (the takeover of admin@ by admİn@)', () => {
    const dotted = canonicalEmail('admİn@ashdown.example');
    assert.ok(dotted);
    assert.notEqual(dotted, 'admin@ashdown.example');
    assert.equal(dotted, 'admİn@ashdown.example', 'kept as typed');
    // The Kelvin sign IS the letter K in Unicode's canonical equivalence (NFC), so this is kim@;
    // the sign-in tests show its link still goes only to the address stored for kim.
    assert.equal(canonicalEmail('\u212Aim@ashdown.example'), 'kim@ashdown.example');
    // A Kelvin sign in the domain is mapped by IDNA, as mail systems map it.
    assert.equal(canonicalEmail('kim@ashdown.exampl\u212A'), 'kim@ashdown.examplk');
    // No Unicode case folding: these are two addresses.
    assert.notEqual(canonicalEmail('Ünal@example.org'), canonicalEmail('ünal@example.org'));
  });

  it('compares non-ASCII local parts in NFC: the same characters typed two ways are one address', () => {
    assert.equal(canonicalEmail('jose\u0301@example.org'), canonicalEmail('jos\u00e9@example.org'));
    assert.equal(canonicalEmail('jose\u0301@example.org'), 'jos\u00e9@example.org');
  });

  it('refuses what is not an address: no domain, bad IDNA, invisible characters, too long', () => {
    for (const bad of [
      '',
      'sam',
      'sam@',
      '@example.org',
      'sam@example',
      'sam@localhost',
      'sam@1.2.3.4',
      'sam@-bad.example',
      'sam@bad-.example',
      'sam@exa_mple.org',
      'sam@xn--zz.example',
      'sam@a..example',
      'sa m@example.org',
      'sam@exam\nple.org',
      'sam\n@example.org',
      'sam\u0000@example.org',
      'sa\u200bm@example.org',
      'sa\u202em@example.org',
      'sam\u001b[31m@example.org',
      'a<b>@example.org',
      `${'a'.repeat(65)}@example.org`,
      `sam@${'a'.repeat(250)}.org`,
    ]) {
      assert.equal(canonicalEmail(bad), undefined, JSON.stringify(bad));
      assert.equal(EMAIL.test(bad), false, JSON.stringify(bad));
    }
  });

  it('is idempotent', () => {
    for (const typed of ['Sam@Example.org', 'admİn@ashdown.example', 'kim@Bücher.example.', 'jose\u0301@EXAMPLE.org']) {
      const once = canonicalEmail(typed)!;
      assert.equal(canonicalEmail(once), once, typed);
    }
  });

  it('counts rate limits per mailbox: +tag and dotted variants share one key', () => {
    const key = rateLimitKey('sam@example.org');
    for (const variant of ['sam+1@example.org', 'sam+anything.else@example.org', 's.am@example.org', 'sam.@example.org', 'sam@example.org.']) {
      assert.equal(rateLimitKey(canonicalEmail(variant)!), key, variant);
    }
    assert.notEqual(rateLimitKey('sammy@example.org'), key);
    assert.notEqual(rateLimitKey('sam@example.net'), key);
  });
});
