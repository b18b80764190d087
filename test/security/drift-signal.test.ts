import { describe, expect, test } from "@jest/globals";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { driftStopReason, matchDriftIssue, matchDriftRun, type IssueFacts, type RunFacts } from "../../src/security/drift-signal.js";

const security = defaultRepoConfig().security;

function run(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    id: 42,
    path: ".github/workflows/checksum-drift.yaml",
    name: "Checksum Drift Monitoring",
    runNumber: 12,
    conclusion: "failure",
    htmlUrl: "https://github.com/o/r/actions/runs/42",
    headBranch: "main",
    updatedAt: "2026-11-27T09:59:00Z",
    headRepositoryId: 1,
    repositoryId: 1,
    ...overrides,
  };
}

function issue(overrides: Partial<IssueFacts> = {}): IssueFacts {
  return {
    number: 7,
    title: "Checksum drift detected: cmake",
    body: "",
    htmlUrl: "https://github.com/o/r/issues/7",
    createdAt: "2026-11-27T09:59:30Z",
    labels: ["security", "needs-triage"],
    author: "github-actions[bot]",
    ...overrides,
  };
}

describe("matchDriftRun", () => {
  test("a failed run of a drift workflow on the default branch is a signal", () => {
    const match = matchDriftRun(run(), "main", security);
    expect(match).toEqual({
      signal: {
        kind: "workflow_run",
        url: "https://github.com/o/r/actions/runs/42",
        summary: "workflow checksum-drift.yaml run #12 failed",
        at: "2026-11-27T09:59:00Z",
        runId: 42,
        recipes: [],
      },
    });
    expect("signal" in matchDriftRun(run({ path: ".github/workflows/checksum-drift.yml@refs/heads/main" }), "main", security)).toBe(true);
    // A workflow file of another repository (a ruleset's required workflow) is never this repository's drift workflow.
    const central = { path: "octo-org/central/.github/workflows/checksum-drift.yml@refs/heads/main", repositoryFullName: "o/r" };
    expect(matchDriftRun(run(central), "main", security)).toEqual({ ignored: "not a workflow file of this repository" });
    expect("signal" in matchDriftRun(run({ ...central, path: "O/R/.github/workflows/checksum-drift.yml@refs/heads/main" }), "main", security)).toBe(
      true,
    );
  });

  test.each([
    ["success", { conclusion: "success" }],
    ["cancelled", { conclusion: "cancelled" }],
    ["another workflow", { path: ".github/workflows/batch-generate.yml" }],
    ["another branch", { headBranch: "feature" }],
    ["a fork", { headRepositoryId: 999 }],
  ])("%s is not a signal", (_name, overrides) => {
    expect("ignored" in matchDriftRun(run(overrides as Partial<RunFacts>), "main", security)).toBe(true);
  });

  test("the configured workflow list is used", () => {
    expect("signal" in matchDriftRun(run({ path: ".github/workflows/drift.yml" }), "main", { ...security, drift_workflows: ["drift.yml"] })).toBe(
      true,
    );
    expect("ignored" in matchDriftRun(run(), "main", { ...security, drift_workflows: ["drift.yml"] })).toBe(true);
  });
});

describe("matchDriftIssue", () => {
  test("an issue opened with the security label and a drift title is a signal, with its recipes", () => {
    const match = matchDriftIssue(issue(), security, "batch-ops[bot]");
    expect(match).toEqual({
      signal: {
        kind: "issue",
        url: "https://github.com/o/r/issues/7",
        summary: 'issue #7 "Checksum drift detected: cmake" opened by github-actions[bot]',
        at: "2026-11-27T09:59:30Z",
        issueNumber: 7,
        recipes: [{ name: "cmake" }],
      },
    });
  });

  test("label and title compare case-insensitively", () => {
    expect("signal" in matchDriftIssue(issue({ labels: ["Security"], title: "CHECKSUM DRIFT DETECTED in gh" }), security, undefined)).toBe(true);
  });

  test.each([
    ["without the label", { labels: ["bug"] }],
    ["with another title", { title: "Checksum drift monitor is flaky" }],
    ["opened by this app", { author: "batch-ops[bot]" }],
  ])("an issue %s is not a signal", (_name, overrides) => {
    expect("ignored" in matchDriftIssue(issue(overrides), security, "batch-ops[bot]")).toBe(true);
  });
});

test("the stop reason is the issue's wording with the link", () => {
  expect(driftStopReason({ url: "https://github.com/o/r/issues/7" })).toBe("Security: checksum drift detected (https://github.com/o/r/issues/7)");
});
