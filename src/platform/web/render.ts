import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);

/** Folder holding `govuk/` (the GOV.UK Frontend templates, styles and assets). */
export const govukFrontendDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

export const platformViews = join(dirname(fileURLToPath(import.meta.url)), 'views');

/**
 * The Nunjucks environment for every page: GOV.UK Frontend's macros, the platform layout,
 * and each block's own `views/` folder. Autoescape is on: data from listings is untrusted.
 */
export function createViewEnvironment(blockViewDirs: string[], options: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([platformViews, ...blockViewDirs, govukFrontendDist], {
      noCache: false,
      watch: options.watch ?? false,
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('json', (value: unknown) => JSON.stringify(value));
  return env;
}
