import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkedLongAgo, monthsEarlier } from '../../../../src/blocks/directory/pages/format.js';
import { londonMidnight, monthsAgo } from '../../../../src/blocks/directory/staleness/clock.js';
import { staleWarning } from '../../../../src/blocks/directory/staleness/flag.js';
import { translator } from '../../../../src/blocks/directory/staleness/messages.js';

describe('staleness dates (UK)', () => {
  it('counts calendar months back, keeping to the end of a shorter month', () => {
    assert.deepEqual(monthsEarlier({ year: 2026, month: 3, day: 31 }, 1), { year: 2026, month: 2, day: 28 });
    assert.deepEqual(monthsEarlier({ year: 2024, month: 8, day: 31 }, 6), { year: 2024, month: 2, day: 29 });
    assert.deepEqual(monthsEarlier({ year: 2026, month: 1, day: 15 }, 13), { year: 2024, month: 12, day: 15 });
  });

  it('finds midnight in London in winter and in summer time', () => {
    assert.equal(londonMidnight('2026-01-10').toISOString(), '2026-01-10T00:00:00.000Z');
    assert.equal(londonMidnight('2026-07-10').toISOString(), '2026-07-09T23:00:00.000Z');
    // 3 December, 00:30 in London is still 3 December: six months back is 3 June, BST.
    assert.equal(monthsAgo(new Date('2026-12-03T00:30:00Z'), 6).toISOString(), '2026-06-02T23:00:00.000Z');
  });

  it('flags past the configured number of months, by UK date', () => {
    const now = new Date('2026-12-03T09:00:00Z');
    assert.equal(checkedLongAgo('2026-06-03', now, 6), false, 'exactly six months');
    assert.equal(checkedLongAgo('2026-06-02', now, 6), true);
    // 23:30 UTC on 2 June is 00:30 on 3 June in London.
    assert.equal(checkedLongAgo('2026-06-02T23:30:00Z', now, 6), false);
    assert.equal(checkedLongAgo(null, now, 6), false, 'never checked: no date to show, no flag');
  });

  it('words the flag for the limit chosen, in both languages', () => {
    assert.match(staleWarning(translator('en'), 12), /over a year ago/);
    assert.match(staleWarning(translator('en'), 18), /more than 18 months ago/);
    assert.match(staleWarning(translator('cy'), 18), /fwy na 18 mis yn ôl/);
  });
});
