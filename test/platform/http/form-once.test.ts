import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { claimSubmission, newFormId, rememberAnswer, releaseSubmission, submitOnce } from '../../../src/platform/http/form-once.js';
import { migrate } from '../../../src/platform/migrate.js';
import { platformMigrations } from '../../../src/main.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

/** As much of a request as the claim reads: who is signed in, and the address. */
const requestOf = (personId: string | undefined, ip = '192.0.2.7') =>
  ({ ip, principal: personId ? { kind: 'person', personId } : undefined }) as unknown as FastifyRequest;

describe('forms sent twice (a double click)', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
  });
  after(() => database.close());

  it('lets the first submission of an id through and sends a repeat to its answer', async () => {
    const id = newFormId();
    const sam = requestOf('11111111-1111-4111-8111-111111111111');
    const first = await claimSubmission(database.db, sam, { _once: id });
    assert.deepEqual(first, { first: true, formId: id });
    await rememberAnswer(database.db, first.first ? first.formId : undefined, '/admin/partners/x/registered');
    assert.deepEqual(await claimSubmission(database.db, sam, { _once: id.toUpperCase() }), { first: false, answer: '/admin/partners/x/registered' });
  });

  it('never gives one person the answer of another who had the same id', async () => {
    const id = newFormId();
    await claimSubmission(database.db, requestOf('11111111-1111-4111-8111-111111111111'), { _once: id });
    await rememberAnswer(database.db, id, '/secret/page');
    assert.deepEqual(await claimSubmission(database.db, requestOf('22222222-2222-4222-8222-222222222222'), { _once: id }), { first: false });
  });

  it('handles a form without an id, or with something else in its place, as before', async () => {
    for (const body of [{}, { _once: 'not-a-uuid' }, { _once: ['a', 'b'] }, { _once: "'; DROP TABLE form_submission; --" }]) {
      assert.deepEqual(await claimSubmission(database.db, requestOf(undefined), body), { first: true });
    }
  });

  it('lets go of an id whose form failed its checks, so a corrected form is not a repeat', async () => {
    const id = newFormId();
    const jo = requestOf(undefined, '198.51.100.4');
    assert.equal((await claimSubmission(database.db, jo, { _once: id })).first, true);
    await releaseSubmission(database.db, id);
    assert.equal((await claimSubmission(database.db, jo, { _once: id })).first, true);
  });

  it('with the answers bound to the id, takes only the same answers for a repeat (the form again after Back, changed, is new)', async () => {
    const id = newFormId();
    const resident = requestOf(undefined, '203.0.113.9');
    const first = await claimSubmission(database.db, resident, { _once: id }, { answers: { details: 'It closes at 4' } });
    assert.equal(first.first, true);
    assert.notEqual(first.first && first.formId, id, 'claimed under an id of its own');
    await rememberAnswer(database.db, first.first ? first.formId : undefined, '/feedback/sent');
    assert.deepEqual(await claimSubmission(database.db, resident, { _once: id }, { answers: { details: 'It closes at 4' } }), { first: false, answer: '/feedback/sent' });
    assert.equal((await claimSubmission(database.db, resident, { _once: id }, { answers: { details: 'It closes at 5' } })).first, true);
  });

  it('makes a repeat waiting on a first that then fails the first itself, so the work is done once, not never', async () => {
    const id = newFormId();
    const jo = requestOf(undefined, '198.51.100.5');
    const answers = { details: 'The phone number is wrong' };
    const first = await claimSubmission(database.db, jo, { _once: id }, { answers });
    assert.equal(first.first, true);
    // The second press arrives while the first is still at work, and waits for its answer…
    const second = claimSubmission(database.db, jo, { _once: id }, { answers });
    await new Promise((resolve) => setTimeout(resolve, 250));
    // …which fails and lets the id go.
    await releaseSubmission(database.db, first.first ? first.formId : undefined);
    assert.deepEqual(await second, { first: true, formId: first.first ? first.formId : undefined });
  });

  it('with the answers bound, counts the same answers as a repeat for two minutes only (Back, then the same again later, is meant)', async () => {
    const id = newFormId();
    const resident = requestOf(undefined, '203.0.113.10');
    const answers = { email: 'sam@example.org' };
    const first = await claimSubmission(database.db, resident, { _once: id }, { answers });
    assert.ok(first.first && first.formId);
    await rememberAnswer(database.db, first.formId, '/sign-in/check-email');
    assert.equal((await claimSubmission(database.db, resident, { _once: id }, { answers })).first, false);
    await database.db.query("UPDATE form_submission SET created_at = now() - interval '3 minutes' WHERE id = $1", [first.formId]);
    assert.deepEqual(await claimSubmission(database.db, resident, { _once: id }, { answers }), { first: true, formId: first.formId });
    // A form whose id alone is claimed (a partner registered) stays claimed for the day.
    const once = newFormId();
    await claimSubmission(database.db, resident, { _once: once });
    await rememberAnswer(database.db, once, '/admin/partners/y/registered');
    await database.db.query("UPDATE form_submission SET created_at = now() - interval '3 minutes' WHERE id = $1", [once]);
    assert.deepEqual(await claimSubmission(database.db, resident, { _once: once }), { first: false, answer: '/admin/partners/y/registered' });
  });

  it('submitOnce: does the work once, sends a repeat where the first went, and lets the id go when the work does nothing or throws', async () => {
    const resident = requestOf(undefined, '203.0.113.11');
    let runs = 0;
    const body = { _once: newFormId() };
    const work = async () => {
      runs++;
      return { answer: `/done/${runs}` };
    };
    assert.deepEqual(await submitOnce(database.db, resident, body, { answers: 'a' }, work), { answer: '/done/1' });
    assert.deepEqual(await submitOnce(database.db, resident, body, { answers: 'a' }, work), { answer: '/done/1' });
    assert.equal(runs, 1);

    const failing = { _once: newFormId() };
    assert.deepEqual(await submitOnce<'gone'>(database.db, resident, failing, { fallback: '/thanks' }, async () => ({ failed: 'gone' })), { failed: 'gone' });
    await assert.rejects(submitOnce(database.db, resident, failing, { fallback: '/thanks' }, async () => {
      throw new Error('database down');
    }), /database down/);
    // Neither kept the id: the next submission is a first one and does the work.
    assert.deepEqual(await submitOnce(database.db, resident, failing, { fallback: '/thanks' }, work), { answer: '/done/2' });
  });
});
