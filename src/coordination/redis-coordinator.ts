import { Redis } from "ioredis";
import type { Logger } from "probot";

export type RedisState = "disabled" | "connecting" | "connected" | "unavailable";

/**
 * The one Redis connection of a replica, used for coordination only (never as a store of record).
 * Commands fail fast while Redis is down (no offline queue), and every caller has an in-process
 * fallback, so a Redis outage degrades coordination instead of dropping webhooks. ioredis keeps
 * reconnecting in the background; the state flips back to `connected` when Redis returns.
 */
export class RedisCoordinator {
  readonly client: Redis;
  private current: RedisState = "connecting";

  constructor(
    url: string,
    private readonly log?: Pick<Logger, "info" | "warn">,
    /** Key prefix, so several apps can share one Redis. */
    readonly prefix = "batch-ops:",
  ) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      commandTimeout: 2000,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5000),
    });
    this.client.on("ready", () => this.transition("connected"));
    this.client.on("error", () => this.transition("unavailable"));
    this.client.on("end", () => this.transition("unavailable"));
    this.client.on("close", () => this.transition("unavailable"));
  }

  get state(): RedisState {
    return this.current;
  }

  get available(): boolean {
    return this.current === "connected";
  }

  private transition(next: RedisState): void {
    if (next === this.current) return;
    const previous = this.current;
    this.current = next;
    if (next === "connected") this.log?.info({ redis: next, previous }, "redis connected: coordinating with other replicas");
    else this.log?.warn({ redis: next, previous }, "redis unavailable: falling back to in-process coordination");
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(":");
  }

  /** Runs `op` on Redis when it is reachable, else (or when it fails) the in-process fallback. */
  async attempt<T>(op: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (!this.available) return fallback();
    try {
      return await op(this.client);
    } catch (error) {
      this.log?.warn({ err: error }, "redis command failed: using in-process fallback");
      return fallback();
    }
  }

  async close(): Promise<void> {
    this.client.removeAllListeners("error");
    this.client.on("error", () => {});
    this.client.disconnect();
  }
}
