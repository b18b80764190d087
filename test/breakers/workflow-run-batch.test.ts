import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { zipSync, strToU8 } from "fflate";
import { API, NOW, REPO_PATH, testProbot, mockInstallationToken } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiIssue, apiJob, HTML, mockConfig, mockJobs, mockOpenIssues, quietControl, runPayload } from "../helpers/batch-run.js";
import { batchRunEdit } from "../../src/breakers/run-edit.js";
import { parseControlFile, serializeControlFile } from "../../src/control/codec.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";
import type { Probot } from "probot";

function deliver(probot: Probot, payload: unknown, id = "run-delivery-1") {
  return probot.receive({ id, name: "workflow_run", payload } as never);
}

const JOBS = () => [
  apiJob({ name: "process (homebrew)", conclusion: "success", minutes: 12, labels: ["macos-14"] }),
  apiJob({ name: "process (npm)", conclusion: "success", minutes: 4 }),
  apiJob({ name: "process (pypi)", conclusion: "failure", minutes: 3 }),
  apiJob({ name: "merge", conclusion: "success", minutes: 1 }),
];

describe("a completed batch run", () => {
  test("costs the jobs list, one read and one write: breakers, minutes and run record in one commit", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, JOBS());
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));

    expect(file.reads).toBe(1);
    expect(file.commits).toHaveLength(1);
    expect(file.commits[0]!.message).toBe(
      [
        "chore: update circuit breaker state [skip ci]",
        "",
        `run: ${HTML}/actions/runs/7001`,
        "run_id: 7001",
        "run_attempt: 1",
        "conclusion: failure",
        "breaker: homebrew: closed (failures 0) [success]",
        "breaker: npm: closed (failures 0) [success]",
        "breaker: pypi: closed (failures 0 → 1) [failure]",
        "minutes: macOS +12, Linux +8",
        "budget: 1.2% (macOS 12/1000 min, Linux 8/5000 min)",
        "requested_by: batch-ops (workflow_run 7001 attempt 1)",
      ].join("\n"),
    );
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.pypi).toEqual({ state: "closed", failures: 1, last_failure: "2026-11-27T10:00:00Z" });
    expect(written.budget).toEqual({
      macos_minutes_used: 12,
      linux_minutes_used: 8,
      week_start: "2026-11-23",
      sampling_active: false,
      ecosystem_minutes: { homebrew: 12, npm: 4, pypi: 3 },
    });
    expect(written.batch_runs).toEqual({
      applied: ["7000.1", "7001.1"],
      last_completed_at: "2026-11-27T09:58:00Z",
      newest: { "batch-operations.yml": "2026-11-27T09:58:00Z" },
    });
    expect(file.text!.endsWith("}\n")).toBe(true);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a redelivered webhook (new delivery id, same run) applies nothing: the record in the file says so", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, JOBS());
    mockJobs(scope, 7001, 1, JOBS());
    const file = new FakeFile("batch-control.json", quietControl());
    const probot = testProbot();
    await deliver(probot, runPayload(), "first");
    await deliver(probot, runPayload(), "second");
    expect(file.commits).toHaveLength(1);
    expect(file.reads).toBe(2);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("another replica applying the same run between our read and write: our retry finds it applied", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, JOBS());
    const initial = quietControl();
    const file = new FakeFile("batch-control.json", initial);
    // The other replica's commit of the very same run lands just before ours.
    const parsed = parseControlFile(initial);
    if (!parsed.ok) throw new Error();
    const other = batchRunEdit(
      {
        run: {
          id: 7001,
          attempt: 1,
          url: "u",
          conclusion: "success",
          completedAt: "2026-11-27T09:58:00Z",
          workflowFile: "batch-operations.yml",
          fromFork: false,
        },
        jobs: [],
      },
      defaultRepoConfig(),
    ).edit(parsed.control, NOW);
    if (!other.changed) throw new Error();
    file.beforeWrite = (f) => {
      f.externalWrite(serializeControlFile(other.next));
      f.beforeWrite = undefined;
    };
    await deliver(testProbot(), runPayload());
    expect(file.conflicts).toBe(1);
    expect(file.commits).toHaveLength(0);
    expect(file.reads).toBe(2);
    expect(JSON.parse(file.text!).budget.linux_minutes_used).toBe(0);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a re-run attempt is applied on its own, from its own attempt's jobs", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 2, [
      apiJob({ name: "process (npm)", conclusion: "success", minutes: 2, attempt: 1 }),
      apiJob({ name: "process (pypi)", conclusion: "success", minutes: 5, attempt: 2 }),
    ]);
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => {
        c.batch_runs.applied.push("7001.1");
        c.circuit_breaker.pypi = { state: "half-open", failures: 5, last_failure: "2026-11-27T08:00:00Z", opens_at: "2026-11-27T09:00:00Z" };
      }),
    );
    mockOpenIssues(scope, "batch-ops:incident"); // pypi's breaker closed: its Medium issue is looked for (none open)
    await deliver(testProbot(), runPayload({ attempt: 2 }));
    expect(file.commits).toHaveLength(1);
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.pypi).toMatchObject({ state: "closed", failures: 0 });
    expect(written.budget.linux_minutes_used).toBe(5);
    expect(written.batch_runs.applied).toEqual(["7000.1", "7001.1", "7001.2"]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a cancelled run: minutes only, no breaker changes", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "cancelled", minutes: 6 })]);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "cancelled" }));
    expect(file.commits[0]!.message.split("\n")[0]).toBe("chore: record batch run CI minutes [skip ci]");
    expect(file.commits[0]!.message).toContain("breakers: cancelled run: no breaker changes");
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker).toEqual(JSON.parse(quietControl()).circuit_breaker);
    expect(written.budget.linux_minutes_used).toBe(6);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a workflow that is not a batch workflow is ignored after reading the config", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ file: "ci.yml" }));
    expect(file.reads).toBe(0);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("batch_workflows from the config; a fork's run spends minutes but moves no breaker", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope, "batch_workflows: [batch-generate.yml]\n");
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "failure", minutes: 2 })]);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ file: "batch-generate.yml", fork: true }));
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.npm).toEqual({ state: "closed", failures: 0 });
    expect(file.commits[0]!.message).toContain("breakers: run of a fork's code: no breaker changes");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("an invalid control file is never overwritten", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, JOBS());
    const file = new FakeFile("batch-control.json", '{"enabled": "yes"}\n');
    await deliver(testProbot(), runPayload());
    expect(file.commits).toHaveLength(0);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("an overdue budget week is reset first (its own commit), then the run is applied", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, JOBS());
    mockOpenIssues(scope, "batch-ops:budget"); // the week's budget issue, to close: none open
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.budget = { macos_minutes_used: 999, linux_minutes_used: 5, week_start: "2026-11-16", sampling_active: true })),
    );
    await deliver(testProbot(), runPayload());
    expect(file.commits.map((c) => c.message.split("\n")[0])).toEqual([
      "chore: reset budget for new week",
      "chore: update circuit breaker state [skip ci]",
    ]);
    expect(JSON.parse(file.text!).budget).toMatchObject({
      macos_minutes_used: 12,
      linux_minutes_used: 8,
      week_start: "2026-11-27",
      sampling_active: false,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("the first run after a stale spell closes the staleness issue with a comment", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "success" })]);
    mockOpenIssues(scope, "batch-ops:stale", [
      apiIssue(31, "Batch pipeline stale: no run in 5 hours", `x\n\n${incidentMarker("stale")}\n`, ["batch-ops:stale"]),
    ]);
    let comment = "";
    scope.post(`${REPO_PATH}/issues/31/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 1, html_url: "c" });
    scope.patch(`${REPO_PATH}/issues/31`, { state: "closed", state_reason: "completed" }).reply(200, {});
    new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.batch_runs.last_completed_at = "2026-11-27T04:00:00Z")),
    );
    await deliver(testProbot(), runPayload());
    expect(comment).toBe(`A batch run completed: ${HTML}/actions/runs/7001 (2026-11-27T09:58:00Z). Closing.`);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("every conclusion GitHub gives a completed run", () => {
  // No job names an ecosystem, so the run's conclusion is `default`'s outcome (when it judges anything).
  test.each([
    ["success", true, "breaker: default: closed (failures 0) [success]"],
    ["failure", true, "breaker: default: closed (failures 0 → 1) [failure]"],
    ["timed_out", true, "breaker: default: closed (failures 0 → 1) [failure]"],
    ["neutral", true, "breakers:"],
    ["cancelled", true, "breakers: cancelled run: no breaker changes"],
    ["skipped", false, "breakers: skipped conclusion: no job ran to judge, no breaker changes"],
    ["action_required", false, "breakers: action_required conclusion: no job ran to judge, no breaker changes"],
    ["startup_failure", false, "breakers: startup_failure conclusion: no job ran to judge, no breaker changes"],
    ["stale", false, "breakers: stale conclusion: no job ran to judge, no breaker changes"],
    [null, false, "breakers: no conclusion: no job ran to judge, no breaker changes"],
  ])("%s: applied once, its jobs' minutes counted (%s), the commit says what moved", async (conclusion, ran, line) => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, ran ? [apiJob({ name: "generate", conclusion: conclusion === "neutral" ? "neutral" : "success", minutes: 3 })] : []);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion }));
    expect(file.commits).toHaveLength(1);
    const message = file.commits[0]!.message;
    expect(message).toContain(`conclusion: ${conclusion ?? "none"}`);
    if (line === "breakers:") expect(message).not.toContain("breaker");
    else expect(message).toContain(line);
    const written = JSON.parse(file.text!);
    expect(written.budget.linux_minutes_used).toBe(ran ? 3 : 0);
    expect(written.circuit_breaker.default.failures).toBe(conclusion === "failure" || conclusion === "timed_out" ? 1 : 0);
    expect(written.batch_runs.applied).toEqual(["7000.1", "7001.1"]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a run where no job ran reads no artifact (outcomes_from: artifact)", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope, "circuit_breaker:\n  outcomes_from: artifact\n");
    mockJobs(scope, 7001, 1, []);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "startup_failure" }));
    expect(file.commits[0]!.message).toContain("breakers: startup_failure conclusion: no job ran to judge, no breaker changes");
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("which runs are the pipeline's", () => {
  test("a run on another branch spends minutes but moves no breaker, and reads no artifact", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope, "circuit_breaker:\n  outcomes_from: artifact\n");
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "failure", minutes: 2 })]);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "failure", branch: "try-new-scanner" }));
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.npm).toEqual({ state: "closed", failures: 0 });
    expect(written.budget.linux_minutes_used).toBe(2);
    expect(file.commits[0]!.message).toContain("breakers: run on branch try-new-scanner, not the default branch: no breaker changes");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a path naming this repository (with a ref) is this repository's workflow", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "failure", minutes: 2 })]);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(
      testProbot(),
      runPayload({ conclusion: "failure", path: "codertocat/hello-world/.github/workflows/batch-operations.yml@refs/heads/main" }),
    );
    expect(JSON.parse(file.text!).circuit_breaker.npm).toMatchObject({ failures: 1 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a workflow of another repository with the same file name (a ruleset's required workflow) is not a batch run", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(
      testProbot(),
      runPayload({ conclusion: "failure", path: "octo-org/central/.github/workflows/batch-operations.yml@refs/heads/main" }),
    );
    expect(file.reads).toBe(0);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("all 150 jobs of a run are read (the jobs API pages at 100); self-hosted jobs cost no budget", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    const jobs = Array.from({ length: 150 }, (_, i) =>
      apiJob({
        name: `process (npm, shard ${i})`,
        conclusion: i === 149 ? "failure" : "success",
        minutes: 1,
        labels: i < 10 ? ["self-hosted", "macOS"] : ["ubuntu-latest"],
      }),
    );
    const path = `${REPO_PATH}/actions/runs/7001/attempts/1/jobs`;
    scope
      .get(path)
      .query({ per_page: "100" })
      .reply(
        200,
        { total_count: 150, jobs: jobs.slice(0, 100) },
        { link: `<${API}${path}?per_page=100&page=2>; rel="next", <${API}${path}?per_page=100&page=2>; rel="last"` },
      );
    scope
      .get(path)
      .query({ per_page: "100", page: "2" })
      .reply(200, { total_count: 150, jobs: jobs.slice(100) });
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.npm).toMatchObject({ failures: 1 });
    expect(written.budget).toMatchObject({ macos_minutes_used: 0, linux_minutes_used: 140 });
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("outcomes_from: artifact", () => {
  const CONFIG = "circuit_breaker:\n  outcomes_from: artifact\n";

  test("the batch-results artifact decides the outcomes (downloaded through GitHub's redirect)", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope, CONFIG);
    mockJobs(scope, 7001, 1, [apiJob({ name: "generate", conclusion: "success", minutes: 9 })]);
    const results = {
      batch_id: "2026-11-27",
      per_ecosystem: { homebrew: { total: 49, succeeded: 5, failed: 41 }, rubygems: { total: 1, succeeded: 0, failed: 1 } },
    };
    const zip = zipSync({ "batch-results.json": strToU8(JSON.stringify(results)) });
    scope
      .get(`${REPO_PATH}/actions/runs/7001/artifacts`)
      .query({ name: "batch-results", per_page: "100" })
      .reply(200, { total_count: 1, artifacts: [{ id: 55, name: "batch-results", size_in_bytes: zip.byteLength, expired: false }] });
    scope.get(`${REPO_PATH}/actions/artifacts/55/zip`).reply(302, "", { location: "https://pipelines.example.test/artifact/55.zip" });
    const blob = nock("https://pipelines.example.test").get("/artifact/55.zip").reply(200, Buffer.from(zip), { "content-type": "application/zip" });
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.circuit_breaker.rubygems.failures = 4)),
    );
    // rubygems opens: a Medium issue.
    mockOpenIssues(scope, "batch-ops:incident");
    scope
      .get(/\/labels\//)
      .times(2)
      .reply(200, {});
    let created: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((created = b), true)).reply(201, apiIssue(40, "t", "b", []));
    await deliver(testProbot(), runPayload());
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.homebrew).toEqual({ state: "closed", failures: 0 });
    expect(written.circuit_breaker.rubygems).toMatchObject({ state: "open", failures: 5 });
    expect(written.budget.linux_minutes_used).toBe(9);
    expect(created.title).toBe("Circuit breaker open: rubygems");
    expect(created.labels).toEqual(["batch-ops:incident", "severity:medium"]);
    expect(blob.isDone()).toBe(true);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("no artifact: no breaker moves, the commit says why", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope, CONFIG);
    mockJobs(scope, 7001, 1, []);
    scope.get(`${REPO_PATH}/actions/runs/7001/artifacts`).query(true).reply(200, { total_count: 0, artifacts: [] });
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload());
    expect(file.commits[0]!.message).toContain("breakers: batch-results artifact unusable: the run has no `batch-results` artifact");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("an oversized artifact is not downloaded", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope, CONFIG);
    mockJobs(scope, 7001, 1, []);
    scope
      .get(`${REPO_PATH}/actions/runs/7001/artifacts`)
      .query(true)
      .reply(200, { total_count: 1, artifacts: [{ id: 56, name: "batch-results", size_in_bytes: 50_000_000, expired: false }] });
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload());
    expect(file.commits[0]!.message).toMatch(/artifact is 50000000 bytes, over the 1048576-byte limit/);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
