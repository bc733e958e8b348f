import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { rewrapSigningKeys } from '../blocks/identity/index.js';
import { rewrapVaultItems } from '../blocks/vault/index.js';
import { rewrapWebhookSecrets } from '../platform/webhooks/secrets.js';
import { keyRingOf } from '../platform/crypto/key-ring.js';
import { openMigratedDb } from './context.js';
import { out } from './terminal.js';

/**
 * `hearth keys`: the key that seals secrets held in the database (HEARTH_ENCRYPTION_KEYS).
 * Rotating it: `hearth keys generate` for a new key, put it first in HEARTH_ENCRYPTION_KEYS
 * (keeping the old one after it) and restart; `hearth keys rewrap`; then drop the old key.
 */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('The key that seals secrets held in the database (HEARTH_ENCRYPTION_KEYS): make one, and re-wrap every secret with the current one.');

  keys
    .command('generate')
    .description('Print a new key, written as HEARTH_ENCRYPTION_KEYS expects it (id:key). Nothing is stored.')
    .option('--id <id>', 'the new key\'s id (letters, digits, ".", "_", "-")', `key-${new Date().toISOString().slice(0, 10)}`)
    .action((options: { id: string }) => {
      out(`${options.id}:${randomBytes(32).toString('base64')}\n`);
    });

  keys
    .command('rewrap')
    .description(
      'Re-wrap every sealed secret with the first key of HEARTH_ENCRYPTION_KEYS, and seal any still held in the clear. ' +
        'Run it after putting a new key first; the server keeps running (short transactions: one secret, or one batch of vault values, each). Then the old key can go, unless a line says some value no configured key opens.',
    )
    .action(async () => {
      const { db } = await openMigratedDb();
      try {
        const ring = keyRingOf(db);
        const report = (what: string, counts: { sealed: number; rewrapped: number; unchanged: number; unopenable: number }, unopenable: string) =>
          out(
            `${what}: ${counts.rewrapped} re-wrapped, ${counts.sealed} sealed that were in the clear, ${counts.unchanged} already under "${ring.currentId}"` +
              `${counts.unopenable ? `, ${counts.unopenable} that no configured key opens (${unopenable})` : ''}.\n`,
          );
        report('Token-signing keys', await rewrapSigningKeys(db, ring), 'left as they are; they are replaced when next used');
        report('Webhook secrets', await rewrapWebhookSecrets(db, ring), 'left as they are; make a new secret for those endpoints');
        // Whether or not the vault is on now: if its tables exist, what it sealed must outlive the old key.
        report('Vault values', await rewrapVaultItems(db, ring), 'left as they are: they open only while the key that sealed them is configured, so find it before dropping any key');
      } finally {
        await db.close();
      }
    });
}
