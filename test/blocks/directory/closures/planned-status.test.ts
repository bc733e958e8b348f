import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closedOn, closureOver, plannedStep } from '../../../../src/blocks/directory/closures/planned-status.js';
import type { Service } from '../../../../src/blocks/directory/oruk/schemas.js';

const WEEKLY = { id: 'w', freq: 'WEEKLY', byday: 'MO', opens_at: '10:00:00', closes_at: '14:00:00' };
const ALERT = 'Temporarily closed from 10 March 2027 until 20 March 2027: repairs';

/** A service with the status form's closure: `last` is the row's `valid_to`, the last day closed. */
function service(status: string, closure?: { from: string; last?: string }, alert = ALERT): Service {
  const row = closure && { id: 'c', valid_from: closure.from, ...(closure.last ? { valid_to: closure.last } : {}), description: alert, notes: 'repairs' };
  return { id: 's', name: 'Hall', status, alert, schedules: [WEEKLY, ...(row ? [row] : [])] } as Service;
}

describe('planned closures: what the dates mean on a day', () => {
  it('is closed from the first day to the last (ORUK\'s valid_to) and open again the day after', () => {
    const s = service('active', { from: '2027-03-10', last: '2027-03-19' });
    assert.equal(closedOn(s, '2027-03-09'), false);
    assert.equal(closedOn(s, '2027-03-10'), true);
    assert.equal(closedOn(s, '2027-03-19'), true);
    assert.equal(closedOn(s, '2027-03-20'), false);
    assert.equal(closureOver(s, '2027-03-19'), false);
    assert.equal(closureOver(s, '2027-03-20'), true);
    // One day: closed on it, open the next.
    const day = service('active', { from: '2027-03-10', last: '2027-03-10' });
    assert.deepEqual(['2027-03-09', '2027-03-10', '2027-03-11'].map((d) => closedOn(day, d)), [false, true, false]);
    assert.equal(plannedStep(day, '2027-03-11')?.status, 'active');
  });

  it('closes an open service once its closure has begun, and stays closed without an end date', () => {
    const s = service('active', { from: '2027-03-10' });
    assert.equal(plannedStep(s, '2027-03-09'), undefined);
    const step = plannedStep(s, '2027-03-10');
    assert.ok(step);
    assert.equal(step.status, 'temporarily closed');
    assert.equal(step.document.alert, ALERT);
    assert.equal(step.document.schedules?.length, 2, 'the closure stays: it says since when');
    assert.equal(plannedStep(step.document, '2099-01-01'), undefined);
    assert.equal(closedOn(step.document, '2099-01-01'), true);
  });

  it('opens a closed service again on its day, without the closure or its words; an open one with a past closure loses them too', () => {
    for (const status of ['temporarily closed', 'active']) {
      const step = plannedStep(service(status, { from: '2027-03-10', last: '2027-03-19' }), '2027-03-20');
      assert.ok(step);
      assert.equal(step.status, 'active', status);
      assert.equal(step.document.alert, undefined);
      assert.deepEqual(step.document.schedules, [WEEKLY]);
    }
    assert.equal(plannedStep(service('temporarily closed', { from: '2027-03-10', last: '2027-03-19' }), '2027-03-19'), undefined);
  });

  it('never touches an ended service, a closure that is not the status form\'s, or a closed service with no dates', () => {
    assert.equal(plannedStep(service('inactive', { from: '2027-03-10', last: '2027-03-19' }), '2027-03-25'), undefined);
    assert.equal(closedOn(service('inactive', { from: '2027-03-10', last: '2027-03-19' }), '2027-03-25'), true);
    // A bank-holiday closure from the opening times form: its words are not the alert.
    const holiday = { ...service('active'), schedules: [WEEKLY, { id: 'h', valid_from: '2027-03-10', valid_to: '2027-03-10', description: 'Closed on 10 March', notes: 'Bank holiday' }] } as Service;
    assert.equal(plannedStep(holiday, '2027-03-10'), undefined);
    assert.equal(closedOn(holiday, '2027-03-10'), false);
    assert.equal(closedOn(service('temporarily closed'), '2027-03-10'), true);
    assert.equal(plannedStep(service('temporarily closed'), '2027-03-10'), undefined);
  });
});
