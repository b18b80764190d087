import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, mockInstallations, mockRepoConfig, testRunner } from "../helpers/schedule.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiJob, mockJobs, quietControl, runPayload } from "../helpers/batch-run.js";
import { mockInstallationToken, REPO_PATH, testProbot } from "../helpers/index.js";
import { reconcileRunsTask } from "../../src/catchup/reconcile-runs-task.js";

const RUNS_PATH = `${REPO_PATH}/actions/workflows/batch-operations.yml/runs`;

/** A completed run as the runs API lists it: the webhook's `workflow_run` object. */
function listed(id: number, completedAt: string, conclusion = "success") {
  const run = runPayload({ id, completedAt, conclusion }).workflow_run;
  run.repository = { ...run.repository, id: 1296269 };
  run.created_at = completedAt;
  return run;
}

function mockRuns(scope: nock.Scope, runs: unknown[]) {
  return scope.get(RUNS_PATH).query({ status: "completed", per_page: "30" }).reply(200, { total_count: runs.length, workflow_runs: runs });
}

function oneRepo() {
  const scope = nock(API);
  mockInstallations(scope, [{ id: 2, repos: [{ owner: "Codertocat", name: "Hello-World" }] }]);
  mockRepoConfig(scope, "Codertocat", "Hello-World");
  return scope;
}

const npmFails = (id: number) =>
  [apiJob({ name: "process (npm)", conclusion: "failure", minutes: 3 }), apiJob({ name: "process (pypi)", conclusion: "success", minutes: 2 })].map(
    (j) => ({ ...j, run_id: id }),
  );

describe("reconciling batch runs whose webhook never arrived", () => {
  test("the missing runs after the newest applied one are applied oldest first, each as its webhook would have", async () => {
    const scope = oneRepo();
    mockRuns(scope, [
      listed(7003, "2026-11-27T09:40:00Z"),
      listed(7002, "2026-11-27T09:20:00Z", "failure"),
      listed(7000, "2026-11-27T09:00:00Z"),
      listed(6999, "2026-11-27T08:00:00Z"),
    ]);
    mockJobs(scope, 7002, 1, npmFails(7002));
    mockJobs(scope, 7003, 1, [apiJob({ name: "process (npm)", conclusion: "failure", minutes: 4 })]);
    const file = new FakeFile("batch-control.json", quietControl());
    const report = await testRunner([reconcileRunsTask]).tick();

    expect(report!.repos[0]!.tasks).toEqual([{ name: "reconcile-runs", ok: true }]);
    expect(file.commits.map((c) => c.message.split("\n").filter((l) => /^(run_id|breaker|minutes|requested_by):/.test(l)))).toEqual([
      [
        "run_id: 7002",
        "breaker: npm: closed (failures 0 → 1) [failure]",
        "breaker: pypi: closed (failures 0) [success]",
        "minutes: macOS +0, Linux +5",
        "requested_by: batch-ops (workflow_run 7002 attempt 1)",
      ],
      [
        "run_id: 7003",
        "breaker: npm: closed (failures 1 → 2) [failure]",
        "minutes: macOS +0, Linux +4",
        "requested_by: batch-ops (workflow_run 7003 attempt 1)",
      ],
    ]);
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.npm).toMatchObject({ state: "closed", failures: 2 });
    expect(written.budget.linux_minutes_used).toBe(9);
    expect(written.batch_runs).toEqual({
      applied: ["7000.1", "7002.1", "7003.1"],
      last_completed_at: "2026-11-27T09:40:00Z",
      newest: { "batch-operations.yml": "2026-11-27T09:40:00Z" },
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("nothing missing: one runs list, no jobs read, no write", async () => {
    const scope = oneRepo();
    mockRuns(scope, [listed(7000, "2026-11-27T09:00:00Z"), listed(6999, "2026-11-27T08:00:00Z")]);
    const file = new FakeFile("batch-control.json", quietControl());
    await testRunner([reconcileRunsTask]).tick();
    expect(file.commits).toEqual([]);
    expect(file.reads).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("at most the cap per tick; the next tick carries on", async () => {
    const file = new FakeFile("batch-control.json", quietControl());
    const runs = [listed(7003, "2026-11-27T09:40:00Z"), listed(7002, "2026-11-27T09:20:00Z"), listed(7000, "2026-11-27T09:00:00Z")];
    const runner = testRunner([reconcileRunsTask], { services: { reconcileMaxRunsPerTick: 1 } });
    let scope = oneRepo();
    mockRuns(scope, runs);
    mockJobs(scope, 7002, 1, []);
    await runner.tick();
    expect(file.commits.map((c) => c.message.match(/run_id: \d+/)![0])).toEqual(["run_id: 7002"]);
    expect(scope.pendingMocks()).toEqual([]);

    scope = oneRepo();
    mockRuns(scope, runs);
    mockJobs(scope, 7003, 1, []);
    await runner.tick();
    expect(file.commits.map((c) => c.message.match(/run_id: \d+/)![0])).toEqual(["run_id: 7002", "run_id: 7003"]);
    // The installation token is cached from the first tick.
    expect(scope.pendingMocks().filter((m) => !m.includes("access_tokens"))).toEqual([]);
  });

  test("a run that cannot be read stops its workflow for this tick (no later run overtakes it); the task reports it", async () => {
    const scope = oneRepo();
    mockRuns(scope, [listed(7003, "2026-11-27T09:40:00Z"), listed(7002, "2026-11-27T09:20:00Z"), listed(7000, "2026-11-27T09:00:00Z")]);
    scope.get(`${REPO_PATH}/actions/runs/7002/attempts/1/jobs`).query(true).reply(502, { message: "Bad Gateway" });
    const file = new FakeFile("batch-control.json", quietControl());
    const report = await testRunner([reconcileRunsTask]).tick();
    expect(file.commits).toEqual([]);
    expect(report!.repos[0]!.tasks).toEqual([{ name: "reconcile-runs", ok: false, error: "run 7002 attempt 1: Bad Gateway" }]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a missing workflow is not an error; an unreadable list is", async () => {
    let scope = oneRepo();
    scope.get(RUNS_PATH).query(true).reply(404, { message: "Not Found" });
    new FakeFile("batch-control.json", quietControl());
    expect((await testRunner([reconcileRunsTask]).tick())!.repos[0]!.tasks).toEqual([{ name: "reconcile-runs", ok: true }]);
    expect(scope.pendingMocks()).toEqual([]);

    scope = oneRepo();
    scope.get(RUNS_PATH).query(true).reply(403, { message: "Resource not accessible by integration" });
    expect((await testRunner([reconcileRunsTask]).tick())!.repos[0]!.tasks).toEqual([
      { name: "reconcile-runs", ok: false, error: "batch-operations.yml: runs cannot be listed: Resource not accessible by integration" },
    ]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("cap 0 turns reconciling off: not even a list", async () => {
    const scope = oneRepo();
    new FakeFile("batch-control.json", quietControl());
    await testRunner([reconcileRunsTask], { services: { reconcileMaxRunsPerTick: 0 } }).tick();
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("a run brought by both its webhook and the reconciler is counted once", () => {
  test("webhook first: the tick finds it applied", async () => {
    const file = new FakeFile("batch-control.json", quietControl());
    const scope = nock(API);
    mockInstallationToken(scope);
    scope
      .get(/batch-ops\.yml/)
      .times(2)
      .reply(404, { message: "Not Found" });
    mockJobs(scope, 7002, 1, npmFails(7002));
    await testProbot().receive({
      id: "late-1",
      name: "workflow_run",
      payload: runPayload({ id: 7002, completedAt: "2026-11-27T09:20:00Z" }),
    } as never);
    expect(file.commits).toHaveLength(1);

    const tick = oneRepo();
    mockRuns(tick, [listed(7002, "2026-11-27T09:20:00Z"), listed(7000, "2026-11-27T09:00:00Z")]);
    await testRunner([reconcileRunsTask]).tick();
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).circuit_breaker.npm.failures).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
    expect(tick.pendingMocks()).toEqual([]);
  });

  test("reconciler first: the late webhook finds it applied", async () => {
    const file = new FakeFile("batch-control.json", quietControl());
    const tick = oneRepo();
    mockRuns(tick, [listed(7002, "2026-11-27T09:20:00Z"), listed(7000, "2026-11-27T09:00:00Z")]);
    mockJobs(tick, 7002, 1, npmFails(7002));
    await testRunner([reconcileRunsTask]).tick();
    expect(file.commits).toHaveLength(1);

    const scope = nock(API);
    mockInstallationToken(scope);
    scope
      .get(/batch-ops\.yml/)
      .times(2)
      .reply(404, { message: "Not Found" });
    mockJobs(scope, 7002, 1, npmFails(7002));
    await testProbot().receive({
      id: "late-2",
      name: "workflow_run",
      payload: runPayload({ id: 7002, completedAt: "2026-11-27T09:20:00Z" }),
    } as never);
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).circuit_breaker.npm.failures).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
