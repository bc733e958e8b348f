import type { Logger } from './log.js';

/**
 * Work a serving process repeats on a short interval in the background (the outbox dispatcher,
 * webhook delivery, the vault's log chaining): each round runs `work` and, while it reports a
 * full batch (`true`), runs it again at once; then it sleeps. `wake()` cuts the sleep short (the
 * database says new work was committed), or asks for one more round when one is running. A
 * failing round is logged and the loop carries on. Work that must happen once across all
 * processes on a timetable belongs in the job queue (`jobs/`) instead: this is for work every
 * process may share, which guards itself (SKIP LOCKED claims, locks taken without waiting).
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private started = false;

  constructor(
    private readonly name: string,
    private readonly log: Logger,
    private readonly work: () => Promise<boolean>,
    private readonly intervalMs = 1000,
  ) {}

  private readonly tick = async () => {
    try {
      let more = true;
      while (more && this.started) {
        this.again = false;
        this.running = this.work();
        more = (await this.running) === true || this.again;
      }
    } catch (error) {
      this.log.error({ err: error }, `${this.name} failed`);
    } finally {
      this.running = undefined;
      if (this.started) this.timer = setTimeout(this.tick, this.intervalMs);
    }
  };

  start(): void {
    this.started = true;
    this.timer = setTimeout(this.tick, this.intervalMs);
  }

  /** Run a round now rather than at the end of the sleep (or once more after the round running). */
  wake(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(this.tick, 0);
  }

  /** Stop repeating and wait for the round in hand to finish. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }
}
