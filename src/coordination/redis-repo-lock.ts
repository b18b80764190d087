import { randomUUID } from "node:crypto";
import type { RepoLock } from "./repo-lock.js";
import { sleep } from "../util/backoff.js";
import type { RedisCoordinator } from "./redis-coordinator.js";

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface RepoLockOptions {
  ttlMs: number;
  waitMs: number;
  pollMs: number;
  /** Extends the holder's expiry this often while its work runs (long work, such as a seeding digest update). */
  renewEveryMs?: number;
}

/**
 * Serialises writes to one file across replicas: SET NX PX with a random token, released only by its
 * holder. The lock is an optimisation that keeps the compare-and-swap loop from retrying; correctness
 * never depends on it (a holder that outlives its expiry writes with a stale sha and is refused by
 * GitHub — the sha is the fencing token). So when Redis is down, or the lock cannot be had in time,
 * the work runs anyway under compare-and-swap alone.
 */
export class RedisRepoLock implements RepoLock {
  constructor(
    private readonly redis: RedisCoordinator,
    private readonly options: RepoLockOptions = { ttlMs: 30_000, waitMs: 20_000, pollMs: 50 },
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lockKey = this.redis.key("lock", key);
    const token = randomUUID();
    const deadline = Date.now() + this.options.waitMs;
    let held = false;
    while (this.redis.available && Date.now() < deadline) {
      const acquired = await this.redis.attempt(
        async (client) => (await client.set(lockKey, token, "PX", this.options.ttlMs, "NX")) === "OK",
        () => null,
      );
      if (acquired === null) break; // Redis failed: run under compare-and-swap alone
      if (acquired) {
        held = true;
        break;
      }
      await sleep(this.options.pollMs + Math.floor(Math.random() * this.options.pollMs));
    }
    const renewal = held && this.options.renewEveryMs ? setInterval(() => void this.renew(lockKey, token), this.options.renewEveryMs) : undefined;
    renewal?.unref?.();
    try {
      return await work();
    } finally {
      if (renewal) clearInterval(renewal);
      if (held)
        await this.redis.attempt(
          (client) => client.eval(RELEASE, 1, lockKey, token),
          () => 0,
        );
    }
  }

  private async renew(lockKey: string, token: string): Promise<void> {
    await this.redis.attempt(
      (client) => client.eval(RENEW, 1, lockKey, token, String(this.options.ttlMs)),
      () => 0,
    );
  }
}
