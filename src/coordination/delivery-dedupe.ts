/** Claims a webhook delivery id; false means it was already claimed (a redelivery): do nothing. */
export interface DeliveryDedupe {
  claim(deliveryId: string): Promise<boolean>;
  /**
   * Forgets a claim, after the handling of that delivery failed: a manual redelivery from the App's
   * settings (same id) must then run again, or it would be ignored as a duplicate of a failure.
   */
  release(deliveryId: string): Promise<void>;
}

/** In-process claims, remembered for `ttlMs` and at most `max` ids (oldest forgotten first). */
export class MemoryDeliveryDedupe implements DeliveryDedupe {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 24 * 3_600_000,
    private readonly max = 100_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async claim(deliveryId: string): Promise<boolean> {
    const now = this.clock();
    const seenAt = this.seen.get(deliveryId);
    if (seenAt !== undefined && now - seenAt < this.ttlMs) return false;
    this.seen.delete(deliveryId);
    this.seen.set(deliveryId, now);
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  async release(deliveryId: string): Promise<void> {
    this.seen.delete(deliveryId);
  }
}
