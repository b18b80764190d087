import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { runRedeliveryPass } from "../../src/catchup/redelivery-pass.js";
import { MemoryRedeliveryStore } from "../../src/coordination/redelivery-store.js";
import { plainGithub } from "../helpers/github-client.js";
import { API } from "../helpers/probot.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const log = pino({ level: "silent" });
const settings = { enabled: true, lookbackHours: 24, maxPerTick: 25 };

function item(id: number, guid: string, statusCode: number, minutesAgo: number, redelivery = false) {
  return {
    id,
    guid,
    delivered_at: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString().replace(".000", ""),
    redelivery,
    duration: 0.1,
    status: statusCode === 0 ? "failed to connect" : "OK",
    status_code: statusCode,
    event: "issue_comment",
    action: "created",
    installation_id: 2,
    repository_id: 1296269,
  };
}

function pass(store = new MemoryRedeliveryStore(), overrides: Partial<typeof settings> = {}) {
  return runRedeliveryPass(plainGithub(), { settings: { ...settings, ...overrides }, store, clock: () => NOW, log });
}

describe("a redelivery pass", () => {
  test("pages back through the cursor, redelivers each failed event once (its latest attempt), and records the checkpoint", async () => {
    const scope = nock(API);
    scope
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .reply(200, [item(105, "ok", 202, 5), item(104, "c1", 0, 10), item(103, "c2", 502, 20)], {
        link: `<${API}/app/hook/deliveries?per_page=100&cursor=v1_103>; rel="next"`,
      });
    scope
      .get("/app/hook/deliveries")
      .query({ per_page: "100", cursor: "v1_103" })
      .reply(200, [item(102, "c1", 0, 30), item(101, "old", 0, 25 * 60)]);
    const asked: string[] = [];
    scope
      .post(/\/app\/hook\/deliveries\/\d+\/attempts/)
      .times(2)
      .reply(202, (uri) => (asked.push(uri), {}));
    const store = new MemoryRedeliveryStore();
    const report = await pass(store);
    expect(asked).toEqual(["/app/hook/deliveries/103/attempts", "/app/hook/deliveries/104/attempts"]);
    expect(report).toMatchObject({ examined: 4, redelivered: 2, failed: 0, skipped: 0, checkpoint: "2026-11-27T09:55:00.000Z" });
    expect(await store.checkpoint()).toBe("2026-11-27T09:55:00.000Z");
    expect(scope.pendingMocks()).toEqual([]);

    // The next pass asks for page one only (it reaches behind the checkpoint): c2's redelivery succeeded and
    // is never asked again; c1's failed too, so its latest attempt is asked once more.
    const listed = [
      item(107, "c1", 0, 1, true),
      item(106, "c2", 202, 2, true),
      item(105, "ok", 202, 5),
      item(104, "c1", 0, 10),
      item(103, "c2", 502, 20),
    ];
    const second = nock(API);
    second.get("/app/hook/deliveries").query({ per_page: "100" }).reply(200, listed);
    second.post("/app/hook/deliveries/107/attempts").reply(202, {});
    const again = await pass(store);
    expect(again).toMatchObject({ redelivered: 1, failed: 0, skipped: 0, checkpoint: "2026-11-27T09:59:00.000Z" });
    expect(second.pendingMocks()).toEqual([]);

    // The same listing again (the new attempt not listed yet): that round is claimed, nothing is asked.
    nock(API).get("/app/hook/deliveries").query({ per_page: "100" }).reply(200, listed);
    expect(await pass(store)).toMatchObject({ redelivered: 0, failed: 0, skipped: 1 });

    // After three failed redeliveries the event is given up on.
    nock(API)
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .reply(200, [item(109, "c1", 500, 0, true), item(108, "c1", 0, 0.5, true), ...listed]);
    expect(await pass(store)).toMatchObject({ redelivered: 0, failed: 0, skipped: 1 });
  });

  test("at most maxPerTick per pass; the rest waits behind the checkpoint for the next tick", async () => {
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [item(4, "d", 0, 1), item(3, "c", 0, 2), item(2, "b", 0, 3), item(1, "a", 0, 4)]);
    const asked: string[] = [];
    nock(API)
      .post(/attempts$/)
      .times(2)
      .reply(202, (uri) => (asked.push(uri), {}));
    const store = new MemoryRedeliveryStore();
    const report = await pass(store, { maxPerTick: 2 });
    expect(asked).toEqual(["/app/hook/deliveries/1/attempts", "/app/hook/deliveries/2/attempts"]);
    expect(report).toMatchObject({ redelivered: 2, skipped: 2, checkpoint: "2026-11-27T09:58:00.000Z" });

    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [
        item(6, "b", 0, 0, true),
        item(5, "a", 0, 0, true),
        item(4, "d", 0, 1),
        item(3, "c", 0, 2),
        item(2, "b", 0, 3),
        item(1, "a", 0, 4),
      ]);
    nock(API)
      .post(/attempts$/)
      .times(2)
      .reply(202, (uri) => (asked.push(uri), {}));
    expect(await pass(store, { maxPerTick: 2 })).toMatchObject({ redelivered: 2, skipped: 2 });
    expect(asked.slice(2)).toEqual(["/app/hook/deliveries/3/attempts", "/app/hook/deliveries/4/attempts"]);
  });

  test("a primary rate limit stops the pass: nothing more is asked, and the event waits for the next tick", async () => {
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [item(3, "c", 0, 1), item(2, "b", 0, 2), item(1, "a", 0, 3)]);
    nock(API).post("/app/hook/deliveries/1/attempts").reply(202, {});
    nock(API)
      .post("/app/hook/deliveries/2/attempts")
      .reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1999999999" });
    const store = new MemoryRedeliveryStore();
    const report = await pass(store);
    expect(report).toMatchObject({ redelivered: 1, failed: 0, skipped: 2, stopped: "rate limit", checkpoint: "2026-11-27T09:58:00.000Z" });
    // The claim was given back: the next tick may redeliver it.
    expect(await store.claim("b")).toBe(true);
    expect(await store.claim("a")).toBe(false);
  });

  test("a secondary rate limit (429) while listing ends the pass without moving the checkpoint", async () => {
    nock(API).get("/app/hook/deliveries").query(true).reply(429, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "60" });
    const store = new MemoryRedeliveryStore();
    await store.setCheckpoint("2026-11-27T09:00:00.000Z");
    const report = await pass(store);
    expect(report).toMatchObject({ examined: 0, redelivered: 0, stopped: "rate limit", checkpoint: "2026-11-27T09:00:00.000Z" });
    expect(await store.checkpoint()).toBe("2026-11-27T09:00:00.000Z");
  });

  test("GitHub refusing one redelivery (422) is counted as failed and not retried; a 5xx is retried next tick", async () => {
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [item(2, "b", 0, 1), item(1, "a", 0, 2)]);
    nock(API).post("/app/hook/deliveries/1/attempts").reply(422, { message: "Validation Failed" });
    nock(API).post("/app/hook/deliveries/2/attempts").reply(502, { message: "Bad Gateway" });
    const store = new MemoryRedeliveryStore();
    const report = await pass(store);
    expect(report).toMatchObject({ redelivered: 0, failed: 2, skipped: 0, checkpoint: "2026-11-27T09:59:00.000Z" });
    expect(await store.claim("a")).toBe(false);
    expect(await store.claim("b")).toBe(true);
  });

  test("an event another replica claimed is skipped", async () => {
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [item(1, "a", 0, 2)]);
    const store = new MemoryRedeliveryStore();
    await store.claim("a");
    expect(await pass(store)).toMatchObject({ redelivered: 0, skipped: 1 });
  });

  test("deliveries that cannot be listed end the pass with the error", async () => {
    nock(API).get("/app/hook/deliveries").query(true).reply(401, { message: "A JSON web token could not be decoded" });
    expect(await pass()).toMatchObject({ stopped: "listing failed", error: "A JSON web token could not be decoded", redelivered: 0 });
  });

  test("malformed items are left out", async () => {
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [{ id: "x" }, null, { ...item(1, "a", 0, 2), delivered_at: "not a date" }, item(2, "b", 200, 1)]);
    expect(await pass()).toMatchObject({ examined: 1, redelivered: 0 });
  });
});
