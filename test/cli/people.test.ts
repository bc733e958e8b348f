import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openPglite } from '../../src/platform/db/pglite.js';

const run = promisify(execFile);
const hearth = fileURLToPath(new URL('../../bin/hearth.js', import.meta.url));

describe('hearth people (CLI)', () => {
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({ ...process.env, HEARTH_DATA_DIR: join(dir, 'data'), HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent', ...extra });
  const cli = (...args: string[]) => run(process.execPath, [hearth, ...args], { env: env() });
  /** The command fails with exit code 1 and this message, without a stack trace. */
  const refused = (args: string[], message: RegExp, extra?: Record<string, string>) =>
    assert.rejects(run(process.execPath, [hearth, ...args], { env: env(extra) }), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, message);
      assert.doesNotMatch(error.stderr, /at .*\.ts:\d+/, 'no stack trace');
      return true;
    });
  /** Read the data folder directly (no Hearth process holds it between commands). */
  async function query<T>(sql: string): Promise<T[]> {
    const db = await openPglite(join(dir, 'data'));
    try {
      return (await db.query<T>(sql)).rows;
    } finally {
      await db.close();
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-cli-people-'));
    await cli('councils', 'add', '--slug', 'testshire', '--name', 'Testshire Council');
    await cli('councils', 'add', '--slug', 'otherton', '--name', 'Otherton Council');
  });
  after(() => rm(dir, { recursive: true, force: true }));

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
    await refused(['people', 'grant', 'a@example.org', 'council_admin', '--council', 'nowhere'], /There is no council "nowhere"\. Known: /);
    await refused(['people', 'platform-admin', 'nobody@example.org', '--remove'], /There is no one with the email address nobody@example\.org/);
    await refused(['people', 'grant', 'a@example.org', 'council_admin'], /identity block is not enabled/, { HEARTH_BLOCKS: 'directory' });
  });

  it('is listed in --help', async () => {
    assert.match((await cli('--help')).stdout, /people/);
    assert.match((await cli('people', 'grant', '--help')).stdout, /--scope/);
  });
});
