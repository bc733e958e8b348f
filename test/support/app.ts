import { readConfig, type Config } from '../../src/platform/config.js';
import { addCouncil, type Council, type NewCouncil } from '../../src/platform/councils.js';
import { createLogger } from '../../src/platform/log.js';
import { createHearth, type Hearth } from '../../src/main.js';
import { freshDatabase, type TestDatabase } from './db.js';

export interface TestHearth extends Hearth {
  council: Council;
  database: TestDatabase;
  /** Close the app and drop the database. */
  stop(): Promise<void>;
}

/**
 * A Hearth on a fresh database with one council (the default), not listening on a port:
 * tests call `hearth.app.inject(...)`, or `listen` themselves for a real browser.
 */
export async function startTestHearth(
  options: { council?: NewCouncil; env?: Record<string, string>; configure?: (c: Config) => void; restricted?: boolean } = {},
): Promise<TestHearth> {
  const database = await freshDatabase({ restricted: options.restricted });
  const config = readConfig({ HEARTH_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...options.env });
  options.configure?.(config);
  const hearth = await createHearth(config, { db: database.db, log: createLogger('silent'), dispatch: false, quietNotifications: true });
  const council = await addCouncil(database.db, options.council ?? { slug: 'testshire', name: 'Testshire Council', isDefault: true }, hearth.blocks);
  await hearth.councils.reload();
  if (config.publicUrl) {
    // Requests name HEARTH_PUBLIC_URL's host unless they say otherwise, as a browser there does
    // (with it set, a host no council claims is refused with 421).
    const authority = new URL(config.publicUrl).host;
    const inject = hearth.app.inject.bind(hearth.app) as (options: object) => Promise<unknown>;
    Object.assign(hearth.app, {
      inject: (options: string | Record<string, unknown>) => inject(typeof options === 'string' ? { url: options, authority } : { authority, ...options }),
    });
  }
  return {
    ...hearth,
    council,
    database,
    async stop() {
      await hearth.close();
      await database.close();
    },
  };
}
