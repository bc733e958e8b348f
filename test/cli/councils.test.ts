import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertRefused, hearthCli, type Cli } from '../support/cli.js';

describe('hearth councils (CLI)', () => {
  let dir: string;
  /** Commands run in this process, on the data folder's database opened once (test/support/cli.ts). */
  let hearth: Cli;
  const cli = (...args: string[]) => hearth.run(...args);
  /** The command fails with exit code 1 and these messages, without a stack trace. */
  const refused = (args: string[], ...messages: RegExp[]) => hearth.refused(args, messages);
  const query = <T>(sql: string) => hearth.query<T>(sql);
  const council = async (slug: string) =>
    (await query<Record<string, unknown>>(`SELECT name, hosts, colour_primary, logo_url, contact_email, contact_phone, contact_url, address, licence_text, licence_url FROM council WHERE slug = '${slug}'`))[0];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-cli-councils-'));
    hearth = hearthCli({ HEARTH_DATA_DIR: join(dir, 'data') });
    await cli('councils', 'add', '--slug', 'testshire', '--name', 'Testshire Council');
    await cli('councils', 'add', '--slug', 'otherton', '--name', 'Otherton Council', '--host', 'help.otherton.example', '--address', 'Town Hall\\nOtherton', '--licence', 'All rights reserved');
  });
  after(async () => {
    await hearth?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds a council with every detail', async () => {
    const otherton = await council('otherton');
    assert.deepEqual(otherton.hosts, ['help.otherton.example']);
    assert.equal(otherton.address, 'Town Hall\nOtherton');
    assert.equal(otherton.licence_text, 'All rights reserved');
  });

  it("changes a council's details, only those given, audited", async () => {
    const { stdout } = await cli(
      'councils', 'update', 'testshire',
      '--name', 'Testshire County Council',
      '--colour', '#4C2C92',
      '--logo', 'https://testshire.example/logo.svg',
      '--email', 'help@testshire.example',
      '--phone', '+44 1234 567890',
      '--url', 'https://testshire.example/contact',
      '--address', 'County Hall\\nTestford TE1 1ST',
      '--licence', 'Under [our terms]',
      '--licence-url', 'https://testshire.example/terms',
      '--host', 'Help.Testshire.Example', '--host', 'www.help.testshire.example',
    );
    assert.equal(stdout, 'Updated Testshire County Council (testshire): name, colour, logo, email, phone, url, address, licence, licence-url, host.\n');
    assert.deepEqual(await council('testshire'), {
      name: 'Testshire County Council',
      hosts: ['help.testshire.example', 'www.help.testshire.example'],
      colour_primary: '#4c2c92',
      logo_url: 'https://testshire.example/logo.svg',
      contact_email: 'help@testshire.example',
      contact_phone: '+44 1234 567890',
      contact_url: 'https://testshire.example/contact',
      address: 'County Hall\nTestford TE1 1ST',
      licence_text: 'Under [our terms]',
      licence_url: 'https://testshire.example/terms',
    });
    const [audit] = await query<{ action: string; target: string; user_agent: string; detail: { changed: string[]; before: { name: string } } }>(
      `SELECT action, target, user_agent, detail FROM audit_log WHERE action = 'council.updated'`,
    );
    assert.equal(audit.target, 'testshire');
    assert.equal(audit.user_agent, 'hearth command line');
    assert.equal(audit.detail.before.name, 'Testshire Council');
    assert.equal(audit.detail.changed.length, 10);

    assert.match((await cli('councils', 'list')).stdout, /testshire\tTestshire County Council\t\(default\)\thosts: help\.testshire\.example, www\.help\.testshire\.example/);
  });

  it("clears a detail given empty, and says when nothing changed", async () => {
    assert.equal((await cli('councils', 'update', 'testshire', '--logo', '', '--host', '')).stdout, 'Updated Testshire County Council (testshire): logo, host.\n');
    const testshire = await council('testshire');
    assert.equal(testshire.logo_url, null);
    assert.deepEqual(testshire.hosts, []);
    assert.equal((await cli('councils', 'update', 'testshire', '--name', 'Testshire County Council')).stdout, 'Testshire County Council (testshire) already had those details.\n');
    assert.equal((await query(`SELECT 1 FROM audit_log WHERE action = 'council.updated'`)).length, 2, 'no entry for no change');
  });

  it("sets a council's own font stack (add and update), written as CSS writes it, audited, and clears it", async () => {
    await cli('councils', 'add', '--slug', 'brook', '--name', 'Brook Council', '--font-family', "'Open Sans', Verdana, SANS-SERIF");
    const font = async (slug: string) => (await query<{ font_family: string | null }>(`SELECT font_family FROM council WHERE slug = '${slug}'`))[0].font_family;
    assert.equal(await font('brook'), '"Open Sans", "Verdana", sans-serif');
    assert.equal(await font('otherton'), null, 'a council without one: the deployment\'s');
    assert.equal((await cli('councils', 'update', 'otherton', '--font-family', 'Verdana, sans-serif')).stdout, 'Updated Otherton Council (otherton): font-family.\n');
    assert.equal(await font('otherton'), '"Verdana", sans-serif');
    const [audit] = await query<{ detail: { changed: string[]; before: Record<string, unknown>; after: Record<string, unknown> } }>(
      `SELECT detail FROM audit_log WHERE action = 'council.updated' AND target = 'otherton' ORDER BY id DESC LIMIT 1`,
    );
    assert.deepEqual(audit.detail, { changed: ['fontFamily'], before: { fontFamily: null }, after: { fontFamily: '"Verdana", sans-serif' } });
    assert.equal((await cli('councils', 'update', 'otherton', '--font-family', '"Verdana", sans-serif')).stdout, 'Otherton Council (otherton) already had those details.\n');
    assert.equal((await cli('councils', 'update', 'otherton', '--font-family', '')).stdout, 'Updated Otherton Council (otherton): font-family.\n');
    assert.equal(await font('otherton'), null);
  });

  it('refuses a font stack that is not font family names, or names GDS Transport, naming --font-family', async () => {
    const saved = await council('testshire');
    for (const bad of ['Arial; } body { display: none', 'url(https://evil.example/f.woff)', 'Arial</style>', 'Arial, ']) {
      await refused(['councils', 'update', 'testshire', '--font-family', bad], /--font-family must be font family names separated by commas, like Arial, "Helvetica Neue", Helvetica, sans-serif; ".*" is not one/);
    }
    await refused(['councils', 'update', 'testshire', '--font-family', '"GDS Transport", Arial, sans-serif'], /--font-family names GDS Transport, which only GOV\.UK may use; choose the council's own font stack/);
    await refused(['councils', 'add', '--slug', 'gds', '--name', 'GDS', '--font-family', 'gds transport'], /--font-family names GDS Transport/);
    await refused(['councils', 'update', 'testshire', '--font-family', Array(30).fill('Font Family Name').join(', ')], /--font-family must be at most 300 characters/);
    assert.deepEqual(await council('testshire'), saved);
    assert.equal(await council('gds'), undefined);
  });

  it('refuses bad input naming each flag, without a stack trace, changing nothing', async () => {
    const saved = await council('testshire');
    await refused(
      ['councils', 'update', 'testshire', '--name', ' ', '--colour', '#ffdd00', '--logo', 'http://x.example/logo.png', '--email', 'nope', '--phone', 'call us', '--url', 'javascript:alert(1)', '--licence', 'a [b] [c]', '--licence-url', 'ftp://x.example', '--host', 'not a host'],
      /--name must not be empty/,
      /--colour #ffdd00 has contrast 1\.\d\d:1 with white text; WCAG AA needs 4\.5:1/,
      /--logo must be an https:\/\/ address or a path on this site/,
      /--email must be an email address/,
      /--phone must be a phone number/,
      /--url must be an https:\/\/ address/,
      /--licence may have one pair of square brackets/,
      /--licence-url must be an https:\/\/ address/,
      /--host "not a host" is not a host name/,
    );
    await refused(['councils', 'update', 'testshire', '--colour', 'blue'], /--colour must be a colour like #1d70b8/);
    await refused(['councils', 'update', 'testshire', '--host', 'help.otherton.example'], /--host help\.otherton\.example already serves another council/);
    await refused(['councils', 'update', 'testshire'], /Nothing to change: give at least one of --name/);
    await refused(['councils', 'update', 'nowhere', '--name', 'X'], /There is no council "nowhere"\. Known: testshire, brook, otherton\./);
    await refused(['councils', 'add', '--slug', 'bad', '--name', 'Bad', '--colour', '#ffffff'], /--colour #ffffff has contrast 1\.00:1/);
    assert.deepEqual(await council('testshire'), saved);
    assert.equal(await council('bad'), undefined);
  });

  it('works as the real binary: a success, and a refusal with exit code 1, by name, without a stack trace', async () => {
    const list = await hearth.spawn(['councils', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /testshire\tTestshire County Council\t\(default\)/);
    assertRefused(await hearth.spawn(['councils', 'update', 'nowhere', '--name', 'X']), /There is no council "nowhere"\. Known: testshire, brook, otherton\./);
    assertRefused(await hearth.spawn(['councils', 'update', 'testshire', '--font-family', '"GDS Transport", Arial']), /hearth: --font-family names GDS Transport, which only GOV\.UK may use/);
  });
});
