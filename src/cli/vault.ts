import type { Command } from 'commander';
import { verifyLog } from '../blocks/vault/index.js';
import { listCouncils } from '../platform/councils.js';
import { readConfig } from '../platform/config.js';
import { progressBar } from '../platform/progress.js';
import { chooseCouncil, CliError, openMigratedDb } from './context.js';
import { out, terminal } from './terminal.js';

/** `hearth vault …`: the resident's vault, from the server's command line. */
export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description("The residents' vault (HEARTH_BLOCKS must include vault).");

  vault
    .command('verify')
    .description(
      "Check each council's vault access log end to end: every entry's hash, the numbering, the head and every signed seal. " +
        'Names the first entry that was edited, deleted, inserted or moved, and exits with 1 when any log is broken.',
    )
    .option('--council <slug>', 'only this council (default: every council)')
    .action(async (options: { council?: string }) => {
      const config = readConfig();
      if (!config.blocks.includes('vault')) throw new CliError('The vault block is off: HEARTH_BLOCKS does not name vault.');
      const { db } = await openMigratedDb(config);
      const broken: string[] = [];
      try {
        const councils = options.council ? [await chooseCouncil(db, options.council)] : await listCouncils(db);
        for (const council of councils) {
          const bar = progressBar(`Verifying ${council.slug}`, 'entries', terminal().stderr);
          const v = await verifyLog(db, council.id, (n) => bar.update(n)).finally(() => bar.stop());
          const seals = `${v.seals} ${v.seals === 1 ? 'seal' : 'seals'}`;
          if (v.broken) {
            broken.push(council.slug);
            out(`${council.name}: BROKEN at entry ${v.broken.seq} (${v.broken.kind}): ${v.broken.detail}. The ${v.entries} entries before it are intact.\n`);
          } else {
            out(`${council.name}: ${v.entries} entries, ${seals}: intact.\n`);
          }
        }
      } finally {
        await db.close();
      }
      if (broken.length) throw new CliError(`The vault access log of ${broken.join(', ')} is broken: see above.`);
    });
}
