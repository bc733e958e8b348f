import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertRefused, hearthCli, type Cli } from '../support/cli.js';

describe('hearth people (CLI)', () => {
  let dir: string;
  /** Commands run in this process, on the data folder's database opened once (test/support/cli.ts). */
  let hearth: Cli;
  const cli = (...args: string[]) => hearth.run(...args);
  /** The command fails with exit code 1 and this message, without a stack trace. */
  const refused = (args: string[], message: RegExp, extra?: Record<string, string>) => hearth.refused(args, message, extra);
  const query = <T>(sql: string) => hearth.query<T>(sql);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-cli-people-'));
    hearth = hearthCli({ HEARTH_DATA_DIR: join(dir, 'data') });
    await cli('councils', 'add', '--slug', 'testshire', '--name', 'Testshire Council');
    await cli('councils', 'add', '--slug', 'otherton', '--name', 'Otherton Council');
  });
  after(async () => {
    await hearth?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("gives a new deployment its first council admin, in the default council or the one named, audited", async () => {
    const first = await cli('people', 'grant', 'Chief@Testshire.example', 'council_admin');
    // Addresses are kept in their canonical form (ASCII lower case: src/blocks/identity/email.ts).
    assert.match(first.stdout, /chief@testshire\.example is now council_admin in Testshire Council\./);
    const again = await cli('people', 'grant', 'chief@testshire.example', 'council_admin');
    assert.match(again.stdout, /already had that role/);
    await cli('people', 'grant', 'desk@otherton.example', 'request_handler', '--council', 'otherton', '--scope', 'Highways');
    const grants = await query<{ email: string; role: string; scope: string; slug: string }>(
      `SELECT p.email, g.role, g.scope, c.slug FROM role_grant g JOIN person p ON p.id = g.person_id JOIN council c ON c.id = g.council_id ORDER BY p.email`,
    );
    assert.deepEqual(
      grants.map((g) => [g.email, g.role, g.scope, g.slug]),
      [
        ['chief@testshire.example', 'council_admin', '', 'testshire'],
        ['desk@otherton.example', 'request_handler', 'Highways', 'otherton'],
      ],
    );
    const audit = await query<{ action: string; user_agent: string }>(`SELECT action, user_agent FROM audit_log WHERE action = 'role.granted' ORDER BY id`);
    assert.deepEqual(audit, [
      { action: 'role.granted', user_agent: 'hearth command line' },
      { action: 'role.granted', user_agent: 'hearth command line' },
    ]);
  });

  it('makes and unmakes a platform admin, audited', async () => {
    assert.match((await cli('people', 'platform-admin', 'root@hearth.example')).stdout, /root@hearth\.example is a platform admin\./);
    assert.deepEqual(await query(`SELECT platform_admin FROM person WHERE email = 'root@hearth.example'`), [{ platform_admin: true }]);
    assert.match((await cli('people', 'platform-admin', 'root@hearth.example', '--remove')).stdout, /no longer a platform admin/);
    assert.deepEqual(await query(`SELECT platform_admin FROM person WHERE email = 'root@hearth.example'`), [{ platform_admin: false }]);
    const actions = await query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'platform_admin.%' ORDER BY id`);
    assert.deepEqual(actions.map((a) => a.action), ['platform_admin.granted', 'platform_admin.revoked']);
  });

  it('refuses bad input by name, without a stack trace', async () => {
    await refused(['people', 'grant', 'not-an-email', 'council_admin'], /"not-an-email" is not an email address/);
    await refused(['people', 'grant', 'a@example.org', 'overlord'], /"overlord" is not a role\. Roles: resident, /);
    await refused(['people', 'grant', 'a@example.org', 'organisation_editor'], /organisation_editor needs --scope: the id of the organisation/);
    await refused(['people', 'grant', 'a@example.org', 'organisation_editor', '--scope', 'acme'], /--scope must be an organisation id/);
    await refused(['people', 'grant', 'a@example.org', 'council_admin', '--scope', 'x'], /council_admin takes no --scope/);
    await refused(['people', 'platform-admin', 'nobody@example.org', '--remove'], /There is no one with the email address nobody@example\.org/);
    await refused(['people', 'grant', 'a@example.org', 'council_admin'], /identity block is not enabled/, { HEARTH_BLOCKS: 'directory' });
  });

  it('is listed in --help', async () => {
    assert.match((await cli('--help')).stdout, /people/);
    assert.match((await cli('people', 'grant', '--help')).stdout, /--scope/);
  });

  it('works as the real binary: a success, and a refusal with exit code 1, by name, without a stack trace', async () => {
    const again = await hearth.spawn(['people', 'grant', 'chief@testshire.example', 'council_admin']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already had that role/);
    assertRefused(await hearth.spawn(['people', 'grant', 'a@example.org', 'council_admin', '--council', 'nowhere']), /There is no council "nowhere"\. Known: /);
  });
});
