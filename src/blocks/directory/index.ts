import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from '../../platform/block.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The directory block's only face to the rest of Hearth: council and community services,
 * searchable by need and place, published as an Open Referral UK 3.0 feed.
 */
export const directoryBlock: Block = {
  name: 'directory',
  migrations: { owner: 'directory', dir: join(here, 'migrations') },
  async councilRoutes(app, ctx) {
    void app;
    void ctx;
  },
};
