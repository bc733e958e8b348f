import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Messages } from '../../../../src/platform/web/i18n.js';
import { checkedOverAYearAgo } from '../../../../src/blocks/directory/pages/format.js';
import { resultsPathFrom, serviceHref } from '../../../../src/blocks/directory/pages/search-links.js';
import { filtersInUse, resultsModel } from '../../../../src/blocks/directory/pages/search-view.js';
import { multirangeBounds, nextOpening } from '../../../../src/blocks/directory/search/opening-hours.js';

const messages = new Messages().addFolder('src/platform/web/locales').addFolder('src/blocks/directory/locales');
const en = messages.translator('en');
const cy = messages.translator('cy');

// Wednesday 5 March 2025, 10:30 in London.
const WEDNESDAY = new Date('2025-03-05T10:30:00Z');
const card = (next: { day: string; time: string } | null, open = false, checked?: string) =>
  resultsModel(
    en,
    'en',
    '',
    { q: 'food' },
    { total: 1, page: 1, per_page: 10, total_pages: 1, results: [{ id: 'x', name: 'X', open_now: open, next_opening: next, last_checked: checked }] },
    '/search?q=food',
    WEDNESDAY,
  ).results[0];

describe('directory result cards', () => {
  describe('when a closed service next opens', () => {
    const weekdays = multirangeBounds('{[540,1020),[1980,2460),[3420,3900),[4860,5340),[6300,6780)}'); // Mon–Fri 9 to 5

    it('is the next opening after now, wrapping past Sunday', () => {
      assert.equal(nextOpening(weekdays, 1100), 1980, 'Monday evening: Tuesday 9am');
      assert.equal(nextOpening(weekdays, 500), 540, 'Monday 8:20am: Monday 9am');
      assert.equal(nextOpening(weekdays, 9000), 540, 'Sunday: Monday 9am');
      assert.equal(nextOpening(weekdays, 600), null, 'open now');
      assert.equal(nextOpening([], 600), null, 'times unknown');
    });

    it('is not Monday midnight for a range running on from Sunday night', () => {
      // Sunday 22:00 to Monday 02:00, kept as [9960, 10080) and [0, 120).
      assert.equal(nextOpening([0, 120, 9960, 10080], 3000), 9960);
    });

    it('reads "today", "tomorrow" or the day, in English and Welsh', () => {
      assert.equal(card({ day: 'we', time: '17:00' }).closedNow, 'Closed now · opens today at 5pm');
      assert.equal(card({ day: 'th', time: '09:00' }).closedNow, 'Closed now · opens tomorrow at 9am');
      assert.equal(card({ day: 'mo', time: '09:30' }).closedNow, 'Closed now · opens Monday at 9:30am');
      const welsh = resultsModel(cy, 'cy', '', {}, { total: 1, page: 1, per_page: 10, total_pages: 1, results: [{ id: 'x', name: 'X', next_opening: { day: 'tu', time: '09:00' } }] }, undefined, WEDNESDAY);
      assert.equal(welsh.results[0].closedNow, 'Ar gau nawr · yn agor dydd Mawrth am 9yb');
      assert.equal(card(null, true).closedNow, undefined, 'open now says nothing of closing');
      assert.equal(card(null).closedNow, undefined, 'unknown times say nothing');
    });
  });

  describe('last checked', () => {
    it('is shown as a date, and flagged when over a year before today (UK dates)', () => {
      assert.equal(card(null, false, '2025-03-05').lastChecked, '5 March 2025');
      assert.equal(card(null, false, '2024-03-05').stale, false, 'exactly a year');
      assert.equal(card(null, false, '2024-03-04').stale, true, 'a year and a day');
      assert.equal(card(null, false, undefined).stale, false);
    });

    it('reads an instant as its UK date', () => {
      // 23:30 UTC on 4 March 2025 is 4 March in London (GMT); in summer 23:30 UTC is the next day.
      assert.equal(checkedOverAYearAgo('2024-03-04T23:30:00Z', WEDNESDAY), true);
      assert.equal(checkedOverAYearAgo('2024-07-01T23:30:00Z', new Date('2025-07-02T09:00:00Z')), false);
      assert.equal(checkedOverAYearAgo('2024-07-01T22:30:00Z', new Date('2025-07-02T09:00:00Z')), true);
      assert.equal(checkedOverAYearAgo('not a date', WEDNESDAY), false);
    });
  });

  describe('the way back to the results', () => {
    it('links each result with the search it came from', () => {
      assert.equal(card(null).href, `/services/x?from=${encodeURIComponent('/search?q=food')}`);
      assert.equal(serviceHref('/c/a', 'x'), '/c/a/services/x');
    });

    it('keeps only a search page of this council', () => {
      assert.equal(resultsPathFrom('', '/search?q=food&near=AS1'), '/search?q=food&near=AS1');
      assert.equal(resultsPathFrom('/c/a', '/c/a/search?q=food'), '/c/a/search?q=food');
      for (const bad of ['/search', '/c/b/search?q=food', 'https://evil.example/search?q=x', '//evil.example/search?q=x', '/services/x?q=1', '/search/../admin?q=1', 42, undefined]) {
        assert.equal(resultsPathFrom(bad === '/c/b/search?q=food' ? '/c/a' : '', bad), undefined, String(bad));
      }
    });
  });

  it('counts the filters in use for the "Filter" control', () => {
    assert.equal(filtersInUse({ q: 'food', near: 'AS1' }), 0);
    assert.equal(filtersInUse({ free: 'true', day: 'mo', time: '10:00', delivery: ['phone', 'online'], accessibility: [] }), 3);
  });
});
