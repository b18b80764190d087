import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, mockInstallations, testRunner } from "../../helpers/schedule.js";
import { MemoryLease } from "../../../src/coordination/lease.js";
import { EtagCache } from "../../../src/github/conditional-requests.js";
import { tickSummary } from "../../../src/app/http/schedule-route.js";
import type { AppTask } from "../../../src/core/scheduled-task.js";

describe("App-wide tasks of a tick", () => {
  test("run once per tick with the App's own client, after the repositories, each under its own lease", async () => {
    const scope = nock(API);
    const order: string[] = [];
    scope
      .get("/app/hook/deliveries")
      .query(true)
      .matchHeader("authorization", /^bearer /i)
      .reply(200, () => (order.push("app task"), []));
    scope
      .get("/app/installations")
      .query(true)
      .reply(200, () => (order.push("installations"), []));
    const task: AppTask = { name: "peek", run: async (tick) => void (await tick.github.rest.apps.listWebhookDeliveries({ per_page: 100 })) };
    const lease = new MemoryLease(() => 0);
    const runner = testRunner([], { appTasks: [task], lease, leaseTtlMs: 60_000 });
    const report = await runner.tick();
    expect(order).toEqual(["installations", "app task"]);
    expect(report!.app).toEqual([{ name: "peek", ok: true }]);

    // Within the lease another tick (another replica) skips the task.
    scope.get("/app/installations").query(true).reply(200, []);
    const second = await runner.tick();
    expect(second!.app).toEqual([{ name: "peek", ok: true, skipped: "leased by another replica" }]);
    expect(tickSummary(second!)["app_tasks"]).toEqual([{ name: "peek", ok: true, skipped: "leased by another replica" }]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a failing App task is reported and the repositories are still ticked", async () => {
    const scope = nock(API);
    mockInstallations(scope, [{ id: 2, repos: [] }]);
    const report = await testRunner([], { appTasks: [{ name: "broken", run: async () => Promise.reject(new Error("GitHub said no")) }] }).tick();
    expect(report!.app).toEqual([{ name: "broken", ok: false, error: "GitHub said no" }]);
    expect(report!.installations).toBe(1);
    expect(tickSummary(report!)["failures"]).toEqual([{ task: "broken", error: "GitHub said no" }]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("with ETags kept, an unchanged answer is asked with If-None-Match and its 304 replays the stored response", async () => {
    const scope = nock(API);
    scope.get("/app/installations").query(true).reply(200, [], { etag: '"v1"' });
    scope.get("/app/installations").query(true).matchHeader("if-none-match", '"v1"').reply(304, "");
    const etags = new EtagCache();
    const runner = testRunner([], { etags });
    expect((await runner.tick())!.errors).toEqual([]);
    expect((await runner.tick())!.errors).toEqual([]);
    expect(etags.notModified).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
