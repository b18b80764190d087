import { MemoryDeliveryDedupe, type DeliveryDedupe } from "../services/delivery-dedupe.js";
import type { RedisCoordinator } from "./coordinator.js";

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
    const locally = await this.local.claim(deliveryId);
    if (!locally) return false;
    return this.redis.attempt(
      async (client) => (await client.set(this.redis.key("delivery", deliveryId), "1", "EX", this.ttlSeconds, "NX")) === "OK",
      () => true,
    );
  }

  async release(deliveryId: string): Promise<void> {
    await this.local.release(deliveryId);
    await this.redis.attempt(async (client) => void (await client.del(this.redis.key("delivery", deliveryId))), () => undefined);
  }
}
