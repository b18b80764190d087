import { CLAIM_TTL_MS, MemoryRedeliveryStore, type RedeliveryStore } from "./redelivery-store.js";
import type { RedisCoordinator } from "./redis-coordinator.js";

/**
 * The redelivery checkpoint and claims in Redis, shared by every replica: a claim is `SET NX PX`, so
 * two replicas never ask GitHub to redeliver the same event. While Redis is down each replica uses its
 * own memory (GitHub's list of redelivery attempts still keeps a restarted replica from asking twice).
 */
export class RedisRedeliveryStore implements RedeliveryStore {
  private readonly local = new MemoryRedeliveryStore();

  constructor(private readonly redis: RedisCoordinator) {}

  checkpoint(): Promise<string | undefined> {
    return this.redis.attempt(
      async (client) => (await client.get(this.redis.key("redelivery", "checkpoint"))) ?? undefined,
      () => this.local.checkpoint(),
    );
  }

  async setCheckpoint(at: string): Promise<void> {
    await this.local.setCheckpoint(at);
    await this.redis.attempt(
      async (client) => void (await client.set(this.redis.key("redelivery", "checkpoint"), at, "PX", CLAIM_TTL_MS)),
      () => undefined,
    );
  }

  async claim(guid: string): Promise<boolean> {
    const viaRedis = await this.redis.attempt(
      async (client) => (await client.set(this.redis.key("redelivery", "guid", guid), String(process.pid), "PX", CLAIM_TTL_MS, "NX")) === "OK",
      () => undefined,
    );
    if (viaRedis === false) return false;
    return this.local.claim(guid);
  }

  async release(guid: string): Promise<void> {
    await this.local.release(guid);
    await this.redis.attempt(
      async (client) => void (await client.del(this.redis.key("redelivery", "guid", guid))),
      () => undefined,
    );
  }
}
