import { describe, expect, test } from "@jest/globals";
import { batchRunEdit, BREAKER_SUBJECT, MINUTES_SUBJECT, type RunInput } from "../../src/breakers/run-edit.js";
import { appliedRuns, lastCompletedAt, MAX_APPLIED_RUNS } from "../../src/breakers/run-record.js";
import type { JobFacts, RunFacts } from "../../src/breakers/jobs.js";
import { validateRepoConfig } from "../../src/config/validate.js";
import type { RepoConfig } from "../../src/config/schema.js";
import { parseControlFile } from "../../src/control/codec.js";
import type { ControlFile } from "../../src/control/schema.js";
import { controlText } from "../helpers/batch-run.js";

const NOW = new Date("2026-11-27T10:00:00Z");

function config(extra: Record<string, unknown> = {}): RepoConfig {
  const result = validateRepoConfig(extra);
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.config;
}

function control(edit?: (c: any) => void): ControlFile {
  const parsed = parseControlFile(controlText(edit));
  if (!parsed.ok) throw new Error();
  return parsed.control;
}

const RUN: RunFacts = {
  id: 42,
  attempt: 1,
  url: "https://github.com/o/r/actions/runs/42",
  conclusion: "failure",
  completedAt: "2026-11-27T09:58:00Z",
  workflowFile: "batch-operations.yml",
  fromFork: false,
};

let id = 0;
function job(name: string, conclusion: string, minutes = 3, labels = ["ubuntu-latest"], runAttempt = 1): JobFacts {
  id++;
  return {
    id,
    name,
    conclusion,
    startedAt: "2026-11-27T09:00:00Z",
    completedAt: new Date(Date.parse("2026-11-27T09:00:00Z") + minutes * 60_000).toISOString(),
    labels,
    runAttempt,
    url: `https://github.com/o/r/job/${id}`,
  };
}

function apply(input: Partial<RunInput> & { jobs: JobFacts[] }, current = control(), cfg = config()) {
  const plan = batchRunEdit({ run: RUN, ...input }, cfg);
  const outcome = plan.edit(current, NOW);
  return { outcome, report: plan.report() };
}

describe("one commit per run", () => {
  test("every ecosystem's transition, the minutes and the run record, with the run's URL", () => {
    const { outcome, report } = apply({
      jobs: [
        job("process (homebrew)", "success", 10, ["macos-14"]),
        job("process (npm)", "failure", 4),
        job("process (default)", "failure", 2),
        job("merge", "success", 1),
      ],
    });
    if (!outcome.changed) throw new Error(outcome.note);
    expect(outcome.subject).toBe(BREAKER_SUBJECT);
    expect(outcome.body).toEqual([
      "run: https://github.com/o/r/actions/runs/42",
      "run_id: 42",
      "run_attempt: 1",
      "conclusion: failure",
      "breaker: homebrew: open → half-open (failures 957) [recovery]",
      "breaker: homebrew: half-open → closed (failures 957 → 0) [success]",
      "breaker: npm: open → half-open (failures 696) [recovery]",
      "breaker: npm: half-open → open (failures 696 → 697, opens_at 2026-11-27T11:00:00Z) [failure]",
      "breaker: default: closed (failures 0 → 1) [failure]",
      "minutes: macOS +10, Linux +7",
      "budget: 1% (macOS 10/1000 min, Linux 7/5000 min)",
    ]);
    expect(outcome.next.circuit_breaker!["homebrew"]).toEqual({
      state: "closed",
      failures: 0,
      last_failure: "2026-06-26T20:51:01Z",
      opens_at: "2026-06-26T21:51:01Z",
    });
    expect(outcome.next.circuit_breaker!["npm"]).toEqual({
      state: "open",
      failures: 697,
      last_failure: "2026-11-27T10:00:00Z",
      opens_at: "2026-11-27T11:00:00Z",
    });
    expect(outcome.next.circuit_breaker!["default"]).toEqual({ state: "closed", failures: 1, last_failure: "2026-11-27T10:00:00Z" });
    expect(outcome.next.budget).toMatchObject({
      macos_minutes_used: 10,
      linux_minutes_used: 7,
      ecosystem_minutes: { homebrew: 10, npm: 4, default: 2 },
    });
    expect(appliedRuns(outcome.next)).toEqual(["42.1"]);
    expect(lastCompletedAt(outcome.next)).toEqual(new Date("2026-11-27T09:58:00Z"));
    expect(report.status).toBe("applied");
    expect([...report.outcomes]).toEqual([
      ["homebrew", "success"],
      ["npm", "failure"],
      ["default", "failure"],
    ]);
  });

  test("the file keeps its key order; the run record is appended as the app's own key", () => {
    const before = control();
    const { outcome } = apply({ jobs: [job("process (homebrew)", "success")] }, before);
    if (!outcome.changed) throw new Error();
    expect(Object.keys(outcome.next)).toEqual([...Object.keys(before), "batch_runs"]);
    expect(Object.keys(outcome.next.circuit_breaker!)).toEqual(Object.keys(before.circuit_breaker!));
  });

  test("a breaker not recorded yet is created", () => {
    const { outcome } = apply({ jobs: [job("process (cpan)", "failure")] });
    if (!outcome.changed) throw new Error();
    expect(outcome.next.circuit_breaker!["cpan"]).toEqual({ state: "closed", failures: 1, last_failure: "2026-11-27T10:00:00Z" });
  });
});

describe("applied at most once", () => {
  test("the same run id and attempt: nothing changes", () => {
    const { outcome: first } = apply({ jobs: [job("process (npm)", "failure")] });
    if (!first.changed) throw new Error();
    const { outcome, report } = apply({ jobs: [job("process (npm)", "failure")] }, first.next);
    expect(outcome).toEqual({ changed: false, note: "run 42.1 was already applied" });
    expect(report.status).toBe("duplicate");
  });

  test("a re-run (attempt 2) is a new run; only the jobs that ran in attempt 2 count", () => {
    const { outcome: first } = apply({ jobs: [job("process (homebrew)", "success", 5), job("process (npm)", "failure", 5)] });
    if (!first.changed) throw new Error();
    const carried = job("process (homebrew)", "success", 5, ["ubuntu-latest"], 1);
    const rerun = job("process (npm)", "success", 2, ["ubuntu-latest"], 2);
    const plan = batchRunEdit({ run: { ...RUN, attempt: 2, conclusion: "success" }, jobs: [carried, rerun] }, config());
    const outcome = plan.edit(first.next, NOW);
    if (!outcome.changed) throw new Error(outcome.note);
    expect(outcome.body).toContain("breaker: npm: open → closed (failures 697 → 0) [success]");
    expect(outcome.body.some((l) => l.includes("homebrew"))).toBe(false);
    expect(outcome.next.budget).toMatchObject({ linux_minutes_used: 12 });
    expect(appliedRuns(outcome.next)).toEqual(["42.1", "42.2"]);
  });

  test("a partial re-run counts the ecosystems carried over from the earlier attempt in the run's size", () => {
    const carried = [
      job("process (homebrew)", "success", 1, ["ubuntu-latest"], 1),
      job("process (go)", "success", 1, ["ubuntu-latest"], 1),
      job("process (cpan)", "skipped", 1, ["ubuntu-latest"], 1),
    ];
    const rerun = [job("process (npm)", "failure", 1, ["ubuntu-latest"], 2), job("process (pypi)", "failure", 1, ["ubuntu-latest"], 2)];
    const plan = batchRunEdit({ run: { ...RUN, attempt: 2 }, jobs: [...carried, ...rerun] }, config());
    plan.edit(control(), NOW);
    expect([...plan.report().outcomes.keys()]).toEqual(["npm", "pypi"]);
    expect(plan.report().ecosystemsInRun).toBe(4); // npm, pypi, homebrew, go (cpan was skipped)
    const first = batchRunEdit({ run: RUN, jobs: rerun.map((j) => ({ ...j, runAttempt: 1 })) }, config());
    first.edit(control(), NOW);
    expect(first.report().ecosystemsInRun).toBe(2);
  });

  test("the record keeps the newest runs only", () => {
    const many = control(
      (c) =>
        (c.batch_runs = { applied: Array.from({ length: MAX_APPLIED_RUNS }, (_, i) => `${1000 + i}.1`), last_completed_at: "2026-11-27T09:00:00Z" }),
    );
    const { outcome } = apply({ jobs: [] }, many);
    if (!outcome.changed) throw new Error();
    const applied = appliedRuns(outcome.next);
    expect(applied).toHaveLength(MAX_APPLIED_RUNS);
    expect(applied[0]).toBe("1001.1");
    expect(applied.at(-1)).toBe("42.1");
  });

  test("a malformed record (a person's hand edit) is replaced, never trusted", () => {
    const { outcome } = apply(
      { jobs: [] },
      control((c) => (c.batch_runs = "oops")),
    );
    if (!outcome.changed) throw new Error();
    expect((outcome.next as Record<string, unknown>)["batch_runs"]).toEqual({
      applied: ["42.1"],
      last_completed_at: "2026-11-27T09:58:00Z",
      newest: { "batch-operations.yml": "2026-11-27T09:58:00Z" },
    });
  });
});

describe("runs that move no breaker", () => {
  test("a cancelled run changes no breaker but its minutes count", () => {
    const { outcome, report } = apply({
      run: { ...RUN, conclusion: "cancelled" },
      jobs: [job("process (npm)", "failure", 3), job("process (homebrew)", "cancelled", 2)],
    });
    if (!outcome.changed) throw new Error();
    expect(outcome.subject).toBe(MINUTES_SUBJECT);
    expect(outcome.next.circuit_breaker).toEqual(control().circuit_breaker);
    expect(outcome.body).toContain("breakers: cancelled run: no breaker changes");
    expect(outcome.next.budget).toMatchObject({ linux_minutes_used: 5 });
    expect(report.outcomes.size).toBe(0);
  });

  test("a cancelled attempt then its re-run: the cancelled one moves nothing, the re-run moves the breakers once", () => {
    const cancelled = apply({ run: { ...RUN, conclusion: "cancelled" }, jobs: [job("process (npm)", "cancelled", 2)] });
    if (!cancelled.outcome.changed) throw new Error();
    expect(cancelled.outcome.next.circuit_breaker).toEqual(control().circuit_breaker);
    const rerun = batchRunEdit(
      { run: { ...RUN, attempt: 2, conclusion: "success" }, jobs: [job("process (npm)", "success", 2, ["ubuntu-latest"], 2)] },
      config(),
    );
    const outcome = rerun.edit(cancelled.outcome.next, NOW);
    if (!outcome.changed) throw new Error(outcome.note);
    expect(outcome.next.circuit_breaker!["npm"]).toMatchObject({ state: "closed", failures: 0 });
    expect(appliedRuns(outcome.next)).toEqual(["42.1", "42.2"]);
    expect(rerun.edit(outcome.next, NOW)).toEqual({ changed: false, note: "run 42.2 was already applied" });
  });

  test("outcomes_from: off: the app accounts the budget only", () => {
    const { outcome } = apply({ jobs: [job("process (npm)", "failure", 3)] }, control(), config({ circuit_breaker: { outcomes_from: "off" } }));
    if (!outcome.changed) throw new Error();
    expect(outcome.next.circuit_breaker).toEqual(control().circuit_breaker);
    expect(outcome.body).toContain("breakers: outcomes_from: off (the pipeline updates its breakers itself)");
  });

  test("a run of a fork's code never moves breakers", () => {
    const { outcome } = apply({ run: { ...RUN, fromFork: true }, jobs: [job("process (homebrew)", "failure")] });
    if (!outcome.changed) throw new Error();
    expect(outcome.next.circuit_breaker).toEqual(control().circuit_breaker);
  });
});

describe("outcomes_from: artifact", () => {
  const cfg = config({ circuit_breaker: { outcomes_from: "artifact" } });

  test("the artifact's per-ecosystem counts decide; jobs still give the minutes", () => {
    const text = JSON.stringify({
      per_ecosystem: { homebrew: { total: 49, succeeded: 5, failed: 41 }, rubygems: { total: 1, succeeded: 0, failed: 1 } },
    });
    const { outcome } = apply({ jobs: [job("generate", "success", 6)], artifact: { ok: true, text } }, control(), cfg);
    if (!outcome.changed) throw new Error();
    expect(outcome.next.circuit_breaker!["homebrew"]!.state).toBe("closed");
    expect(outcome.next.circuit_breaker!["rubygems"]).toMatchObject({ state: "open", failures: 414 });
    expect(outcome.next.budget).toMatchObject({ linux_minutes_used: 6 });
  });

  test("a missing or invalid artifact moves no breaker and says why", () => {
    const { outcome } = apply({ jobs: [], artifact: { ok: false, error: "the run has no `batch-results` artifact" } }, control(), cfg);
    if (!outcome.changed) throw new Error();
    expect(outcome.body).toContain("breakers: batch-results artifact unusable: the run has no `batch-results` artifact");
    const bad = apply({ jobs: [], artifact: { ok: true, text: "[]" } }, control(), cfg).outcome;
    if (!bad.changed) throw new Error();
    expect(bad.next.circuit_breaker).toEqual(control().circuit_breaker);
  });
});

describe("the budget week", () => {
  test("an overdue week must be reset first (the run is not applied yet)", () => {
    const { outcome, report } = apply(
      { jobs: [job("process (npm)", "success")] },
      control((c) => (c.budget.week_start = "2026-11-16")),
    );
    expect(outcome.changed).toBe(false);
    expect(report.status).toBe("week-reset-needed");
  });

  test("after a reset attempt, the run is applied even if the week still looks overdue", () => {
    const { outcome } = apply(
      { jobs: [job("process (npm)", "success")], allowOverdueWeek: true },
      control((c) => (c.budget.week_start = "")),
    );
    expect(outcome.changed).toBe(true);
  });

  test("the crossings the run's minutes reach are reported as pending", () => {
    const { report } = apply(
      { jobs: [job("process (homebrew)", "success", 30, ["macos-14"])] },
      control((c) => (c.budget.macos_minutes_used = 790)),
    );
    expect(report.pendingCrossings).toEqual(["sampling"]);
  });
});
