import type { Command } from 'commander';
import { checkGrant, COMMAND_LINE, EMAIL, giveRole, isRole, MAX_EMAIL, MAX_SCOPE, ROLES, SCOPED_ROLES, setPlatformAdminByEmail, type GrantProblem } from '../blocks/identity/index.js';
import { chooseCouncil, CliError, openMigratedDb } from './context.js';
import { out } from './terminal.js';

function grantProblemText(problem: GrantProblem, role: string): string {
  switch (problem) {
    case 'role':
      return `"${role}" is not a role. Roles: ${ROLES.join(', ')}`;
    case 'scope_missing':
      return `${role} needs --scope: ${isRole(role) && SCOPED_ROLES[role] === 'organisationId' ? 'the id of the organisation they will edit' : 'the team whose requests they will handle'}`;
    case 'scope_organisation_id':
      return '--scope must be an organisation id, like 3f2a6b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c';
    case 'scope_long':
      return `--scope must be ${MAX_SCOPE} characters or fewer`;
  }
}

/** The database, migrated, when the identity block is on (its tables hold people and roles). */
async function openIdentityDb() {
  const opened = await openMigratedDb();
  if (!opened.config.blocks.includes('identity')) {
    await opened.db.close();
    throw new CliError(`The identity block is not enabled: HEARTH_BLOCKS is "${opened.config.blocks.join(',')}". Add identity to it.`);
  }
  return opened.db;
}

function checkedEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > MAX_EMAIL || !EMAIL.test(trimmed)) throw new CliError(`"${email}" is not an email address, like name@example.com`);
  return trimmed;
}

/**
 * People and roles from the server's command line: how a new deployment gets its first council
 * admin (who then invites everyone else from /admin/people), and the only way to make a platform
 * admin. Every change goes in the audit log, by "hearth command line".
 */
export function registerPeopleCommands(program: Command): void {
  const people = program.command('people').description('Give roles from the command line: the first council admin of a council, platform admins.');

  people
    .command('grant')
    .description(
      `Give a person (found or created by email) a role in a council. Roles: ${ROLES.join(', ')}. ` +
        'They sign in by email link (or the council\'s OpenID Connect provider) with that address.',
    )
    .argument('<email>', 'their email address')
    .argument('<role>', `one of ${ROLES.join(', ')}`)
    .option('--council <slug>', 'the council (default: the default council)')
    .option('--scope <value>', 'for organisation_editor, the organisation id; for request_handler, the team')
    .action(async (email: string, role: string, options: { council?: string; scope?: string }) => {
      const address = checkedEmail(email);
      const scope = (options.scope ?? '').trim();
      // The admin page ignores a scope an unscoped role does not use; typed here, it is a mistake.
      if (isRole(role) && !SCOPED_ROLES[role] && scope) throw new CliError(`${role} takes no --scope`);
      const grant = checkGrant(role, scope);
      if ('problem' in grant) throw new CliError(grantProblemText(grant.problem, role));
      const db = await openIdentityDb();
      try {
        const council = await chooseCouncil(db, options.council);
        const { person, added } = await giveRole(db, { councilId: council.id, email: address, ...grant, actor: COMMAND_LINE });
        out(added ? `${person.email} is now ${role}${scope ? ` (${scope})` : ''} in ${council.name}.\n` : `${person.email} already had that role in ${council.name}.\n`);
      } finally {
        await db.close();
      }
    });

  people
    .command('platform-admin')
    .description('Make a person a platform admin (every council), or with --remove stop them being one. No page can do this.')
    .argument('<email>', 'their email address')
    .option('--remove', 'take platform admin away')
    .action(async (email: string, options: { remove?: boolean }) => {
      const address = checkedEmail(email);
      const db = await openIdentityDb();
      try {
        const person = await setPlatformAdminByEmail(db, address, !options.remove, COMMAND_LINE);
        if (!person) throw new CliError(`There is no one with the email address ${address}.`);
        out(options.remove ? `${person.email} is no longer a platform admin.\n` : `${person.email} is a platform admin.\n`);
      } finally {
        await db.close();
      }
    });
}
