import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageBounds, categories, termsUnder } from '../../../../src/blocks/directory/staleness/dashboard.js';
import type { StalenessSettings } from '../../../../src/blocks/directory/staleness/settings.js';

const settings = { nudgeMonths: 6, remindDays: 28, flagMonths: 12 } as unknown as StalenessSettings;

describe('staleness dashboard: what it works out once and keeps', () => {
  it('keeps the age bands’ edges for one UK date, and moves them at London midnight', () => {
    // 23:30 UTC on 2 December is still 2 December in London (GMT).
    const late = ageBounds(new Date('2026-12-02T23:30:00Z'), settings);
    assert.equal(late.nudgeFrom.toISOString(), '2026-06-01T23:00:00.000Z');
    assert.equal(late.flagFrom.toISOString(), '2025-12-02T00:00:00.000Z');
    assert.equal(ageBounds(new Date('2026-12-02T08:00:00Z'), settings), late, 'the same date: the edges held');
    const next = ageBounds(new Date('2026-12-03T00:00:00Z'), settings);
    assert.equal(next.nudgeFrom.toISOString(), '2026-06-02T23:00:00.000Z');
    assert.equal(next.flagFrom.toISOString(), '2025-12-03T00:00:00.000Z');
    // Other settings on the same date are not answered with the edges held for the first.
    const longer = ageBounds(new Date('2026-12-03T09:00:00Z'), { ...settings, nudgeMonths: 9 } as StalenessSettings);
    assert.equal(longer.nudgeFrom.toISOString(), '2026-03-03T00:00:00.000Z');
  });

  it('orders the categories by name in each language, and lists every term under one', () => {
    for (const locale of ['en', 'cy'] as const) {
      const names = categories(locale).map((c) => c.name);
      assert.ok(names.length > 5);
      assert.deepEqual(names, [...names].sort(new Intl.Collator(locale === 'cy' ? 'cy' : 'en-GB').compare));
    }
    const [first] = categories('en');
    const terms = termsUnder(first.id);
    assert.ok(terms.includes(first.id));
    assert.ok(terms.length > 1);
    assert.equal(termsUnder(first.id), terms);
  });
});
