import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setFeedClientDefaultsForTests } from '../../src/blocks/directory/federation/feed-client.js';
import { startTestHearth, type TestHearth } from '../support/app.js';
import { assertRefused, hearthCli, type Cli, type CliResult } from '../support/cli.js';
import { feedService, startTestFeed, uuidFor, type TestFeed } from '../blocks/directory/federation/feed-server.js';

/**
 * `hearth feeds add|list|pull|remove`, run in this process as the control socket runs a command
 * inside the server (on its open database; test/support/cli.ts), so the command's fetches can be
 * pointed at a test feed on this machine. The last test runs the real binary on a data folder of
 * its own.
 */
describe('hearth feeds (CLI)', () => {
  let hearth: TestHearth;
  let feed: TestFeed;
  let feedId: string;
  let dir: string;
  let commands: Cli;

  const cli = (...args: string[]): Promise<CliResult> => commands.attempt(...args);

  before(async () => {
    hearth = await startTestHearth();
    dir = await mkdtemp(join(tmpdir(), 'hearth-cli-feeds-'));
    commands = hearthCli({ HEARTH_DATA_DIR: join(dir, 'data') }, { db: hearth.db });
    feed = await startTestFeed();
    setFeedClientDefaultsForTests(feed.clientOptions);
    feed.services.set(uuidFor(100, 'a'), feedService({ id: uuidFor(100, 'a'), name: 'Warm space', organisation: 'Neighbourton Library', postcode: 'NB1 1AA' }));
    feed.services.set(uuidFor(100, 'b'), feedService({ id: uuidFor(100, 'b'), name: 'Baby rhyme time', organisation: 'Neighbourton Library', postcode: 'NB1 1AA' }));
  });
  after(async () => {
    setFeedClientDefaultsForTests({});
    await feed?.close();
    await hearth?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('feeds add checks the address at once and refuses what is not ORUK 3.0, in words', async () => {
    let r = await cli('feeds', 'add', 'http://example.org/oruk');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /<url>: The address cannot be used: only https addresses are fetched/);
    feed.misbehave = 'html';
    r = await cli('feeds', 'add', feed.url());
    feed.misbehave = 'none';
    assert.equal(r.code, 1);
    assert.match(r.stderr, /text\/html.*not an ORUK 3\.0 feed/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
    r = await cli('feeds', 'add', `${feed.url()}/services`, '--council', 'testshire', '--name', 'Neighbour Council');
    assert.equal(r.code, 0, r.stderr);
    const m = /feed ([0-9a-f-]{36})/.exec(r.stdout);
    assert.ok(m, r.stdout);
    feedId = m[1];
    assert.match(r.stdout, new RegExp(`Testshire Council now subscribes to Neighbour Council \\(${feed.url()}\\)`));
  });

  it('feeds pull pulls now and says what it did; list shows the state', async () => {
    let r = await cli('feeds', 'pull', '--council', 'testshire');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Neighbour Council: pulled \(everything\): 2 services imported, 0 skipped/);
    r = await cli('feeds', 'list');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /services held: +2/);
    assert.match(r.stdout, /state: +ok/);
  });

  it('a failing feed exits 1 and the list says why and when it is retried', async () => {
    feed.misbehave = 'down';
    let r = await cli('feeds', 'pull', '--feed', feedId);
    feed.misbehave = 'none';
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAILED.*\n.*could not be reached\. Nothing imported before was removed/);
    r = await cli('feeds', 'list', '--council', 'testshire');
    assert.match(r.stdout, /last error: +.*could not be reached/);
    assert.match(r.stdout, /next pull: +retried after 20\d\d-/);
    assert.match(r.stdout, /services held: +2/);
  });

  it('feeds remove asks for --yes, then removes the feed and its services', async () => {
    let r = await cli('feeds', 'remove', 'nonsense');
    assert.match(r.stderr, /must be a feed id/);
    r = await cli('feeds', 'remove', feedId);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /also removes the 2 services it brought\. Run again with --yes/);
    r = await cli('feeds', 'remove', feedId, '--yes');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Removed Neighbour Council and 2 services it brought/);
    const { rows } = await hearth.db.query("SELECT count(*)::int AS n FROM service WHERE name IN ('Warm space', 'Baby rhyme time')");
    assert.equal((rows[0] as { n: number }).n, 0);
    r = await cli('feeds', 'list');
    assert.match(r.stdout, /No feeds/);
  });

  it('is listed in --help', async () => {
    const r = await cli('--help');
    assert.match(r.stdout, /feeds/);
  });

  it('works as the real binary, on a data folder of its own: a success, and a refusal with exit code 1, without a stack trace', async () => {
    const list = await commands.spawn(['feeds', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /No feeds/);
    assertRefused(await commands.spawn(['feeds', 'remove', 'nonsense']), /must be a feed id/);
  });
});
