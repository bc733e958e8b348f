import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PublishedEvents } from '../../../src/platform/events/published.js';

describe('published events: the types that may leave Hearth', () => {
  const published = new PublishedEvents().declare(['directory.service.updated', 'directory.service.created', 'directory.organization.updated']);

  it('knows exact types only, and lists them sorted', () => {
    assert.equal(published.has('directory.service.updated'), true);
    assert.equal(published.has('directory.search.unmet'), false);
    assert.equal(published.has('directory.*'), false);
    assert.deepEqual(published.list(), ['directory.organization.updated', 'directory.service.created', 'directory.service.updated']);
  });

  it('says whether a subscription pattern names anything published', () => {
    for (const pattern of ['*', 'directory.*', 'directory.service.*', 'directory.service.updated']) assert.equal(published.reachedBy(pattern), true, pattern);
    for (const pattern of ['directory.search.unmet', 'directory.search.*', 'insight.*', 'directory.servicex.*']) assert.equal(published.reachedBy(pattern), false, pattern);
    assert.equal(new PublishedEvents().reachedBy('*'), false, 'nothing is published until a block says so');
  });

  it('refuses a pattern or a malformed name as a declaration', () => {
    for (const bad of ['directory.*', '*', 'Directory.Service', 'directory', 'directory.service.updated ']) {
      assert.throws(() => new PublishedEvents().declare([bad]), /cannot be published/, bad);
    }
  });
});
