import { MemoryDeliveryDedupe, type DeliveryDedupe } from "./delivery-dedupe.js";
import type { RedisCoordinator } from "./redis-coordinator.js";

/**
 * Delivery ids claimed with SET NX and an expiry, so the same delivery posted to two replicas (or
 * redelivered by hand) has one effect. The in-process claims are always kept too: while Redis is
 * down a replica still refuses its own duplicates.
 */
export class RedisDeliveryDedupe implements DeliveryDedupe {
  private readonly local = new MemoryDeliveryDedupe();

  constructor(
    private readonly redis: RedisCoordinator,
    private readonly ttlSeconds = 7 * 86_400,
  ) {}

  async claim(deliveryId: string): Promise<boolean> {
    const viaRedis = await this.redis.attempt(
      async (client) => (await client.set(this.redis.key("delivery", deliveryId), "1", "EX", this.ttlSeconds, "NX")) === "OK",
      () => undefined,
    );
    if (viaRedis === false) return false; // another replica (or an earlier delivery) has it
    // Claimed on Redis, or Redis is down: remember it here too, so this replica refuses its own duplicates.
    // (If Redis forgot it, say after a restart, this replica's own memory still refuses the duplicate.)
    return this.local.claim(deliveryId);
  }

  async release(deliveryId: string): Promise<void> {
    await this.local.release(deliveryId);
    await this.redis.attempt(
      async (client) => void (await client.del(this.redis.key("delivery", deliveryId))),
      () => undefined,
    );
  }
}
