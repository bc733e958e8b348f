import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCouncil } from '../../../src/platform/councils.js';
import { Dispatcher, type OutboxEvent } from '../../../src/platform/events/dispatcher.js';
import { recordEvent, recordEvents } from '../../../src/platform/events/outbox.js';
import { createLogger } from '../../../src/platform/log.js';
import { migrate } from '../../../src/platform/migrate.js';
import { platformMigrations } from '../../../src/main.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

describe('outbox and dispatcher', () => {
  let database: TestDatabase;
  let councilId: string;
  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
    councilId = (await addCouncil(database.db, { slug: 'events', name: 'Events Council' })).id;
  });
  after(() => database.close());

  it('writes events only when the transaction commits', async () => {
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await recordEvent(tx, { councilId, type: 'test.thing.created', subject: 'rolled-back' });
        throw new Error('change failed');
      }),
    );
    await database.db.transaction((tx) =>
      recordEvents(tx, [
        { councilId, type: 'test.thing.created', subject: 'a', data: { n: 1 } },
        { councilId, type: 'test.other.created', subject: 'b' },
      ]),
    );
    const { rows } = await database.db.query<{ subject: string }>('SELECT subject FROM outbox ORDER BY id');
    assert.deepEqual(rows.map((r) => r.subject), ['a', 'b']);
  });

  it('hands events to matching subscribers in order, once', async () => {
    const dispatcher = new Dispatcher(database.db, createLogger('silent'));
    const seen: OutboxEvent[] = [];
    dispatcher.subscribe('test.thing.*', (e) => {
      seen.push(e);
    });
    assert.equal(await dispatcher.dispatchOnce(), 2);
    assert.equal(await dispatcher.dispatchOnce(), 0);
    assert.deepEqual(seen.map((e) => [e.type, e.subject, e.data]), [['test.thing.created', 'a', { n: 1 }]]);
  });

  it('wakes as soon as an event is committed on any connection, not at its next poll', async () => {
    // A poll a minute apart: only the commit's notification can bring the event in time.
    const dispatcher = new Dispatcher(database.db, createLogger('silent'), 60_000);
    const seen: string[] = [];
    dispatcher.subscribe('test.wake', (e) => {
      seen.push(e.subject);
    });
    dispatcher.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 500)); // listening, and the first round done
      const committed = Date.now();
      await database.db.transaction((tx) => recordEvent(tx, { councilId, type: 'test.wake', subject: 'woken' }));
      while (!seen.length && Date.now() - committed < 5000) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(seen, ['woken']);
      assert.ok(Date.now() - committed < 5000);
    } finally {
      await dispatcher.stop();
    }
  });

  it('keeps a failing event for retry and records the error', async () => {
    const dispatcher = new Dispatcher(database.db, createLogger('silent'));
    let calls = 0;
    dispatcher.subscribe('test.fails', () => {
      calls++;
      throw new Error('subscriber down');
    });
    await database.db.transaction((tx) => recordEvent(tx, { councilId, type: 'test.fails', subject: 'x' }));
    await dispatcher.dispatchOnce();
    assert.equal(calls, 1);
    const { rows } = await database.db.query<{ attempts: number; last_error: string; dispatched_at: Date | null }>(
      "SELECT attempts, last_error, dispatched_at FROM outbox WHERE type = 'test.fails'",
    );
    assert.equal(rows[0].attempts, 1);
    assert.equal(rows[0].last_error, 'subscriber down');
    assert.equal(rows[0].dispatched_at, null);
    // Back-off: not retried at once.
    await dispatcher.dispatchOnce();
    assert.equal(calls, 1);
  });
});
