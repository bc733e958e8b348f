/**
 * Which event types may leave Hearth for partners' webhooks. Each block declares the types it
 * publishes (`Block.publishedEvents`); every other type is internal, handed only to in-process
 * subscribers, whatever pattern an endpoint subscribed with (`directory.*` or `*`). Declared
 * rather than inferred, so that an event a block adds later stays inside until it is meant to
 * leave: `directory.search.unmet` (what residents looked for and did not find) is insight for
 * the council, not a change to the directory, and no partner receives it.
 */

/** An exact event type: `<block>.<thing>.<what happened>`, lower-case words, no wildcard. */
const EXACT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export class PublishedEvents {
  private readonly types = new Set<string>();

  /** Declare event types partners may receive; a pattern or a malformed name is a programming error. */
  declare(types: Iterable<string>): this {
    for (const type of types) {
      if (!EXACT_TYPE.test(type)) throw new Error(`"${type}" cannot be published: name one exact event type, such as directory.service.updated`);
      this.types.add(type);
    }
    return this;
  }

  /** Whether events of this type may be sent to a partner. */
  has(type: string): boolean {
    return this.types.has(type);
  }

  /** Every published type, sorted (for the admin form's hint). */
  list(): string[] {
    return [...this.types].sort();
  }

  /** Whether a subscription pattern (an exact type, `prefix.*` or `*`) names at least one published type. */
  reachedBy(pattern: string): boolean {
    if (!pattern.endsWith('*')) return this.types.has(pattern);
    const prefix = pattern.slice(0, -1);
    return [...this.types].some((type) => type.startsWith(prefix));
  }
}
