import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/db.js';
import type { Dispatcher } from './events/dispatcher.js';
import type { PollLoop } from './poll-loop.js';
import type { Logger } from './log.js';
import type { MigrationSet } from './migrate.js';
import type { Council, CouncilCreatedHook } from './councils.js';
import type { AccessProvider } from './http/access.js';
import type { Notifications } from './notifications/notifications.js';
import type { CookieDeclaration } from './http/cookie-list.js';
import type { PrivacyDeclaration } from './site/privacy.js';
import type { ScheduledJob } from './jobs/scheduler.js';
import type { JobQueue } from './jobs/queue.js';
import type { SavedServices } from './saved-services.js';
import type { ResidentPanel } from './resident-panels.js';

/** A staff page a block offers on the `/admin` landing page. */
export interface AdminPage {
  key: string;
  path: string;
  titleKey: string;
  descriptionKey: string;
  /**
   * Whether to offer it to this person, for a page whose route is open more widely than the
   * people it serves (an organisation editor's own listings: any signed-in person may ask, only
   * editors have something there). Without it, the route's `config.access` decides.
   */
  offer?(request: FastifyRequest): boolean;
}

/** What the platform hands each block. */
export interface PlatformContext {
  config: Config;
  db: Db;
  log: Logger;
  events: Dispatcher;
  /** Every message to a person goes through this (GOV.UK Notify, or recorded in development). */
  notifications: Notifications;
  /**
   * The job queue (pg-boss, in the database): `jobs.define({ name, run })` a queue and its worker,
   * `jobs.send(name, data)` work to it; retried with back-off, dead-lettered, once per job.
   */
  jobs: JobQueue;
  /** Where a signed-in person's saved services are kept, when a block offers it (`Block.savedServices`). */
  savedServices?: SavedServices;
  /** Every enabled block's panels for a signed-in resident's single view (`Block.residentPanels`). */
  residentPanels?: ResidentPanel[];
}

/**
 * A building block. The platform never imports a block; `main.ts` assembles the enabled ones.
 */
export interface Block {
  name: string;
  migrations: MigrationSet;
  /**
   * Routes that belong to a council. The platform registers them twice: at `/` (the council
   * resolved from the host name, or the default) and under `/c/:council`. Inside them,
   * `request.council` is the council and `request.basePath` the prefix to build links with.
   */
  councilRoutes?(app: FastifyInstance, ctx: PlatformContext): Promise<void> | void;
  /** Routes outside any council (e.g. platform-wide APIs). */
  routes?(app: FastifyInstance, ctx: PlatformContext): Promise<void> | void;
  /**
   * Who is signed in and what they may do (the identity block). At most one block provides
   * it; without one, only routes declared `access: 'public'` answer.
   */
  access?(ctx: PlatformContext): AccessProvider;
  /** Other sites a form's answer may redirect to (the CSP's form-action), such as a sign-in provider's logout. */
  formActionOrigins?(config: Config): string[];
  /** Every cookie the block's routes set (listed on each council's cookies page). */
  cookies?: CookieDeclaration[];
  /** What the block keeps about people, in its own words, for each council's privacy notice. */
  privacy?: PrivacyDeclaration;
  /**
   * The block's staff pages, offered on `/admin` to whoever the route's `config.access` lets in
   * (key, the GET path as registered at the root, and the messages `<titleKey>`/`<descriptionKey>`;
   * the description may use `{council}`).
   */
  adminPages?: AdminPage[];
  /** Work the server runs on a timetable (once across all processes), such as the nightly reindex. */
  scheduledJobs?(ctx: PlatformContext): ScheduledJob[];
  /** Work every serving process repeats in the background (e.g. the vault chaining its log), started and stopped with the server. */
  background?(ctx: PlatformContext): PollLoop[];
  /**
   * The event types of this block that partners may receive by webhook (exact types). Any other
   * event it writes to the outbox stays inside Hearth, with in-process subscribers only.
   */
  publishedEvents?: readonly string[];
  /** Keeps signed-in people's saved services (at most one block offers it: the vault). */
  savedServices?(ctx: PlatformContext): SavedServices;
  /** Panels for the signed-in resident's single view (see `resident-panels.ts`). */
  residentPanels?(ctx: PlatformContext): ResidentPanel[];
  /**
   * Set a new council up (rows every council must have, such as the vault's built-in record
   * categories), in the transaction that adds it (`addCouncil`, handed the enabled blocks).
   */
  onCouncilCreated?: CouncilCreatedHook;
  /** Seed demo data for a council when it has none of this block's data. */
  seedDemo?(ctx: PlatformContext, council: Council, options: { services?: number; onProgress?: (done: number, total: number) => void }): Promise<void>;
}
