import type { RedisCoordinator } from "./redis-coordinator.js";

/**
 * Rate-limit pauses shared across replicas: when one replica is told to wait (a secondary limit's
 * `retry-after`, or a primary limit's reset), it records "paused until" for that installation in
 * Redis, and every replica waits before its next request for that installation. A short local cache
 * keeps this to at most one Redis read per installation per second.
 */
export class SharedRateLimitPause {
  private readonly cache = new Map<string, { until: number; readAt: number }>();

  constructor(
    private readonly redis: RedisCoordinator | undefined,
    private readonly maxWaitMs = 120_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async pause(scope: string, seconds: number): Promise<void> {
    const until = this.clock() + seconds * 1000;
    this.cache.set(scope, { until, readAt: this.clock() });
    if (!this.redis) return;
    await this.redis.attempt(
      async (client) => {
        await client.set(this.redis!.key("paused", scope), String(until), "PX", Math.max(1, seconds * 1000));
      },
      () => undefined,
    );
  }

  /** How long a request for `scope` should wait now (0 when it may go). */
  async waitMs(scope: string): Promise<number> {
    const now = this.clock();
    let entry = this.cache.get(scope);
    if (this.redis && (!entry || now - entry.readAt > 1000)) {
      const stored = await this.redis.attempt(
        async (client) => Number(await client.get(this.redis!.key("paused", scope))) || 0,
        () => entry?.until ?? 0,
      );
      entry = { until: Math.max(stored, entry?.until ?? 0), readAt: now };
      this.cache.set(scope, entry);
    }
    return Math.min(Math.max(0, (entry?.until ?? 0) - now), this.maxWaitMs);
  }
}
