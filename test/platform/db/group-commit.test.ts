import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit, type Answer } from '../../../src/platform/db/group-commit.js';

/** A `run` that records each batch and answers when the test releases it. */
function recorder(answer: (key: string, item: number) => Answer<string> = (key, item) => ({ ok: true, value: `${key}:${item}` })) {
  const batches: { key: string; items: number[]; release(): void; fail(error: unknown): void }[] = [];
  const run = (key: string, items: number[]) =>
    new Promise<Answer<string>[]>((resolve, reject) => {
      batches.push({ key, items, release: () => resolve(items.map((i) => answer(key, i))), fail: reject });
    });
  return { batches, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit: small pieces of work sent together while the database is busy', () => {
  it('sends a piece at once and alone when nothing is out, and gathers what arrives meanwhile into the next batch', async () => {
    const { batches, run } = recorder();
    const group = new GroupCommit(run, { inFlight: 1, batchSize: 10 });
    const first = group.submit('a', 1);
    await tick();
    assert.deepEqual(batches.map((b) => b.items), [[1]], 'at light load nothing waits');
    const rest = [2, 3, 4].map((i) => group.submit('a', i));
    await tick();
    assert.equal(batches.length, 1, 'nothing more goes while a batch is out');
    assert.deepEqual(group.load, { inFlight: 1, waiting: 3 });
    batches[0].release();
    assert.equal(await first, 'a:1');
    await tick();
    assert.deepEqual(batches.map((b) => b.items), [[1], [2, 3, 4]], 'the pieces that waited go together');
    batches[1].release();
    assert.deepEqual(await Promise.all(rest), ['a:2', 'a:3', 'a:4'], 'each piece gets its own answer');
    assert.deepEqual(group.load, { inFlight: 0, waiting: 0 });
  });

  it('keeps keys apart, each with its own places at the database, and caps a batch', async () => {
    const { batches, run } = recorder();
    const group = new GroupCommit(run, { inFlight: 1, batchSize: 2 });
    const all = [group.submit('a', 1), group.submit('a', 2), group.submit('a', 3), group.submit('a', 4), group.submit('b', 5), group.submit('a', 6)];
    await tick();
    assert.deepEqual(batches.map((b) => `${b.key}${JSON.stringify(b.items)}`), ['a[1]', 'b[5]'], "a key's batch out does not hold another key's back");
    assert.deepEqual(group.load, { inFlight: 2, waiting: 4 });
    batches[1].release();
    batches[0].release();
    await tick();
    assert.deepEqual(batches.slice(2).map((b) => `${b.key}${JSON.stringify(b.items)}`), ['a[2,3]'], 'at most two to a batch');
    batches[2].release();
    await tick();
    batches[3].release();
    assert.deepEqual(await Promise.all(all), ['a:1', 'a:2', 'a:3', 'a:4', 'b:5', 'a:6']);
    assert.deepEqual(batches.map((b) => `${b.key}${JSON.stringify(b.items)}`), ['a[1]', 'b[5]', 'a[2,3]', 'a[4,6]']);
    assert.deepEqual(group.load, { inFlight: 0, waiting: 0 });
  });

  it('holds a key back while its batch hangs, and frees the place when that batch fails', async () => {
    const { batches, run } = recorder();
    const group = new GroupCommit(run, { inFlight: 1, batchSize: 10 });
    const first = group.submit('a', 1);
    const second = group.submit('a', 2);
    await tick();
    await tick();
    assert.equal(batches.length, 1, 'nothing else of the key goes while its batch is out');
    batches[0].fail(new Error('statement timeout'));
    await assert.rejects(first, /statement timeout/);
    await tick();
    batches[1].release();
    assert.equal(await second, 'a:2', 'the place came back with the failure');
  });

  it('sends up to inFlight batches at once', async () => {
    const { batches, run } = recorder();
    const group = new GroupCommit(run, { inFlight: 2, batchSize: 10 });
    const all = [1, 2, 3, 4].map((i) => group.submit('a', i));
    await tick();
    assert.deepEqual(batches.map((b) => b.items), [[1], [2]]);
    batches[1].release();
    await tick();
    assert.deepEqual(batches.map((b) => b.items), [[1], [2], [3, 4]], 'a batch goes as soon as a place is free');
    batches[0].release();
    batches[2].release();
    assert.deepEqual(await Promise.all(all), ['a:1', 'a:2', 'a:3', 'a:4']);
  });

  it("fails a piece alone with its own error, a whole batch when the run fails, and carries on after", async () => {
    const { batches, run } = recorder((key, item) => (item === 3 ? { ok: false, error: new Error('piece 3 is refused') } : { ok: true, value: `${key}:${item}` }));
    const group = new GroupCommit(run, { inFlight: 1, batchSize: 10 });
    const first = group.submit('a', 1);
    const [two, three, four] = [2, 3, 4].map((i) => group.submit('a', i));
    await tick();
    batches[0].fail(new Error('the database went away'));
    await assert.rejects(first, /the database went away/);
    await tick();
    batches[1].release();
    assert.equal(await two, 'a:2');
    await assert.rejects(three, /piece 3 is refused/);
    assert.equal(await four, 'a:4');
    const five = group.submit('a', 5);
    await tick();
    batches[2].release();
    assert.equal(await five, 'a:5', 'later pieces still go');
  });

  it('rejects a piece the run gave no answer for, rather than leaving it waiting', async () => {
    const group = new GroupCommit<number, string>(async () => [], { inFlight: 1, batchSize: 10 });
    await assert.rejects(group.submit('a', 1), /no answer for piece 1 of 1/);
  });

  it('refuses limits that could never send anything', () => {
    const run = async () => [];
    assert.throws(() => new GroupCommit(run, { inFlight: 0, batchSize: 10 }), RangeError);
    assert.throws(() => new GroupCommit(run, { inFlight: 1, batchSize: 0 }), RangeError);
  });
});
