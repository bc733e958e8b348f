import type { Logger } from './log.js';

/**
 * Work a serving process repeats on a short interval in the background (the outbox dispatcher,
 * webhook delivery, the vault's log chaining): each round runs `work` and, while it reports a
 * full batch (`true`), runs it again at once; then it sleeps. A failing round is logged and the
 * loop carries on. Work that must happen once across all processes on a timetable belongs in the
 * job queue (`jobs/`) instead: this is for work every process may share, which guards itself
 * (SKIP LOCKED claims, locks taken without waiting).
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly name: string,
    private readonly log: Logger,
    private readonly work: () => Promise<boolean>,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    const tick = async () => {
      try {
        let more = true;
        while (more && this.timer) {
          this.running = this.work();
          more = (await this.running) === true;
        }
      } catch (error) {
        this.log.error({ err: error }, `${this.name} failed`);
      } finally {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
      }
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  /** Stop repeating and wait for the round in hand to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }
}
