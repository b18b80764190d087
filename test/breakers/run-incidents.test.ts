import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { API, REPO_PATH, testProbot, mockInstallationToken } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiIssue, apiJob, HTML, mockConfig, mockJobs, mockLabels, mockOpenIssues, quietControl, runPayload } from "../helpers/batch-run.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";

function deliver(probot: Probot, payload: unknown, id = "run-delivery-1") {
  return probot.receive({ id, name: "workflow_run", payload } as never);
}

function setup(config = "") {
  const scope = nock(API);
  mockInstallationToken(scope);
  mockConfig(scope, config);
  return scope;
}

describe("High: more than half of the run's ecosystems failing", () => {
  const jobs = () => [
    apiJob({ name: "process (homebrew)", conclusion: "failure" }),
    apiJob({ name: "process (npm)", conclusion: "failure" }),
    apiJob({ name: "process (pypi)", conclusion: "timed_out" }),
    apiJob({ name: "process (go)", conclusion: "success" }),
  ];

  test("one incident issue, and the app stops the pipeline as /stop all would (control file and workflows)", async () => {
    const scope = setup("stop_workflows: [batch-generate.yml]\n");
    mockJobs(scope, 7001, 1, jobs());
    mockOpenIssues(scope, "batch-ops:incident");
    mockLabels(scope, ["batch-ops:incident", "severity:high"]);
    let issue: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((issue = b), true)).reply(201, apiIssue(50, "t", "b", ["batch-ops:incident", "severity:high"]));
    scope.get(`${REPO_PATH}/actions/workflows/batch-generate.yml`).reply(200, { id: 5, state: "active" });
    scope.put(`${REPO_PATH}/actions/workflows/batch-generate.yml/disable`).reply(204);
    let comment = "";
    scope.post(`${REPO_PATH}/issues/50/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 1, html_url: "c" });
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));

    expect(issue.title).toBe("Batch incident (High): 3 of 4 ecosystems failing");
    expect(issue.labels).toEqual(["batch-ops:incident", "severity:high"]);
    expect(issue.body).toContain("**Severity: High**");
    expect(issue.body).toContain("3 of 4 ecosystems failed in run https://github.com/Codertocat/Hello-World/actions/runs/7001: homebrew, npm, pypi.");
    expect(issue.body).toContain("- [ ] Single ecosystem affected");
    expect(issue.body).toContain(
      "1. Ecosystems with failures (`jq '.circuit_breaker | to_entries | map(select(.value.failures > 0))' batch-control.json`): homebrew (1), npm (1), pypi (1).",
    );
    expect(issue.body).toContain("| **homebrew** | closed | 1 | 2026-11-27T10:00:00Z | — | `state=closed skip=false` |");
    expect(issue.body).toMatch(
      /- npm: \[process \\\(npm\\\)\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/actions\/runs\/7001\/job\/\d+\) \(failure\)/,
    );
    expect(issue.body).toContain(incidentMarker("high"));

    expect(file.commits.map((c) => c.message.split("\n")[0])).toEqual([
      "chore: update circuit breaker state [skip ci]",
      "chore: emergency stop batch processing",
    ]);
    expect(file.commits[1]!.message).toContain(`requested_by: batch-ops (incidents.auto_stop_on_high)\nincident: ${HTML}/issues/50`);
    expect(JSON.parse(file.text!)).toMatchObject({
      enabled: false,
      reason: `Emergency stop: High severity: 3 of 4 ecosystems failing in run ${HTML}/actions/runs/7001`,
      disabled_by: "batch-ops",
      disabled_at: "2026-11-27T10:00:00Z",
      incident_url: `${HTML}/issues/50`,
    });
    expect(comment).toContain("🛑 Batch processing stopped automatically (`incidents.auto_stop_on_high`)");
    expect(comment).toContain("`batch-generate.yml`: disabled_manually (changed now)");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a later High run updates the same issue; the pipeline already stopped is not commented on again", async () => {
    const scope = setup();
    mockJobs(scope, 7001, 1, jobs());
    const existing = apiIssue(50, "Batch incident (High): 2 of 3 ecosystems failing", `old\n\n${incidentMarker("high")}\n`, [
      "batch-ops:incident",
      "severity:high",
    ]);
    mockOpenIssues(scope, "batch-ops:incident", [existing]);
    mockLabels(scope, ["batch-ops:incident", "severity:high"]);
    let update: any;
    scope.patch(`${REPO_PATH}/issues/50`, (b) => ((update = b), true)).reply(200, existing);
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => Object.assign(c, { enabled: false, reason: "Emergency stop: x", disabled_by: "batch-ops" })),
    );
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(update.title).toBe("Batch incident (High): 3 of 4 ecosystems failing");
    expect(file.commits).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("with auto_stop_on_high off: the issue only, nothing stopped", async () => {
    const scope = setup("incidents:\n  auto_stop_on_high: false\n");
    mockJobs(scope, 7001, 1, jobs());
    mockOpenIssues(scope, "batch-ops:incident");
    mockLabels(scope, ["batch-ops:incident", "severity:high"]);
    let issue: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((issue = b), true)).reply(201, apiIssue(51, "t", "b", []));
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(issue.body).toContain("`incidents.auto_stop_on_high` is off");
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).enabled).toBe(true);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a partial re-run of the two failed ecosystems failing again is not High: the run has four", async () => {
    const scope = setup();
    mockJobs(scope, 7001, 2, [
      apiJob({ name: "process (homebrew)", conclusion: "success", attempt: 1 }),
      apiJob({ name: "process (go)", conclusion: "success", attempt: 1 }),
      apiJob({ name: "process (npm)", conclusion: "failure", attempt: 2 }),
      apiJob({ name: "process (pypi)", conclusion: "failure", attempt: 2 }),
    ]);
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => c.batch_runs.applied.push("7001.1")),
    );
    await deliver(testProbot(), runPayload({ attempt: 2, conclusion: "failure" }));
    // No incident issue (strictNock: no issues request was mocked) and nothing stopped.
    expect(file.commits).toHaveLength(1);
    expect(file.commits[0]!.message).toContain("breaker: npm: closed (failures 0 → 1) [failure]");
    expect(file.commits[0]!.message).not.toContain("homebrew");
    expect(JSON.parse(file.text!).enabled).toBe(true);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("two of four failing (50%) is not High; transient failures (Low) open no issue", async () => {
    const scope = setup();
    mockJobs(scope, 7001, 1, [
      apiJob({ name: "process (homebrew)", conclusion: "failure" }),
      apiJob({ name: "process (npm)", conclusion: "failure" }),
      apiJob({ name: "process (pypi)", conclusion: "success" }),
      apiJob({ name: "process (go)", conclusion: "success" }),
    ]);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(file.commits).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("Medium: a breaker opening", () => {
  test("one issue per ecosystem when its breaker opens", async () => {
    const scope = setup();
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "failure" }), apiJob({ name: "process (go)", conclusion: "success" })]);
    mockOpenIssues(scope, "batch-ops:incident");
    scope.get(`${REPO_PATH}/labels/batch-ops%3Aincident`).reply(404, { message: "Not Found" });
    scope.post(`${REPO_PATH}/labels`, { name: "batch-ops:incident", color: "d73a4a", description: "Incident opened by batch-ops" }).reply(201, {});
    mockLabels(scope, ["severity:medium"]);
    let issue: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((issue = b), true)).reply(201, apiIssue(60, "t", "b", []));
    new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.circuit_breaker.npm.failures = 4)),
    );
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(issue.title).toBe("Circuit breaker open: npm");
    expect(issue.labels).toEqual(["batch-ops:incident", "severity:medium"]);
    expect(issue.body).toContain("The **npm** circuit breaker is `open` after 5 failures; it moves to half-open at 2026-11-27T11:00:00Z");
    expect(issue.body).toContain("| **npm** | open | 5 | 2026-11-27T10:00:00Z | 2026-11-27T11:00:00Z (in 1h) | `state=open skip=true` |");
    expect(issue.body).toContain("- [x] Single ecosystem affected");
    expect(issue.body).toContain(incidentMarker("breaker:npm"));
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a later run that still fails refreshes the issue; a success closes it with a comment", async () => {
    const existing = apiIssue(60, "Circuit breaker open: npm", `old\n\n${incidentMarker("breaker:npm")}\n`, [
      "batch-ops:incident",
      "severity:medium",
    ]);
    const probe = { state: "open", failures: 5, last_failure: "2026-11-27T08:00:00Z", opens_at: "2026-11-27T09:00:00Z" };

    // A failed half-open probe reopens it: the issue is updated, not duplicated.
    let scope = setup();
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "failure" })]);
    mockOpenIssues(scope, "batch-ops:incident", [existing]);
    mockLabels(scope, ["batch-ops:incident", "severity:medium"]);
    let update: any;
    scope.patch(`${REPO_PATH}/issues/60`, (b) => ((update = b), true)).reply(200, existing);
    let file = new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.circuit_breaker.npm = { ...probe })),
    );
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(file.commits[0]!.message).toContain("breaker: npm: half-open → open (failures 5 → 6, opens_at 2026-11-27T11:00:00Z) [failure]");
    expect(update.body).toContain("after 6 failures");
    expect(scope.pendingMocks()).toEqual([]);
    nock.cleanAll();

    // The next success closes the breaker and the issue.
    scope = setup();
    mockJobs(scope, 7002, 1, [apiJob({ name: "process (npm)", conclusion: "success" })]);
    mockOpenIssues(scope, "batch-ops:incident", [existing]);
    let comment = "";
    scope.post(`${REPO_PATH}/issues/60/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 2, html_url: "c" });
    scope.patch(`${REPO_PATH}/issues/60`, { state: "closed", state_reason: "completed" }).reply(200, {});
    file = new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.circuit_breaker.npm = { ...probe })),
    );
    await deliver(testProbot(), runPayload({ id: 7002 }), "run-delivery-2");
    expect(comment).toBe(`The npm circuit breaker closed after a successful run: ${HTML}/actions/runs/7002. Closing.`);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("incident reporting failing after the commit does not undo the commit", async () => {
    const scope = setup();
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "failure" })]);
    scope.get(`${REPO_PATH}/issues`).query(true).reply(500, { message: "boom" });
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.circuit_breaker.npm.failures = 4)),
    );
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).circuit_breaker.npm.state).toBe("open");
    expect(scope.pendingMocks()).toEqual([]);
  });
});
