import type { RedisCoordinator } from "./redis-coordinator.js";

/** A time-boxed claim on a piece of periodic work, so one replica runs it per interval. */
export interface Lease {
  /** True when this replica may run `key` now; the claim expires by itself after `ttlMs`. */
  acquire(key: string, ttlMs: number): Promise<boolean>;
}

/** One process: a claim per key until it expires. */
export class MemoryLease implements Lease {
  private readonly until = new Map<string, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  async acquire(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    if ((this.until.get(key) ?? 0) > now) return false;
    this.until.set(key, now + ttlMs);
    return true;
  }
}

/**
 * Across replicas: SET NX PX. Nobody releases a lease early, so a replica that dies mid-tick blocks
 * nothing beyond the expiry, which is shorter than the tick interval. While Redis is down each replica
 * falls back to its own in-process lease (ticks may then run on more than one replica; every tick's
 * writes are compare-and-swap and idempotent, so that costs API calls, not correctness).
 */
export class RedisLease implements Lease {
  private readonly local = new MemoryLease();

  constructor(private readonly redis: RedisCoordinator) {}

  acquire(key: string, ttlMs: number): Promise<boolean> {
    return this.redis.attempt(
      async (client) => (await client.set(this.redis.key("lease", key), String(process.pid), "PX", ttlMs, "NX")) === "OK",
      () => this.local.acquire(key, ttlMs),
    );
  }
}
