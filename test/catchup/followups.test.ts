import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, mockInstallations, mockRepoConfig, testRunner, TICK_NOW } from "../helpers/schedule.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { FakeIssues } from "../helpers/seeding.js";
import { apiJob, HTML, mockConfig, mockJobs, quietControl, runPayload } from "../helpers/batch-run.js";
import { mockInstallationToken, testDeps, testProbot } from "../helpers/index.js";
import { followupsTask } from "../../src/catchup/followups-task.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";
import { reportedMarker } from "../../src/breakers/budget-reported-marker.js";
import { Exclusive } from "../../src/coordination/exclusive.js";

let issues: FakeIssues;
beforeEach(() => {
  nock.disableNetConnect();
  issues = new FakeIssues();
  issues.clock = () => TICK_NOW;
});
afterEach(() => {
  const fake = new Set(issues.scope.pendingMocks());
  // The control file is persisted by design; Probot caches the installation token after a first tick.
  const leftover = nock.pendingMocks().filter((m) => !fake.has(m) && !m.includes("/contents/") && !m.includes("access_tokens"));
  nock.cleanAll();
  expect(leftover).toEqual([]);
  nock.enableNetConnect();
});

function oneRepo() {
  const scope = nock(API);
  mockInstallations(scope, [{ id: 2, repos: [{ owner: "Codertocat", name: "Hello-World" }] }]);
  mockRepoConfig(scope, "Codertocat", "Hello-World");
  return scope;
}

async function tick(runner = testRunner([followupsTask], { services: { exclusive: new Exclusive() } })) {
  oneRepo();
  const report = await runner.tick();
  return report!.repos[0]!.tasks;
}

const BUDGET = "batch-ops:budget";
const INCIDENT = "batch-ops:incident";

describe("budget reports a run committed but never made", () => {
  const crossed = (levels: string[]) => quietControl((c) => Object.assign(c.budget, { linux_minutes_used: 5000, thresholds_crossed: levels }));

  test("no budget issue at all: created on the next tick, once", async () => {
    const file = new FakeFile("batch-control.json", crossed(["sampling"]));
    const runner = testRunner([followupsTask], { services: { exclusive: new Exclusive() } });
    expect(await tick(runner)).toEqual([{ name: "follow-ups", ok: true }]);
    const budget = issues.withLabel(BUDGET);
    expect(budget).toHaveLength(1);
    expect(budget[0]!.title).toBe("Batch CI budget: 100% of the weekly minutes used (week of 2026-11-23)");
    expect(budget[0]!.body).toContain(reportedMarker("2026-11-23", ["sampling"]));
    expect(budget[0]!.body).toContain(incidentMarker("budget"));
    await tick(runner);
    expect(issues.withLabel(BUDGET)).toHaveLength(1);
    expect(issues.comments).toEqual([]);
    expect(file.commits).toEqual([]);
  });

  test("an open issue that reported sampling but not the pause: updated, with one comment for the pause", async () => {
    new FakeFile("batch-control.json", crossed(["sampling", "pause"]));
    issues.add({
      title: "Batch CI budget: 85%",
      body: `old\n\n${reportedMarker("2026-11-23", ["sampling"])}\n\n${incidentMarker("budget")}\n`,
      labels: [BUDGET],
    });
    await tick();
    expect(issues.comments).toHaveLength(1);
    expect(issues.comments[0]!.body).toMatch(
      /^Crossed the \*\*100%\*\* threshold \(use now 100%\): acted on in the control file \(\[history\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/commits\/main\/batch-control\.json\)\)/,
    );
    expect(issues.issue(1)!.body).toContain(reportedMarker("2026-11-23", ["sampling", "pause"]));
  });

  test("a person closed this week's issue that reported them: nothing is reopened or recreated", async () => {
    new FakeFile("batch-control.json", crossed(["sampling"]));
    issues.add({
      title: "Batch CI budget",
      body: `x\n\n${reportedMarker("2026-11-23", ["sampling"])}\n\n${incidentMarker("budget")}\n`,
      labels: [BUDGET],
      state: "closed",
      closed_at: "2026-11-26T00:00:00Z",
    });
    await tick();
    expect(issues.withLabel(BUDGET)).toHaveLength(1);
    expect(issues.calls.filter((c) => c.startsWith("POST") || c.startsWith("PATCH"))).toEqual([]);
  });

  test("last week's closed issue does not count for this week", async () => {
    new FakeFile("batch-control.json", crossed(["sampling"]));
    issues.add({
      title: "Batch CI budget",
      body: `x\n\n${reportedMarker("2026-11-16", ["sampling"])}\n\n${incidentMarker("budget")}\n`,
      labels: [BUDGET],
      state: "closed",
      closed_at: "2026-11-23T00:04:00Z",
    });
    await tick();
    expect(issues.withLabel(BUDGET).filter((i) => i.state === "open")).toHaveLength(1);
  });

  test("an issue written before the marker existed is trusted: nothing is repeated", async () => {
    new FakeFile("batch-control.json", crossed(["sampling"]));
    issues.add({ title: "Batch CI budget", body: `x\n\n${incidentMarker("budget")}\n`, labels: [BUDGET] });
    await tick();
    expect(issues.calls.filter((c) => c.startsWith("POST") || c.startsWith("PATCH"))).toEqual([]);
  });

  test("nothing crossed this week: not even a request", async () => {
    new FakeFile("batch-control.json", quietControl());
    await tick();
    expect(issues.calls).toEqual([]);
  });
});

describe("incident issues a run committed but never made", () => {
  const due = "2026-11-27T09:30:00Z";
  const owed = (entries: Record<string, unknown>, edit: (c: any) => void = () => {}) =>
    quietControl((c) => {
      c.batch_runs.followups = entries;
      edit(c);
    });
  const run = {
    run: "7002.1",
    url: `${HTML}/actions/runs/7002`,
    workflow: "batch-operations.yml",
    conclusion: "failure",
    completed_at: "2026-11-27T09:25:00Z",
    due_at: due,
  };
  const npmOpen = (c: any) => (c.circuit_breaker.npm = { state: "open", failures: 5, last_failure: due, opens_at: "2026-11-27T10:30:00Z" });

  test("a breaker that opened without its issue: the Medium issue is opened on the next tick, once, with the run's failing jobs", async () => {
    new FakeFile("batch-control.json", owed({ "breaker:npm": { action: "open", ...run } }, npmOpen));
    const jobs = nock(API);
    mockJobs(jobs, 7002, 1, [apiJob({ name: "process (npm)", conclusion: "failure" })]);
    const runner = testRunner([followupsTask], { services: { exclusive: new Exclusive() } });
    await tick(runner);
    const opened = issues.withLabel(INCIDENT);
    expect(opened.map((i) => [i.title, i.labels])).toEqual([["Circuit breaker open: npm", [INCIDENT, "severity:medium"]]]);
    expect(opened[0]!.body).toContain(`Last run: ${HTML}/actions/runs/7002.`);
    expect(opened[0]!.body).toContain("  - npm: [process \\(npm\\)](");
    await tick(runner);
    expect(issues.withLabel(INCIDENT)).toHaveLength(1);
  });

  test("High never reported: the High issue, and the automatic stop it asks for", async () => {
    const file = new FakeFile("batch-control.json", owed({ high: { action: "open", ...run, failing: ["npm", "pypi"], total: 3 } }));
    mockJobs(nock(API), 7002, 1, []);
    await tick();
    const [high] = issues.withLabel(INCIDENT);
    expect(high!.title).toBe("Batch incident (High): 2 of 3 ecosystems failing");
    expect(high!.labels).toEqual([INCIDENT, "severity:high"]);
    expect(JSON.parse(file.text!)).toMatchObject({ enabled: false, disabled_by: "batch-ops", incident_url: high!.html_url });
    expect(issues.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^🛑 Batch processing stopped automatically/)]);
  });

  test("an issue a person closed after it fell due stays closed", async () => {
    new FakeFile("batch-control.json", owed({ "breaker:npm": { action: "open", ...run } }, npmOpen));
    issues.add({
      title: "Circuit breaker open: npm",
      body: `x\n\n${incidentMarker("breaker:npm")}\n`,
      labels: [INCIDENT],
      state: "closed",
      closed_at: "2026-11-27T09:45:00Z",
    });
    await tick();
    expect(issues.calls.filter((c) => c.startsWith("POST") || c.startsWith("PATCH"))).toEqual([]);
  });

  test("a breaker that closed with its issue still open: closed on the next tick", async () => {
    new FakeFile("batch-control.json", owed({ "breaker:npm": { action: "close", ...run, conclusion: "success" } }));
    issues.add({ title: "Circuit breaker open: npm", body: `x\n\n${incidentMarker("breaker:npm")}\n`, labels: [INCIDENT, "severity:medium"] });
    await tick();
    expect(issues.issue(1)!.state).toBe("closed");
    expect(issues.comments.map((c) => c.body)).toEqual([
      `The npm circuit breaker closed after a successful run: ${HTML}/actions/runs/7002. Closing.`,
    ]);
  });

  test("a breaker reset by hand since then owes no issue", async () => {
    new FakeFile("batch-control.json", owed({ "breaker:npm": { action: "open", ...run } }));
    await tick();
    expect(issues.calls.filter((c) => c.startsWith("POST") || c.startsWith("PATCH"))).toEqual([]);
  });

  test("follow-ups older than three days are dropped: not even a request", async () => {
    new FakeFile("batch-control.json", owed({ high: { action: "open", ...run, due_at: "2026-11-24T09:00:00Z", failing: ["a", "b"], total: 2 } }));
    await tick();
    expect(issues.calls).toEqual([]);
  });

  test("a hand-edited entry that does not parse is ignored", async () => {
    new FakeFile(
      "batch-control.json",
      owed({ "breaker:npm": { action: "open", ...run, url: "javascript:alert(1)" }, "not a key": { action: "open", ...run } }, npmOpen),
    );
    await tick();
    expect(issues.calls).toEqual([]);
  });
});

describe("a run's own report and the schedule's repair never both report", () => {
  test("a crossing the budget issue already reports (the schedule got there first) is not commented again", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "success", minutes: 100 })]);
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => Object.assign(c.budget, { linux_minutes_used: 3950 })),
    );
    // The crossing's commit lands behind the run's back, and the schedule reports it, before the run gets to.
    issues.add({
      title: "Batch CI budget",
      body: `x\n\n${reportedMarker("2026-11-23", ["sampling"])}\n\n${incidentMarker("budget")}\n`,
      labels: [BUDGET],
    });
    await testProbot(testDeps({ exclusive: new Exclusive() })).receive({ id: "run-1", name: "workflow_run", payload: runPayload() } as never);
    expect(file.commits.map((c) => c.message.split("\n")[0])).toEqual([
      "chore: update circuit breaker state [skip ci]",
      "chore: enable budget sampling at 80% threshold",
    ]);
    expect(issues.comments).toEqual([]);
    expect(issues.calls.filter((c) => c.startsWith("POST") || c.startsWith("PATCH"))).toEqual([]);
  });
});
