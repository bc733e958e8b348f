/**
 * The one database interface every block codes against. Two engines sit behind it:
 * PGlite (embedded, the default) and PostgreSQL (production). Both speak the same SQL,
 * so a block's SQL module never asks which engine it is on, except for bulk-load
 * optimisations that say so explicitly.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Run a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A script of several statements whose rows are wanted: every statement's, in order (the job queue's locked blocks). */
export type ScriptRunner = (sql: string) => Promise<Record<string, unknown>[]>;

export type Engine = 'pglite' | 'postgres';

/** Settings for one transaction: names like `hearth.vault_council`, values plain text. */
export type TransactionSettings = Readonly<Record<string, string>>;

const SETTING_NAME = /^[a-z_]+\.[a-z_]+$/;

/** `SELECT set_config(…)` for each setting, as literals (BEGIN's round trip takes no parameters): names checked, values quoted. */
export function settingsSql(settings: TransactionSettings): string {
  const calls = Object.entries(settings).map(([name, value]) => {
    if (!SETTING_NAME.test(name)) throw new Error(`not a setting name: ${name}`);
    // A standard string literal (standard_conforming_strings, on since PostgreSQL 9.1): only ' is special.
    if (value.includes('\0')) throw new Error(`a setting's value cannot hold NUL: ${name}`);
    return `set_config('${name}', '${value.replaceAll("'", "''")}', true)`;
  });
  return calls.length ? `SELECT ${calls.join(', ')}` : '';
}

export interface Db extends Queryable {
  readonly engine: Engine;
  /**
   * Run `work` in one transaction: committed when it resolves, rolled back when it throws.
   * `settings` are set for the transaction only (`set_config(name, value, true)`) before `work`
   * begins, on PostgreSQL in the same round trip as BEGIN (a round trip less on every such
   * transaction: the vault names its council in each of its own).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, settings?: TransactionSettings): Promise<T>;
  close(): Promise<void>;
  /** Run a script of statements without parameters, returning the rows of all of them (pg-boss's BEGIN … RETURNING … COMMIT blocks). */
  script: ScriptRunner;
  /**
   * Call `onNotify` whenever a committed transaction has sent a notification on `channel`
   * (`NOTIFY`/`pg_notify`, as the outbox's trigger does), in any process on the same database;
   * and once when listening begins (or begins again after a lost connection), for what came
   * before. Returns
   * the function that stops listening. For waking pollers early: never the only way work is found.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** How busy the connections are, for /metrics. */
  stats(): DbStats;
  /**
   * PGlite only: the whole data folder as a gzipped tarball, taken while no statement runs (a
   * crash-consistent copy PostgreSQL recovers from), for `hearth backup`. PostgreSQL has pg_dump.
   */
  snapshot?(): Promise<Blob>;
}

export type DbStats =
  /** The pool: connections open, idle, and queries waiting for one. */
  | { engine: 'postgres'; total: number; idle: number; waiting: number }
  /** One connection in the process: queries waiting behind the one running. */
  | { engine: 'pglite'; waiting: number };

/**
 * Value parsers shared by both engines so rows look the same whichever engine produced them:
 * numerics as numbers, 64-bit integers as numbers (counts never approach 2^53), dates as
 * 'YYYY-MM-DD' strings (a date has no time zone, and Date objects would invent one).
 */
export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8
  1700: (v) => Number(v), // numeric
  1082: (v) => v, // date
};
