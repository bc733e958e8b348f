import type { Command } from 'commander';
import { addCouncil, CouncilExistsError, listCouncils } from '../platform/councils.js';
import { contrastWithWhite } from '../platform/web/theme.js';
import { CliError, openMigratedDb } from './context.js';

interface AddOptions {
  slug: string;
  name: string;
  host: string[];
  colour?: string;
  logo?: string;
  email?: string;
  phone?: string;
  url?: string;
  default?: boolean;
}

export function registerCouncilCommands(program: Command): void {
  const councils = program.command('councils').description('Manage the councils this Hearth serves.');

  councils
    .command('add')
    .description('Add a council. The first council becomes the default, served at /; others under /c/{slug} or their own host name.')
    .requiredOption('--slug <slug>', 'short name used in addresses, e.g. ashdown (lower case letters, digits, hyphens)')
    .requiredOption('--name <name>', 'the council\'s name, e.g. "Ashdown Borough Council"')
    .option('--host <host>', 'a host name that serves this council at / (repeatable)', (v: string, all: string[]) => [...all, v.toLowerCase()], [])
    .option('--colour <hex>', 'header colour as #rrggbb; must have 4.5:1 contrast with white text')
    .option('--logo <url>', 'logo image address (https)')
    .option('--email <email>', 'contact email address')
    .option('--phone <phone>', 'contact phone number')
    .option('--url <url>', 'contact page address')
    .option('--default', 'make this the default council')
    .action(async (options: AddOptions) => {
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(options.slug)) throw new CliError('--slug must be lower case letters, digits and hyphens, starting with a letter or digit');
      if (!options.name.trim()) throw new CliError('--name must not be empty');
      if (options.colour !== undefined) {
        if (!/^#[0-9a-fA-F]{6}$/.test(options.colour)) throw new CliError('--colour must be a colour like #1d70b8');
        const ratio = contrastWithWhite(options.colour);
        if (ratio < 4.5) throw new CliError(`--colour ${options.colour} has contrast ${ratio.toFixed(2)}:1 with white text; WCAG AA needs 4.5:1. Choose a darker colour.`);
      }
      if (options.logo !== undefined && !/^https:\/\//.test(options.logo)) throw new CliError('--logo must be an https:// address');
      const { db } = await openMigratedDb();
      try {
        const council = await addCouncil(db, {
          slug: options.slug,
          name: options.name.trim(),
          hosts: options.host,
          colourPrimary: options.colour,
          logoUrl: options.logo,
          contactEmail: options.email,
          contactPhone: options.phone,
          contactUrl: options.url,
          isDefault: options.default,
        });
        process.stdout.write(`Added ${council.name} (${council.slug})${council.isDefault ? ', the default council' : `, at /c/${council.slug}`}\n`);
      } catch (error) {
        if (error instanceof CouncilExistsError) throw new CliError(error.message);
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
          process.stdout.write(`${c.slug}\t${c.name}${c.isDefault ? '\t(default)' : ''}${c.hosts.length ? `\thosts: ${c.hosts.join(', ')}` : ''}\n`);
        }
      } finally {
        await db.close();
      }
    });
}
