import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { API, REPO_PATH, testProbot, mockInstallationToken } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiIssue, apiJob, mockConfig, mockJobs, mockLabels, mockOpenIssues, quietControl, runPayload } from "../helpers/batch-run.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";

function deliver(probot: Probot, payload: unknown) {
  return probot.receive({ id: "run-delivery-1", name: "workflow_run", payload } as never);
}

function setup(config = "") {
  const scope = nock(API);
  mockInstallationToken(scope);
  mockConfig(scope, config);
  return scope;
}

describe("budget thresholds crossed by a run", () => {
  test("each crossing is its own commit with the runbook's subject; one budget issue is opened", async () => {
    const scope = setup("budget:\n  critical_ecosystems: [homebrew]\necosystems: [homebrew, npm, pypi]\n");
    mockJobs(scope, 7001, 1, [
      apiJob({ name: "process (homebrew)", conclusion: "success", minutes: 40, labels: ["macos-14"] }),
      apiJob({ name: "process (npm)", conclusion: "success", minutes: 100 }),
    ]);
    mockLabels(scope, ["batch-ops:budget"]);
    mockOpenIssues(scope, "batch-ops:budget");
    let issue: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((issue = b), true)).reply(201, apiIssue(70, "t", "b", ["batch-ops:budget"]));
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => Object.assign(c.budget, { macos_minutes_used: 870, ecosystem_minutes: { homebrew: 870 } })),
    );
    await deliver(testProbot(), runPayload());

    expect(file.commits.map((c) => c.message.split("\n")[0])).toEqual([
      "chore: update circuit breaker state [skip ci]",
      "chore: enable budget sampling at 80% threshold",
      "chore: disable non-critical ecosystems for budget control",
    ]);
    expect(file.commits[1]!.message).toBe(
      [
        "chore: enable budget sampling at 80% threshold",
        "",
        "use: 91% (macOS 910/1000 min, Linux 100/5000 min)",
        "threshold: sampling_at: 0.8",
        "action: sampling_active=true",
        "requested_by: batch-ops (workflow_run 7001 attempt 1)",
      ].join("\n"),
    );
    const written = JSON.parse(file.text!);
    expect(written.disabled_ecosystems).toEqual(["npm", "pypi", "github", "rubygems", "crates.io", "default"]);
    expect(written.reason).toBe("Budget threshold exceeded");
    expect(written.budget).toMatchObject({
      sampling_active: true,
      thresholds_crossed: ["sampling", "disable_noncritical"],
      disabled_by_budget: written.disabled_ecosystems,
    });
    expect(issue.title).toBe("Batch CI budget: 91% of the weekly minutes used (week of 2026-11-23)");
    expect(issue.labels).toEqual(["batch-ops:budget"]);
    expect(issue.body).toContain("- [x] Usage at 80%: reduce batch size and enable sampling");
    expect(issue.body).toContain("- [x] Usage at 90%+: stop non-critical batches, preserve budget for critical ecosystems (homebrew)");
    expect(issue.body).toContain("- [ ] Budget exhausted (100%)");
    expect(issue.body).toContain("| homebrew | 910 | 90.1% ⚠️ |");
    expect(issue.body).toContain("| npm | 100 | 9.9% |");
    expect(issue.body).toContain("⚠️ homebrew used more than half of all minutes: consider reducing its batch frequency (runbook §4 escalation).");
    expect(issue.body).toContain(incidentMarker("budget"));
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a later crossing updates the one budget issue and comments on it; the pipeline is paused until the reset", async () => {
    const scope = setup();
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (homebrew)", conclusion: "success", minutes: 20, labels: ["macos-14"] })]);
    mockLabels(scope, ["batch-ops:budget"]);
    const existing = apiIssue(70, "Batch CI budget: 91% of the weekly minutes used (week of 2026-11-23)", `old\n\n${incidentMarker("budget")}\n`, [
      "batch-ops:budget",
    ]);
    mockOpenIssues(scope, "batch-ops:budget", [existing]);
    let update: any;
    scope.patch(`${REPO_PATH}/issues/70`, (b) => ((update = b), true)).reply(200, existing);
    let comment = "";
    scope.post(`${REPO_PATH}/issues/70/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 1, html_url: "c" });
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) =>
        Object.assign(c.budget, { macos_minutes_used: 990, sampling_active: true, thresholds_crossed: ["sampling", "disable_noncritical"] }),
      ),
    );
    await deliver(testProbot(), runPayload());
    expect(file.commits.map((c) => c.message.split("\n")[0])).toEqual([
      "chore: update circuit breaker state [skip ci]",
      "chore: pause batch processing for budget control",
    ]);
    expect(JSON.parse(file.text!)).toMatchObject({
      enabled: false,
      reason: "Budget exhausted until 2026-11-30",
      expected_resume: "2026-11-30T00:00:00Z",
    });
    expect(update.title).toBe("Batch CI budget: 101% of the weekly minutes used (week of 2026-11-23)");
    expect(comment).toMatch(
      /^Crossed the \*\*100%\*\* threshold \(use 101%\): enabled=false; reason="Budget exhausted until 2026-11-30"; expected\\_resume=2026-11-30T00:00:00Z \(\[commit\]\(https:\/\/github.com\/x\/y\/commit\/[0-9a-f]+\)\)\.$/,
    );
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a threshold already acted on this week is not acted on or reported again", async () => {
    const scope = setup();
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (homebrew)", conclusion: "success", minutes: 5, labels: ["macos-14"] })]);
    const file = new FakeFile(
      "batch-control.json",
      quietControl((c) => Object.assign(c.budget, { macos_minutes_used: 850, sampling_active: false, thresholds_crossed: ["sampling"] })),
    );
    await deliver(testProbot(), runPayload());
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).budget.sampling_active).toBe(false);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
