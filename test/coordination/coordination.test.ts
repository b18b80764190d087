import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { RedisCoordinator } from "../../src/coordination/redis-coordinator.js";
import { RedisDeliveryDedupe } from "../../src/coordination/redis-delivery-dedupe.js";
import { RedisLease, MemoryLease } from "../../src/coordination/lease.js";
import { RedisRepoLock } from "../../src/coordination/redis-repo-lock.js";
import { SharedRateLimitPause } from "../../src/coordination/rate-limit-pause.js";
import { describeIfRedis, RedisServer } from "../helpers/redis-server.js";

const enabled = describeIfRedis();
const maybe = enabled ? describe : describe.skip;

async function connected(coordinator: RedisCoordinator): Promise<void> {
  for (let i = 0; i < 100 && !coordinator.available; i++) await new Promise((r) => setTimeout(r, 20));
  if (!coordinator.available) throw new Error("not connected");
}

maybe("Redis coordination (real redis-server)", () => {
  const server = new RedisServer();
  let a: RedisCoordinator;
  let b: RedisCoordinator;

  beforeAll(async () => {
    await server.start();
    a = new RedisCoordinator(server.url, undefined, `t${process.pid}:`);
    b = new RedisCoordinator(server.url, undefined, `t${process.pid}:`);
    await Promise.all([connected(a), connected(b)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server.stop();
  });

  test("a delivery id is claimed once across replicas", async () => {
    const [x, y] = [new RedisDeliveryDedupe(a), new RedisDeliveryDedupe(b)];
    const claims = await Promise.all([x.claim("d-1"), y.claim("d-1"), x.claim("d-1"), y.claim("d-1")]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await y.claim("d-2")).toBe(true);
    // A failed delivery's claim is released on every replica, so a manual redelivery runs again.
    await x.release("d-1");
    expect(await y.claim("d-1")).toBe(true);
  });

  test("the repo lock serialises work across replicas", async () => {
    const locks = [new RedisRepoLock(a, { ttlMs: 5000, waitMs: 5000, pollMs: 5 }), new RedisRepoLock(b, { ttlMs: 5000, waitMs: 5000, pollMs: 5 })];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        locks[i % 2]!.withLock("o/r:main:batch-control.json", async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
  });

  test("a lease goes to one replica until it expires", async () => {
    const [x, y] = [new RedisLease(a), new RedisLease(b)];
    const got = await Promise.all([x.acquire("tick:o/r", 200), y.acquire("tick:o/r", 200)]);
    expect(got.filter(Boolean)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 250));
    expect(await y.acquire("tick:o/r", 200)).toBe(true);
  });

  test("a rate-limit pause recorded by one replica is seen by the other", async () => {
    const now = Date.now();
    await new SharedRateLimitPause(a).pause("inst-9", 30);
    const wait = await new SharedRateLimitPause(b).waitMs("inst-9");
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThanOrEqual(30_000 + (Date.now() - now));
  });

  test("Redis going away: everything falls back to in-process, and recovers when it returns", async () => {
    const dedupe = new RedisDeliveryDedupe(a);
    const lease = new RedisLease(a);
    const lock = new RedisRepoLock(a, { ttlMs: 1000, waitMs: 1000, pollMs: 5 });
    await server.stop();
    for (let i = 0; i < 100 && a.available; i++) await new Promise((r) => setTimeout(r, 20));
    expect(a.state).toBe("unavailable");
    expect(await dedupe.claim("down-1")).toBe(true);
    expect(await dedupe.claim("down-1")).toBe(false); // still refuses its own duplicates
    expect(await lease.acquire("tick:x", 1000)).toBe(true);
    expect(await lease.acquire("tick:x", 1000)).toBe(false);
    expect(await lock.withLock("k", async () => "ran")).toBe("ran");
    await server.start(server.port);
    await connected(a);
    expect(a.state).toBe("connected");
    expect(await dedupe.claim("up-1")).toBe(true);
  }, 20_000);
});

describe("MemoryLease", () => {
  test("expires", async () => {
    let now = 0;
    const lease = new MemoryLease(() => now);
    expect(await lease.acquire("k", 100)).toBe(true);
    expect(await lease.acquire("k", 100)).toBe(false);
    now = 101;
    expect(await lease.acquire("k", 100)).toBe(true);
  });
});

describe("Exclusive", () => {
  test("one at a time per key in the process, with or without a cross-replica lock", async () => {
    const { Exclusive } = await import("../../src/coordination/exclusive.js");
    const seen: string[] = [];
    const calls: string[] = [];
    const exclusive = new Exclusive({ withLock: async (key, work) => (calls.push(key), work()) });
    let inside = 0;
    let most = 0;
    await Promise.all(
      [1, 2, 3].map((n) =>
        exclusive.run("o/r:security-drift", async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 5));
          seen.push(`run ${n}`);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(seen).toEqual(["run 1", "run 2", "run 3"]);
    expect(calls).toEqual(["exclusive:o/r:security-drift", "exclusive:o/r:security-drift", "exclusive:o/r:security-drift"]);
  });
});
