import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const govukPackage = require.resolve('govuk-frontend/package.json');
const govukVersion = (JSON.parse(readFileSync(govukPackage, 'utf8')) as { version: string }).version;
// Sass itself is loaded only to compile (below): six megabytes of compiled Dart, which every
// `hearth` command would otherwise load at start. Its version, an input of the cache key, is
// read from its package.json (which its exports do not name, hence the path beside its entry).
const sassVersion = (JSON.parse(readFileSync(join(dirname(require.resolve('sass')), 'package.json'), 'utf8')) as { version: string }).version;

/** Compiled sheets live beside the packages they come from, so a new install compiles afresh. */
export const DEFAULT_CACHE_DIR = join(dirname(govukPackage), '..', '.cache', 'hearth');

/** What every rule of the compiled sheet (and hearth.css) names as its font family. */
export const FONT_FAMILY_VAR = 'var(--hearth-font-family, sans-serif)';

/**
 * The Sass that builds GOV.UK Frontend for every council: no GDS Transport, no Royal Arms, and
 * each rule's font family a CSS custom property that the council's theme.css sets to its own
 * stack (theme.ts), so one compiled sheet serves every council whatever its font. The fallback
 * is generic: it names no council's font, and is used only if theme.css fails to load.
 */
export function stylesheetSource(): string {
  return [
    '@use "sass:meta";',
    '@use "images";',
    '@use "pkg:govuk-frontend" with (',
    `  $govuk-font-family: ${FONT_FAMILY_VAR},`,
    '  $govuk-include-default-font-face: false,',
    '  $govuk-image-url-function: meta.get-function("image-url", $module: "images")',
    ');',
    '',
  ].join('\n');
}

export interface CompiledStylesheet {
  /** Where pages load it from: the name changes with what went into it, so it can be cached for good. */
  href: string;
  css: string;
  /** How long Sass took, when it was compiled now rather than read from the cache. */
  compiledMs?: number;
}

const inProcess = new Map<string, Promise<CompiledStylesheet>>();

/**
 * GOV.UK Frontend compiled from its Sass for councils, read from the cache folder when the same
 * inputs (the Sass here, GOV.UK Frontend's and Sass's versions) were compiled before. Neither
 * colours nor fonts are inputs: GOV.UK Frontend reads them from CSS custom properties, which
 * each council's theme.css sets (see theme.ts).
 *
 * Compiling takes one to three seconds of CPU. Call this while the server starts, before it
 * listens: it never runs while requests are served.
 */
export function govukStylesheet(options: { cacheDir?: string } = {}): Promise<CompiledStylesheet> {
  const source = stylesheetSource();
  const images = readFileSync(join(here, '_images.scss'), 'utf8');
  const hash = createHash('sha256').update(JSON.stringify([source, images, govukVersion, `sass ${sassVersion}`])).digest('hex').slice(0, 16);
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const key = `${cacheDir}\0${hash}`;
  let sheet = inProcess.get(key);
  if (!sheet) {
    sheet = cachedOrCompiled(source, hash, cacheDir);
    inProcess.set(key, sheet);
    sheet.catch(() => inProcess.delete(key));
  }
  return sheet;
}

async function cachedOrCompiled(source: string, hash: string, cacheDir: string): Promise<CompiledStylesheet> {
  const href = `/static/govuk-${hash}.css`;
  const file = join(cacheDir, `govuk-${hash}.css`);
  try {
    return { href, css: await readFile(file, 'utf8') };
  } catch {
    // Not compiled yet.
  }
  const sass = await import('sass');
  const started = performance.now();
  const { css } = sass.compileString(source, {
    url: pathToFileURL(join(here, 'hearth-govuk.scss')),
    importers: [new sass.NodePackageImporter(here)],
    style: 'compressed',
    quietDeps: true,
  });
  const compiledMs = Math.round(performance.now() - started);
  // Written whole under another name and then renamed: processes starting together never
  // read half a file. A read-only install keeps the sheet in memory only.
  const partial = `${file}.${randomUUID()}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(partial, css);
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true }).catch(() => {});
  }
  return { href, css, compiledMs };
}

/**
 * Compile (or read) the councils' stylesheet while the server starts, give pages its address
 * (`govukStylesheet` in every template) and serve it.
 */
export async function registerGovukStylesheet(app: FastifyInstance, views: nunjucks.Environment, env: NodeJS.ProcessEnv): Promise<void> {
  const sheet = await govukStylesheet({ cacheDir: env.HEARTH_CACHE_DIR || undefined });
  if (sheet.compiledMs !== undefined) app.log.info({ ms: sheet.compiledMs, href: sheet.href }, 'GOV.UK Frontend compiled from Sass for councils\' fonts and colours');
  views.addGlobal('govukStylesheet', sheet.href);
  app.get(sheet.href, { schema: { hide: true } as object, config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(sheet.css),
  );
}
