import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { RedisCoordinator } from "../../src/coordination/redis-coordinator.js";
import { RedisRedeliveryStore } from "../../src/coordination/redis-redelivery-store.js";
import { describeIfRedis, RedisServer } from "../helpers/redis-server.js";

const maybe = describeIfRedis() ? describe : describe.skip;

async function connected(coordinator: RedisCoordinator): Promise<void> {
  for (let i = 0; i < 100 && !coordinator.available; i++) await new Promise((r) => setTimeout(r, 20));
  if (!coordinator.available) throw new Error("not connected");
}

maybe("the redelivery checkpoint and claims on Redis", () => {
  const server = new RedisServer();
  let a: RedisCoordinator;
  let b: RedisCoordinator;

  beforeAll(async () => {
    await server.start();
    a = new RedisCoordinator(server.url, undefined, `r${process.pid}:`);
    b = new RedisCoordinator(server.url, undefined, `r${process.pid}:`);
    await Promise.all([connected(a), connected(b)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server.stop();
  });

  test("an event is claimed by one replica only, and a released claim can be taken again", async () => {
    const [x, y] = [new RedisRedeliveryStore(a), new RedisRedeliveryStore(b)];
    const claims = await Promise.all([x.claim("g-1"), y.claim("g-1"), x.claim("g-1"), y.claim("g-1")]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await (claims[0] || claims[2] ? x : y).release("g-1");
    expect(await y.claim("g-1")).toBe(true);
  });

  test("the checkpoint one replica records is the one a restarted replica reads", async () => {
    await new RedisRedeliveryStore(a).setCheckpoint("2026-11-27T09:55:00.000Z");
    expect(await new RedisRedeliveryStore(b).checkpoint()).toBe("2026-11-27T09:55:00.000Z");
  });
});
