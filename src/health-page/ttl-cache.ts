export interface Cached<T> {
  value: T;
  fetchedAt: Date;
}

type Entry<T> = { at: number; outcome: { ok: true; value: T } | { ok: false; error: unknown } };

/**
 * At most one load per key per interval, however many callers ask: callers during a load share it, and
 * callers within `ttlMs` of its end get its result. A failed load is remembered for the interval too, so
 * an outage does not turn every page view into another request. Least recently used keys are dropped
 * beyond `maxEntries`. The clock is injected so tests move time instead of waiting.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<Cached<T>>>();
  loads = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => Date,
    private readonly maxEntries = 1000,
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<Cached<T>> {
    const entry = this.entries.get(key);
    if (entry && this.clock().getTime() - entry.at < this.ttlMs) {
      this.touch(key, entry);
      return this.unwrap(entry);
    }
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const promise = this.load(key, load);
    this.loading.set(key, promise);
    try {
      return await promise;
    } finally {
      this.loading.delete(key);
    }
  }

  /** The last result for a key, however old, without loading. */
  peek(key: string): Cached<T> | undefined {
    const entry = this.entries.get(key);
    return entry?.outcome.ok ? { value: entry.outcome.value, fetchedAt: new Date(entry.at) } : undefined;
  }

  private async load(key: string, load: () => Promise<T>): Promise<Cached<T>> {
    this.loads++;
    let entry: Entry<T>;
    try {
      entry = { at: this.clock().getTime(), outcome: { ok: true, value: await load() } };
    } catch (error) {
      entry = { at: this.clock().getTime(), outcome: { ok: false, error } };
    }
    this.touch(key, entry);
    return this.unwrap(entry);
  }

  private touch(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  private unwrap(entry: Entry<T>): Cached<T> {
    if (!entry.outcome.ok) throw entry.outcome.error;
    return { value: entry.outcome.value, fetchedAt: new Date(entry.at) };
  }
}
