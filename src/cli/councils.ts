import type { Command } from 'commander';
import { COMMAND_LINE, recordAudit } from '../blocks/identity/index.js';
import {
  addCouncil,
  checkCouncilChanges,
  councilChangeDetail,
  CouncilChangeError,
  CouncilExistsError,
  listCouncils,
  normaliseCouncilChanges,
  updateCouncil,
  type CouncilChanges,
  type CouncilField,
  type CouncilProblem,
} from '../platform/councils.js';
import { DEFAULT_FONT_FAMILY } from '../platform/web/font-stack.js';
import { CliError, openMigratedDb } from './context.js';
import { enabledBlocks } from '../main.js';
import { out } from './terminal.js';

/** The options both `add` and `update` take for a council's details. */
interface DetailOptions {
  name?: string;
  host?: string[];
  colour?: string;
  fontFamily?: string;
  logo?: string;
  email?: string;
  phone?: string;
  url?: string;
  address?: string;
  licence?: string;
  licenceUrl?: string;
}

interface AddOptions extends DetailOptions {
  slug: string;
  name: string;
  default?: boolean;
}

const FLAGS: Record<CouncilField, string> = {
  name: '--name',
  colourPrimary: '--colour',
  fontFamily: '--font-family',
  logoUrl: '--logo',
  contactEmail: '--email',
  contactPhone: '--phone',
  contactUrl: '--url',
  address: '--address',
  licenceText: '--licence',
  licenceUrl: '--licence-url',
  hosts: '--host',
};

/** A problem with a council's details, in the words of the command line. */
export function councilProblemText(problem: CouncilProblem, changes: CouncilChanges = {}): string {
  const flag = FLAGS[problem.field];
  switch (problem.reason) {
    case 'missing':
      return `${flag} must not be empty`;
    case 'too_long':
      return `${flag} must be at most ${problem.detail} characters`;
    case 'control':
      return `${flag} must not contain control characters${problem.field === 'address' ? '' : ' or line breaks'}`;
    case 'colour_format':
      return `${flag} must be a colour like #1d70b8`;
    case 'colour_contrast':
      return `${flag} ${changes.colourPrimary ?? ''} has contrast ${problem.detail}:1 with white text; WCAG AA needs 4.5:1. Choose a darker colour.`;
    case 'font_family':
      return `${flag} must be font family names separated by commas, like ${DEFAULT_FONT_FAMILY}; "${problem.detail}" is not one`;
    case 'font_reserved':
      return `${flag} names GDS Transport, which only GOV.UK may use; choose the council's own font stack`;
    case 'logo_url':
      return `${flag} must be an https:// address or a path on this site, like /static/logo.svg`;
    case 'email':
      return `${flag} must be an email address, like help@council.example`;
    case 'phone':
      return `${flag} must be a phone number, like 01234 567890 or +44 1234 567890`;
    case 'https_url':
      return `${flag} must be an https:// address`;
    case 'licence_brackets':
      return `${flag} may have one pair of square brackets, around the words that link to the licence`;
    case 'host':
      return `${flag} "${problem.detail}" is not a host name`;
    case 'host_taken':
      return `${flag} ${problem.detail} already serves another council`;
  }
}

const refuse = (problems: CouncilProblem[], changes: CouncilChanges) => new CliError(problems.map((p) => councilProblemText(p, changes)).join('\n'));

/** The details given on the command line; an empty value (`--logo ''`) clears an optional one. */
function changesFrom(options: DetailOptions): CouncilChanges {
  const changes: CouncilChanges = {
    name: options.name,
    colourPrimary: options.colour,
    fontFamily: options.fontFamily,
    logoUrl: options.logo,
    contactEmail: options.email,
    contactPhone: options.phone,
    contactUrl: options.url,
    address: options.address?.replace(/\\n/g, '\n'),
    licenceText: options.licence,
    licenceUrl: options.licenceUrl,
    hosts: options.host,
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as CouncilChanges;
}

function detailOptions(command: Command, hostHelp: string): Command {
  return command
    .option('--host <host>', hostHelp, (v: string, all: string[] | undefined) => [...(all ?? []), v])
    .option('--colour <hex>', 'header colour as #rrggbb; must have 4.5:1 contrast with white text')
    .option('--font-family <stack>', `the council's font stack, font family names separated by commas, like '${DEFAULT_FONT_FAMILY}' (not GDS Transport, which only GOV.UK may use; default: HEARTH_FONT_FAMILY)`)
    .option('--logo <url>', 'logo image address (https://, or a path on this site)')
    .option('--email <email>', 'contact email address')
    .option('--phone <phone>', 'contact phone number')
    .option('--url <url>', 'contact page address (https://)')
    .option('--address <address>', 'postal address; \\n between lines')
    .option('--licence <text>', 'licence of the content, for the footer; [square brackets] around the words that link to --licence-url (default: the Open Government Licence v3.0)')
    .option('--licence-url <url>', 'the licence\'s address (https://)');
}

export function registerCouncilCommands(program: Command): void {
  const councils = program.command('councils').description('Manage the councils this Hearth serves.');

  detailOptions(
    councils
      .command('add')
      .description('Add a council. The first council becomes the default, served at /; others under /c/{slug} or their own host name.')
      .requiredOption('--slug <slug>', 'short name used in addresses, e.g. ashdown (lower case letters, digits, hyphens)')
      .requiredOption('--name <name>', 'the council\'s name, e.g. "Ashdown Borough Council"'),
    'a host name that serves this council at / (repeatable)',
  )
    .option('--default', 'make this the default council')
    .action(async (options: AddOptions) => {
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(options.slug)) throw new CliError('--slug must be lower case letters, digits and hyphens, starting with a letter or digit');
      const details = normaliseCouncilChanges(changesFrom(options));
      const problems = checkCouncilChanges(details);
      if (problems.length) throw refuse(problems, details);
      const { db, config } = await openMigratedDb();
      try {
        const council = await addCouncil(db, {
          slug: options.slug,
          name: details.name!,
          hosts: details.hosts,
          colourPrimary: details.colourPrimary,
          fontFamily: details.fontFamily ?? undefined,
          logoUrl: details.logoUrl ?? undefined,
          contactEmail: details.contactEmail ?? undefined,
          contactPhone: details.contactPhone ?? undefined,
          contactUrl: details.contactUrl ?? undefined,
          address: details.address ?? undefined,
          licenceText: details.licenceText ?? undefined,
          licenceUrl: details.licenceUrl ?? undefined,
          isDefault: options.default,
        }, enabledBlocks(config));
        out(`Added ${council.name} (${council.slug})${council.isDefault ? ', the default council' : `, at /c/${council.slug}`}\n`);
      } catch (error) {
        if (error instanceof CouncilExistsError) throw new CliError(error.message);
        throw error;
      } finally {
        await db.close();
      }
    });

  detailOptions(
    councils
      .command('update <slug>')
      .description('Change a council\'s name, colour, font, logo, contact details, licence or host names. Give only what changes; an empty value (--logo \'\') removes a detail (--font-family \'\': back to HEARTH_FONT_FAMILY). A running server shows the change within 30 seconds.')
      .option('--name <name>', 'the council\'s name'),
    'a host name that serves this council at / (repeatable; replaces the list; --host \'\' for none)',
  ).action(async (slug: string, options: DetailOptions) => {
    const changes = changesFrom(options);
    if (!Object.keys(changes).length) throw new CliError('Nothing to change: give at least one of --name, --colour, --font-family, --logo, --email, --phone, --url, --address, --licence, --licence-url, --host');
    const { db, config } = await openMigratedDb();
    try {
      const result = await db.transaction(async (tx) => {
        const update = await updateCouncil(tx, slug, changes);
        // The identity block keeps the audit log; without it there is none to write to.
        if (update?.changed.length && config.blocks.includes('identity')) {
          await recordAudit(tx, { ...COMMAND_LINE, councilId: update.before.id, action: 'council.updated', target: update.before.slug, detail: councilChangeDetail(update) });
        }
        return update;
      });
      if (!result) {
        const known = (await listCouncils(db)).map((c) => c.slug);
        throw new CliError(`There is no council "${slug}". Known: ${known.join(', ') || 'none'}.`);
      }
      out(result.changed.length ? `Updated ${result.after.name} (${slug}): ${result.changed.map((f) => FLAGS[f].slice(2)).join(', ')}.\n` : `${result.after.name} (${slug}) already had those details.\n`);
    } catch (error) {
      if (error instanceof CouncilChangeError) throw refuse(error.problems, normaliseCouncilChanges(changes));
      throw error;
    } finally {
      await db.close();
    }
  });

  councils
    .command('list')
    .description('List the councils.')
    .action(async () => {
      const { db } = await openMigratedDb();
      try {
        for (const c of await listCouncils(db)) {
          out(`${c.slug}\t${c.name}${c.isDefault ? '\t(default)' : ''}${c.hosts.length ? `\thosts: ${c.hosts.join(', ')}` : ''}\n`);
        }
      } finally {
        await db.close();
      }
    });
}
