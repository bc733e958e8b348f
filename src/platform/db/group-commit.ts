/**
 * Group commit: small pieces of work that would each be a transaction of their own are sent to
 * the database together, as one transaction, when the database is busy.
 *
 * Pieces are batched only with others of the same key (for the vault, a council: one batch is
 * one council's transaction), and each key has its own `inFlight` places at the database, so a
 * slow batch of one key never holds up another's. A piece submitted while fewer than `inFlight`
 * batches of its key are out goes at once, alone: at light load nothing waits. Pieces submitted
 * while that many are out wait, and go together as the next batch when one comes back (at most
 * `batchSize` in a batch). Under load the batches grow by themselves, and the database pays the
 * cost of a transaction that writes (its commit record, the wait for the disk, a backend woken)
 * once per batch rather than once per piece.
 *
 * `run` answers each piece of a batch in order: its result, or the error that piece alone failed
 * with. Nothing is dropped: a piece waits until its batch is answered, however long that takes
 * (the database's own timeouts end a batch that hangs).
 *
 * Hand-written rather than DataLoader, the usual batching library: DataLoader forms a batch per
 * turn of the event loop, and requests arriving over HTTP reach the database turns apart, so its
 * batches under load are mostly of one. A custom schedule could hold its batch back, but the two
 * things wanted here, a limit on batches at the database and batches per key, it does not have.
 */
export type Answer<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<T, R> {
  /** Waiting pieces by key. */
  private readonly waiting = new Map<string, Waiting<T, R>[]>();
  /** Batches at the database by key. */
  private readonly out = new Map<string, number>();

  constructor(
    private readonly run: (key: string, items: T[]) => Promise<Answer<R>[]>,
    private readonly limits: { inFlight: number; batchSize: number },
  ) {
    if (!(limits.inFlight >= 1 && limits.batchSize >= 1)) throw new RangeError('group commit needs at least one batch in flight of at least one piece');
  }

  /** Do `item` with the others of `key` waiting now; resolves to its own result. */
  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) queue.push({ item, resolve, reject });
      else this.waiting.set(key, [{ item, resolve, reject }]);
      this.send(key);
    });
  }

  /** Batches at the database now, and pieces waiting for one to come back, over every key (for tests and diagnostics). */
  get load(): { inFlight: number; waiting: number } {
    let inFlight = 0;
    let waiting = 0;
    for (const n of this.out.values()) inFlight += n;
    for (const queue of this.waiting.values()) waiting += queue.length;
    return { inFlight, waiting };
  }

  /** Send what waits of `key` while it has places free. */
  private send(key: string): void {
    const queue = this.waiting.get(key);
    while (queue?.length && (this.out.get(key) ?? 0) < this.limits.inFlight) {
      const batch = queue.splice(0, this.limits.batchSize);
      if (!queue.length) this.waiting.delete(key);
      this.out.set(key, (this.out.get(key) ?? 0) + 1);
      this.dispatch(key, batch);
    }
  }

  private dispatch(key: string, batch: Waiting<T, R>[]): void {
    const settle = (answers: Answer<R>[]) =>
      batch.forEach((w, i) => {
        const answer = answers[i];
        if (!answer) w.reject(new Error(`group commit: no answer for piece ${i + 1} of ${batch.length}`));
        else if (answer.ok) w.resolve(answer.value);
        else w.reject(answer.error);
      });
    // Called without awaiting: `run` starting synchronously must not run the next batch inside this one.
    Promise.resolve()
      .then(() => this.run(key, batch.map((w) => w.item)))
      .then(settle, (error: unknown) => batch.forEach((w) => w.reject(error)))
      .finally(() => {
        const left = (this.out.get(key) ?? 1) - 1;
        if (left) this.out.set(key, left);
        else this.out.delete(key);
        this.send(key);
      });
  }
}
