import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, mockInstallations, mockRepoConfig, testRunner } from "../../helpers/schedule.js";
import { FakeFile } from "../../helpers/fake-repo.js";
import { apiIssue, controlText, HTML, mockLabels, mockOpenIssues, quietControl } from "../../helpers/batch-run.js";
import { REPO_PATH } from "../../helpers/index.js";
import { breakerRecoveryTask } from "../../../src/breakers/breaker-recovery-task.js";
import { budgetWeekTask } from "../../../src/breakers/budget-week-task.js";
import { watchdogTask } from "../../../src/breakers/watchdog-task.js";
import { resumeReminderTask } from "../../../src/stop/resume-reminder-task.js";
import { scheduledTasks } from "../../../src/app/schedule/tasks.js";
import { incidentMarker } from "../../../src/incidents/issue-spec.js";
import { reminderMarker } from "../../../src/stop/resume-reminder.js";
import type { ScheduledTask } from "../../../src/core/scheduled-task.js";

function oneRepo(config?: string) {
  const scope = nock(API);
  mockInstallations(scope, [{ id: 2, repos: [{ owner: "Codertocat", name: "Hello-World" }] }]);
  mockRepoConfig(scope, "Codertocat", "Hello-World", config);
  return scope;
}

async function tick(tasks: ScheduledTask[], now?: Date) {
  const report = await testRunner(tasks, {}, now).tick();
  return report!.repos[0]!.tasks;
}

test("the schedule's task list runs recovery, the budget week, the watchdog and the reminder, in that order", () => {
  const names = scheduledTasks().map((t) => t.name);
  const mine = ["breaker-recovery", "budget-week", "watchdog", "resume-reminder"];
  expect(names.filter((n) => mine.includes(n))).toEqual(mine);
});

describe("breaker recovery", () => {
  test("the real file: every open breaker past opens_at becomes half-open in one commit", async () => {
    const scope = oneRepo();
    const file = new FakeFile("batch-control.json", controlText());
    expect(await tick([breakerRecoveryTask])).toEqual([{ name: "breaker-recovery", ok: true }]);
    expect(file.commits).toHaveLength(1);
    expect(file.commits[0]!.message).toBe(
      [
        "chore: update circuit breaker state [skip ci]",
        "",
        "breaker: github: open → half-open (failures 996) [recovery]",
        "breaker: homebrew: open → half-open (failures 957) [recovery]",
        "breaker: rubygems: open → half-open (failures 413) [recovery]",
        "breaker: crates.io: open → half-open (failures 993) [recovery]",
        "breaker: npm: open → half-open (failures 696) [recovery]",
        "breaker: pypi: open → half-open (failures 964) [recovery]",
        "requested_by: batch-ops (schedule)",
      ].join("\n"),
    );
    const written = JSON.parse(file.text!);
    expect(written.circuit_breaker.github).toEqual({
      state: "half-open",
      failures: 996,
      last_failure: "2026-06-26T20:51:01Z",
      opens_at: "2026-06-26T21:51:01Z",
    });
    expect(file.text).toBe(controlText().replaceAll('"state": "open"', '"state": "half-open"'));
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("nothing due: no commit and no second read", async () => {
    const scope = oneRepo();
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.circuit_breaker.npm = { state: "open", failures: 5, opens_at: "2026-11-27T10:30:00Z" })),
    );
    await tick([breakerRecoveryTask]);
    expect(file.commits).toHaveLength(0);
    expect(file.reads).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("the budget week", () => {
  test("a week that never started is started (the real file's empty week_start)", async () => {
    const scope = oneRepo();
    mockOpenIssues(scope, "batch-ops:budget");
    const file = new FakeFile(
      "batch-control.json",
      controlText((c) => (c.budget.week_start = "")),
    );
    await tick([budgetWeekTask]);
    expect(file.commits.map((c) => c.message.split("\n")[0])).toEqual(["chore: reset budget for new week"]);
    expect(JSON.parse(file.text!).budget).toEqual({ macos_minutes_used: 0, linux_minutes_used: 0, week_start: "2026-11-27", sampling_active: false });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("at the end of the week: reset, re-enable what the budget disabled, close the budget issue", async () => {
    const scope = oneRepo();
    mockOpenIssues(scope, "batch-ops:budget", [apiIssue(70, "Batch CI budget: 101%…", `x\n\n${incidentMarker("budget")}\n`, ["batch-ops:budget"])]);
    let comment = "";
    scope.post(`${REPO_PATH}/issues/70/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 1, html_url: "c" });
    scope.patch(`${REPO_PATH}/issues/70`, { state: "closed", state_reason: "completed" }).reply(200, {});
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => {
        Object.assign(c, {
          enabled: false,
          reason: "Budget exhausted until 2026-11-30",
          expected_resume: "2026-11-30T00:00:00Z",
          disabled_by: "batch-ops (budget policy)",
          disabled_at: "2026-11-29T01:00:00Z",
          disabled_ecosystems: ["pypi", "npm"],
        });
        Object.assign(c.budget, {
          macos_minutes_used: 1003,
          sampling_active: true,
          thresholds_crossed: ["sampling", "disable_noncritical", "pause"],
          disabled_by_budget: ["npm"],
          paused_by_budget: true,
        });
      }),
    );
    await tick([budgetWeekTask], new Date("2026-11-30T00:04:00Z"));
    const written = JSON.parse(file.text!);
    expect(written).toMatchObject({ enabled: true, reason: "", expected_resume: "", disabled_ecosystems: ["pypi"] });
    expect(written.budget).toMatchObject({
      macos_minutes_used: 0,
      week_start: "2026-11-30",
      sampling_active: false,
      thresholds_crossed: [],
      disabled_by_budget: [],
      paused_by_budget: false,
    });
    expect(comment).toMatch(
      /^The budget was reset for a new week \(\[commit\]\(.+\)\)\. Re-enabled what the budget had disabled: npm\. Batch processing, paused by the budget, is enabled again\.$/,
    );
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a crossing a run left unfinished is made by the schedule", async () => {
    const scope = oneRepo();
    mockLabels(scope, ["batch-ops:budget"]);
    mockOpenIssues(scope, "batch-ops:budget");
    scope.post(`${REPO_PATH}/issues`).reply(201, apiIssue(71, "t", "b", ["batch-ops:budget"]));
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => (c.budget.linux_minutes_used = 4100)),
    );
    await tick([budgetWeekTask]);
    expect(file.commits.map((c) => c.message.split("\n")[0])).toEqual(["chore: enable budget sampling at 80% threshold"]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("mid-week with nothing pending: no write", async () => {
    const scope = oneRepo();
    const file = new FakeFile("batch-control.json", quietControl());
    await tick([budgetWeekTask]);
    expect(file.commits).toHaveLength(0);
    expect(file.reads).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("the watchdog", () => {
  const runsOf = (scope: nock.Scope, file: string, runs: unknown[] | "missing") => {
    const call = scope.get(`${REPO_PATH}/actions/workflows/${file}/runs`).query({ status: "completed", per_page: "1" });
    if (runs === "missing") call.reply(404, { message: "Not Found" });
    else call.reply(200, { total_count: runs.length, workflow_runs: runs });
  };
  const run = (id: number, completedAt: string) => ({ id, html_url: `${HTML}/actions/runs/${id}`, conclusion: "success", updated_at: completedAt });

  test("no run for longer than staleness_hours: one issue with the likely causes checked", async () => {
    const scope = oneRepo("batch_workflows: [batch-generate.yml, batch-operations.yml]\n");
    runsOf(scope, "batch-generate.yml", [run(11, "2026-11-27T04:30:00Z")]);
    runsOf(scope, "batch-operations.yml", [run(9, "2026-11-26T04:30:00Z")]);
    mockOpenIssues(scope, "batch-ops:stale");
    scope.get(`${REPO_PATH}/actions/workflows/batch-generate.yml`).reply(200, { id: 1, state: "active" });
    scope.get(`${REPO_PATH}/actions/workflows/batch-operations.yml`).reply(200, { id: 2, state: "disabled_manually" });
    scope
      .get(`${REPO_PATH}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [
        {
          number: 5,
          html_url: `${HTML}/pull/5`,
          title: "Batch 2026-06-26",
          head: { ref: "batch/2026-06-26", repo: { full_name: "Codertocat/Hello-World" } },
          created_at: "2026-06-26T20:51:00Z",
        },
        {
          number: 6,
          html_url: `${HTML}/pull/6`,
          title: "Fork",
          head: { ref: "batch/x", repo: { full_name: "evil/Hello-World" } },
          created_at: "2026-06-27T00:00:00Z",
        },
        {
          number: 7,
          html_url: `${HTML}/pull/7`,
          title: "Docs",
          head: { ref: "docs", repo: { full_name: "Codertocat/Hello-World" } },
          created_at: "2026-06-27T00:00:00Z",
        },
      ]);
    mockLabels(scope, ["batch-ops:stale"]);
    let issue: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((issue = b), true)).reply(201, apiIssue(80, "t", "b", ["batch-ops:stale"]));
    new FakeFile(
      "batch-control.json",
      quietControl((c) => Object.assign(c, { enabled: false, reason: "Emergency stop: bad batch" })),
    );
    await tick([watchdogTask]);
    expect(issue.title).toBe("Batch pipeline stale: no run in 5 hours");
    expect(issue.labels).toEqual(["batch-ops:stale"]);
    expect(issue.body).toContain("No batch run has completed in more than 2 hours (`staleness_hours`).");
    expect(issue.body).toContain(
      `The newest completed batch run is [batch-generate.yml #11](${HTML}/actions/runs/11), success, completed 2026-11-27T04:30:00Z (5h 30m ago).`,
    );
    expect(issue.body).toContain("- [x] Workflow disabled: `batch-generate.yml` active, `batch-operations.yml` disabled_manually");
    expect(issue.body).toContain("- [x] `enabled=false` in the control file: Emergency stop: bad batch");
    expect(issue.body).toContain(
      `- [x] Open pull requests from \`batch/\` branches blocking the pipeline:\n  - [#5](${HTML}/pull/5) \`batch/2026-06-26\` Batch 2026-06-26 (opened 2026-06-26T20:51:00Z)`,
    );
    expect(issue.body).not.toContain("#6");
    expect(issue.body).toContain(incidentMarker("stale"));
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("still stale later: the same issue is updated; nothing checked when no cause is found", async () => {
    const scope = oneRepo();
    runsOf(scope, "batch-operations.yml", []);
    const existing = apiIssue(80, "Batch pipeline stale: no run in 5 hours", `old\n\n${incidentMarker("stale")}\n`, ["batch-ops:stale"]);
    mockOpenIssues(scope, "batch-ops:stale", [existing]);
    scope.get(`${REPO_PATH}/actions/workflows/batch-operations.yml`).reply(200, { id: 2, state: "active" });
    scope.get(`${REPO_PATH}/pulls`).query(true).reply(200, []);
    mockLabels(scope, ["batch-ops:stale"]);
    let update: any;
    scope.patch(`${REPO_PATH}/issues/80`, (b) => ((update = b), true)).reply(200, existing);
    new FakeFile("batch-control.json", quietControl());
    await tick([watchdogTask]);
    expect(update.title).toBe("Batch pipeline stale: no completed run found");
    expect(update.body).toContain("- [ ] Workflow disabled");
    expect(update.body).toContain("- [ ] `enabled=false` in the control file");
    expect(update.body).toContain("- [ ] Open pull requests from `batch/` branches blocking the pipeline");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a missing workflow is reported as such", async () => {
    const scope = oneRepo();
    runsOf(scope, "batch-operations.yml", "missing");
    mockOpenIssues(scope, "batch-ops:stale");
    scope.get(`${REPO_PATH}/pulls`).query(true).reply(200, []);
    mockLabels(scope, ["batch-ops:stale"]);
    let issue: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((issue = b), true)).reply(201, apiIssue(81, "t", "b", []));
    new FakeFile("batch-control.json", quietControl());
    await tick([watchdogTask]);
    expect(issue.body).toContain("- [x] Workflow disabled: `batch-operations.yml` missing");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a recent run: an open staleness issue is closed with a comment", async () => {
    const scope = oneRepo();
    runsOf(scope, "batch-operations.yml", [run(12, "2026-11-27T09:10:00Z")]);
    mockOpenIssues(scope, "batch-ops:stale", [
      apiIssue(80, "Batch pipeline stale: no run in 5 hours", `x\n\n${incidentMarker("stale")}\n`, ["batch-ops:stale"]),
    ]);
    let comment = "";
    scope.post(`${REPO_PATH}/issues/80/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 1, html_url: "c" });
    scope.patch(`${REPO_PATH}/issues/80`, { state: "closed", state_reason: "completed" }).reply(200, {});
    new FakeFile("batch-control.json", quietControl());
    await tick([watchdogTask]);
    expect(comment).toBe(`A batch run completed: ${HTML}/actions/runs/12 (2026-11-27T09:10:00Z). Closing.`);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a recent run and no open issue: only the two reads", async () => {
    const scope = oneRepo();
    runsOf(scope, "batch-operations.yml", [run(12, "2026-11-27T09:10:00Z")]);
    mockOpenIssues(scope, "batch-ops:stale");
    new FakeFile("batch-control.json", quietControl());
    expect(await tick([watchdogTask])).toEqual([{ name: "watchdog", ok: true }]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("the resume reminder", () => {
  const stopped = (edit: (c: any) => void = () => {}) =>
    quietControl((c) => {
      Object.assign(c, {
        enabled: false,
        reason: "Emergency stop: bad batch",
        disabled_by: "alice",
        disabled_at: "2026-11-27T01:00:00Z",
        expected_resume: "2026-11-27T06:00:00Z",
        incident_url: `${HTML}/issues/12`,
      });
      edit(c);
    });

  test("expected_resume passed while stopped: one reminder on the incident issue, nothing resumed", async () => {
    const scope = oneRepo();
    scope
      .get(`${REPO_PATH}/issues/12/comments`)
      .query({ per_page: "100" })
      .reply(200, [{ id: 1, body: "investigating" }]);
    let comment = "";
    scope.post(`${REPO_PATH}/issues/12/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 2, html_url: "c" });
    const file = new FakeFile("batch-control.json", stopped());
    await tick([resumeReminderTask]);
    expect(comment).toContain("⏰ The expected resume time (2026-11-27T06:00:00Z) has passed and batch processing is still stopped.");
    expect(comment).toContain("- Stopped by: alice at 2026-11-27T01:00:00Z");
    expect(comment).toContain(reminderMarker("2026-11-27T06:00:00Z"));
    expect(file.commits).toHaveLength(0);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("already reminded for this expected_resume: no second comment", async () => {
    const scope = oneRepo();
    scope
      .get(`${REPO_PATH}/issues/12/comments`)
      .query(true)
      .reply(200, [{ id: 2, body: `⏰ …\n${reminderMarker("2026-11-27T06:00:00Z")}` }]);
    new FakeFile("batch-control.json", stopped());
    await tick([resumeReminderTask]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test.each([
    ["not yet due", (c: any) => (c.expected_resume = "2026-11-27T12:00:00Z")],
    ["no expected_resume", (c: any) => (c.expected_resume = "")],
    ["running", (c: any) => (c.enabled = true)],
    ["incident_url elsewhere", (c: any) => (c.incident_url = "https://github.com/other/repo/issues/12")],
  ])("no reminder: %s", async (_name, edit) => {
    const scope = oneRepo();
    new FakeFile("batch-control.json", stopped(edit));
    await tick([resumeReminderTask]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
