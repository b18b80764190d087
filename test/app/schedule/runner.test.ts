import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, mockInstallations, mockRepoConfig, testRunner } from "../../helpers/schedule.js";
import { FakeFile } from "../../helpers/fake-repo.js";
import { quietControl } from "../../helpers/batch-run.js";
import { MemoryLease } from "../../../src/coordination/lease.js";
import { InFlight } from "../../../src/coordination/in-flight.js";
import type { ScheduledTask, TickContext } from "../../../src/core/scheduled-task.js";

function recorder(name: string, fail?: (tick: TickContext) => boolean) {
  const seen: string[] = [];
  const task: ScheduledTask = {
    name,
    async run(tick) {
      seen.push(`${tick.repo.owner}/${tick.repo.repo}`);
      if (fail?.(tick)) throw new Error(`${name} failed`);
    },
  };
  return { task, seen };
}

describe("a scheduled tick", () => {
  test("during shutdown (SIGTERM) no tick starts, and a running one stops before its next repository", async () => {
    const inFlight = new InFlight();
    const scope = nock(API);
    mockInstallations(scope, [
      {
        id: 2,
        repos: [
          { owner: "Codertocat", name: "Hello-World" },
          { owner: "Codertocat", name: "other" },
        ],
      },
    ]);
    mockRepoConfig(scope, "Codertocat", "Hello-World");
    new FakeFile("batch-control.json", quietControl());
    const seen: string[] = [];
    const stopsTheProcess: ScheduledTask = {
      name: "first",
      async run(tick) {
        seen.push(tick.repo.repo);
        inFlight.beginShutdown();
      },
    };
    const appTask = { name: "redelivery", run: async () => void seen.push("app task") };
    const runner = testRunner([stopsTheProcess], { inFlight, appTasks: [appTask] });
    const running = runner.tick();
    expect(inFlight.pending).toBe(1);
    const report = await running;

    expect(seen).toEqual(["Hello-World"]);
    expect(report?.repos.map((r) => r.repo)).toEqual(["Codertocat/Hello-World"]);
    expect(report?.errors).toEqual(["shutting down: the tick stopped early"]);
    expect(await inFlight.drain(0)).toBe(true);
    expect(await runner.tick()).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  test("visits every installed repository with a control file; each task's failure stays its own", async () => {
    const scope = nock(API);
    mockInstallations(scope, [
      {
        id: 2,
        repos: [
          { owner: "Codertocat", name: "Hello-World" },
          { owner: "Codertocat", name: "no-control" },
          { owner: "Codertocat", name: "bad-config" },
          { owner: "Codertocat", name: "old", archived: true },
        ],
      },
      { id: 3, repos: "error" },
    ]);
    mockRepoConfig(scope, "Codertocat", "Hello-World");
    new FakeFile("batch-control.json", quietControl());
    mockRepoConfig(scope, "Codertocat", "no-control", "control_file: ops/control.json\n");
    scope.get("/repos/Codertocat/no-control/contents/ops%2Fcontrol.json").query({ ref: "main" }).reply(404, { message: "Not Found" });
    mockRepoConfig(scope, "Codertocat", "bad-config", "budget:\n  pause_at: lots\n");
    const first = recorder("first", () => true);
    const second = recorder("second");
    const report = await testRunner([first.task, second.task]).tick();

    expect(first.seen).toEqual(["Codertocat/Hello-World"]);
    expect(second.seen).toEqual(["Codertocat/Hello-World"]);
    expect(report).toEqual({
      startedAt: "2026-11-27T10:00:00.000Z",
      installations: 2,
      repos: [
        {
          repo: "Codertocat/Hello-World",
          tasks: [
            { name: "first", ok: false, error: "first failed" },
            { name: "second", ok: true },
          ],
        },
        { repo: "Codertocat/no-control", skipped: "no control file", tasks: [] },
        {
          repo: "Codertocat/bad-config",
          skipped: "invalid config",
          detail: "budget.pause_at → Invalid input: expected number, received string",
          tasks: [],
        },
      ],
      errors: ["installation 3: boom"],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("tasks get the repository's config and the control file as read", async () => {
    const scope = nock(API);
    mockInstallations(scope, [{ id: 2, repos: [{ owner: "Codertocat", name: "Hello-World" }] }]);
    mockRepoConfig(scope, "Codertocat", "Hello-World", "staleness_hours: 6\n");
    const file = new FakeFile("batch-control.json", quietControl());
    let seen: TickContext | undefined;
    await testRunner([{ name: "peek", run: async (tick) => void (seen = tick) }]).tick();
    expect(seen!.config.staleness_hours).toBe(6);
    expect(seen!.control!.sha).not.toBeNull();
    expect(seen!.control!.control.budget!.week_start).toBe("2026-11-23");
    expect(seen!.now).toEqual(new Date("2026-11-27T10:00:00Z"));
    expect(file.reads).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("an invalid control file still lets the tasks run (those that need it fail on their own)", async () => {
    const scope = nock(API);
    mockInstallations(scope, [{ id: 2, repos: [{ owner: "Codertocat", name: "Hello-World" }] }]);
    mockRepoConfig(scope, "Codertocat", "Hello-World");
    new FakeFile("batch-control.json", "{ not json");
    let control: unknown = "unset";
    const report = await testRunner([{ name: "peek", run: async (tick) => void (control = tick.control) }]).tick();
    expect(control).toBeUndefined();
    expect(report!.repos[0]!.tasks).toEqual([{ name: "peek", ok: true }]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a repository leased by another replica is skipped for this interval", async () => {
    const scope = nock(API);
    mockInstallations(scope, [{ id: 2, repos: [{ owner: "Codertocat", name: "Hello-World" }] }]);
    const lease = new MemoryLease(() => 0);
    await lease.acquire("schedule:codertocat/hello-world", 60_000);
    const task = recorder("t");
    const report = await testRunner([task.task], { lease, leaseTtlMs: 60_000 }).tick();
    expect(report!.repos).toEqual([{ repo: "Codertocat/Hello-World", skipped: "leased by another replica", tasks: [] }]);
    expect(task.seen).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("ticks never overlap: a second one while the first runs returns at once", async () => {
    const scope = nock(API);
    mockInstallations(scope, [{ id: 2, repos: [] }]);
    const runner = testRunner([]);
    const first = runner.tick();
    expect(runner.busy).toBe(true);
    expect(await runner.tick()).toBeUndefined();
    expect((await first)!.installations).toBe(1);
    expect(runner.busy).toBe(false);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("installations that cannot be listed end the tick with the error reported", async () => {
    const scope = nock(API);
    scope.get("/app/installations").query(true).reply(401, { message: "Bad credentials" });
    const report = await testRunner([]).tick();
    expect(report).toMatchObject({ installations: 0, repos: [], errors: ["installations: Bad credentials"] });
    expect(scope.pendingMocks()).toEqual([]);
  });
});
