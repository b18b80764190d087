/**
 * What the redelivery pass remembers between ticks: how far back it has looked (the checkpoint) and
 * which events it has asked GitHub to redeliver, so no event is redelivered twice, across replicas
 * (Redis) and restarts (Redis; GitHub's own list also shows each redelivery attempt).
 */
export interface RedeliveryStore {
  checkpoint(): Promise<string | undefined>;
  setCheckpoint(at: string): Promise<void>;
  /** True when this replica may redeliver `guid` (nobody has yet); the claim outlives GitHub's 3-day list. */
  claim(guid: string): Promise<boolean>;
  /** Gives a claim back when the redelivery was not made (rate limit, GitHub error), for a later tick. */
  release(guid: string): Promise<void>;
}

export const CLAIM_TTL_MS = 4 * 86_400_000;

/** One process: claims expire after `ttlMs`; at most `max` are kept (oldest forgotten first). */
export class MemoryRedeliveryStore implements RedeliveryStore {
  private mark: string | undefined;
  private readonly claims = new Map<string, number>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = CLAIM_TTL_MS,
    private readonly max = 50_000,
  ) {}

  async checkpoint(): Promise<string | undefined> {
    return this.mark;
  }

  async setCheckpoint(at: string): Promise<void> {
    this.mark = at;
  }

  async claim(guid: string): Promise<boolean> {
    const now = this.clock();
    const at = this.claims.get(guid);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.claims.delete(guid);
    this.claims.set(guid, now);
    while (this.claims.size > this.max) this.claims.delete(this.claims.keys().next().value!);
    return true;
  }

  async release(guid: string): Promise<void> {
    this.claims.delete(guid);
  }
}
