import { describe, expect, test } from "@jest/globals";
import { crossingEdit, pendingCrossings } from "../../src/breakers/budget-thresholds.js";
import { crossedLevels } from "../../src/breakers/budget-state.js";
import { budgetIssueTitle } from "../../src/breakers/budget-issue-body.js";
import { validateRepoConfig } from "../../src/config/validate.js";
import { budgetDisabled, budgetPaused } from "../../src/control/budget-record.js";
import type { ControlFile } from "../../src/control/schema.js";
import type { RepoConfig } from "../../src/config/schema.js";

const NOW = new Date("2026-11-27T10:00:00Z");

function config(budget: Record<string, unknown> = {}): RepoConfig {
  const result = validateRepoConfig({ ecosystems: ["homebrew", "npm", "pypi"], budget });
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.config;
}

function control(macos: number, linux: number, extra: Partial<ControlFile> = {}): ControlFile {
  return {
    enabled: true,
    disabled_ecosystems: [],
    reason: "",
    incident_url: "",
    disabled_by: "",
    disabled_at: "",
    expected_resume: "",
    circuit_breaker: {},
    budget: { macos_minutes_used: macos, linux_minutes_used: linux, week_start: "2026-11-23", sampling_active: false },
    ...extra,
  };
}

function apply(level: Parameters<typeof crossingEdit>[0], current: ControlFile, cfg = config()) {
  const outcome = crossingEdit(level, cfg)(current, NOW);
  if (!outcome.changed) throw new Error(`unchanged: ${outcome.note}`);
  return outcome;
}

describe("pending crossings", () => {
  test("use is the larger of macOS and Linux use", () => {
    expect(pendingCrossings(control(799, 0), config().budget)).toEqual([]);
    expect(pendingCrossings(control(800, 0), config().budget)).toEqual(["sampling"]);
    expect(pendingCrossings(control(0, 4500), config().budget)).toEqual(["sampling", "disable_noncritical"]);
    expect(pendingCrossings(control(1000, 0), config().budget)).toEqual(["sampling", "disable_noncritical", "pause"]);
  });

  test("a crossing already acted on this week is not pending again", () => {
    const c = control(850, 0);
    (c.budget as Record<string, unknown>)["thresholds_crossed"] = ["sampling"];
    expect(pendingCrossings(c, config().budget)).toEqual([]);
  });

  test("thresholds come from the config", () => {
    expect(pendingCrossings(control(500, 0), config({ sampling_at: 0.5, disable_noncritical_at: 0.6, pause_at: 0.7 }).budget)).toEqual(["sampling"]);
  });
});

describe("crossing sampling_at", () => {
  test("sampling_active=true, the runbook's subject with the configured percentage, recorded once", () => {
    const outcome = apply("sampling", control(820, 100));
    if (!outcome.changed) throw new Error();
    expect(outcome.subject).toBe("chore: enable budget sampling at 80% threshold");
    expect(outcome.next.budget!.sampling_active).toBe(true);
    expect(crossedLevels(outcome.next)).toEqual(["sampling"]);
    expect(outcome.body).toEqual([
      "use: 82% (macOS 820/1000 min, Linux 100/5000 min)",
      "threshold: sampling_at: 0.8",
      "action: sampling_active=true",
    ]);
    expect(crossingEdit("sampling", config())(outcome.next, NOW)).toEqual({ changed: false, note: "budget sampling threshold not pending" });
  });

  test("a person who turns sampling off again is not overridden by the next run", () => {
    const after = apply("sampling", control(820, 0));
    if (!after.changed) throw new Error();
    after.next.budget!.sampling_active = false;
    after.next.budget!.macos_minutes_used = 880;
    expect(pendingCrossings(after.next, config().budget)).toEqual([]);
  });

  test("not pending: nothing changes", () => {
    expect(crossingEdit("sampling", config())(control(10, 10), NOW).changed).toBe(false);
  });
});

describe("crossing disable_noncritical_at", () => {
  test("every non-critical ecosystem is disabled and recorded as the budget's, with the runbook's reason", () => {
    const current = control(950, 0, { circuit_breaker: { default: { state: "closed", failures: 0 } } });
    const outcome = apply("disable_noncritical", current, config({ critical_ecosystems: ["npm"] }));
    if (!outcome.changed) throw new Error();
    expect(outcome.subject).toBe("chore: disable non-critical ecosystems for budget control");
    expect(outcome.next.disabled_ecosystems).toEqual(["homebrew", "pypi", "default"]);
    expect(budgetDisabled(outcome.next)).toEqual(["homebrew", "pypi", "default"]);
    expect(outcome.next.reason).toBe("Budget threshold exceeded");
    expect(outcome.body).toContain("action: kept critical: npm");
  });

  test("an ecosystem a person already stopped stays the person's (not in the budget's record)", () => {
    const outcome = apply("disable_noncritical", control(950, 0, { disabled_ecosystems: ["pypi"] }));
    if (!outcome.changed) throw new Error();
    expect(outcome.next.disabled_ecosystems).toEqual(["pypi", "homebrew", "npm"]);
    expect(budgetDisabled(outcome.next)).toEqual(["homebrew", "npm"]);
  });

  test("critical names resolve through aliases", () => {
    const cfg = validateRepoConfig({ ecosystems: ["crates.io", "npm"], budget: { critical_ecosystems: ["cargo"] } });
    if (!cfg.ok) throw new Error();
    const outcome = apply("disable_noncritical", control(950, 0), cfg.config);
    if (!outcome.changed) throw new Error();
    expect(outcome.next.disabled_ecosystems).toEqual(["npm"]);
  });

  test("a person's stop reason is not overwritten", () => {
    const outcome = apply("disable_noncritical", control(950, 0, { enabled: false, reason: "Emergency stop: bad batch" }));
    if (!outcome.changed) throw new Error();
    expect(outcome.next.reason).toBe("Emergency stop: bad batch");
  });
});

describe("crossing pause_at", () => {
  test("enabled=false until the weekly reset, recorded as the budget's pause", () => {
    const outcome = apply("pause", control(1000, 0));
    if (!outcome.changed) throw new Error();
    expect(outcome.subject).toBe("chore: pause batch processing for budget control");
    expect(outcome.next).toMatchObject({
      enabled: false,
      reason: "Budget exhausted until 2026-11-30",
      expected_resume: "2026-11-30T00:00:00Z",
      disabled_by: "batch-ops (budget policy)",
      disabled_at: "2026-11-27T10:00:00Z",
    });
    expect(budgetPaused(outcome.next)).toBe(true);
  });

  test("a pipeline a person stopped is left exactly as it is (the crossing is still recorded)", () => {
    const current = control(1000, 0, { enabled: false, reason: "Emergency stop: x", disabled_by: "alice", expected_resume: "2026-12-01T00:00:00Z" });
    const outcome = apply("pause", current);
    if (!outcome.changed) throw new Error();
    expect(outcome.next).toMatchObject({
      enabled: false,
      reason: "Emergency stop: x",
      disabled_by: "alice",
      expected_resume: "2026-12-01T00:00:00Z",
    });
    expect(budgetPaused(outcome.next)).toBe(false);
    expect(crossedLevels(outcome.next)).toEqual(["pause"]);
  });
});

describe("the budget issue title", () => {
  test("a week_start planted in the control file stays one short line", () => {
    const c = control(950, 0);
    c.budget!.week_start = `2026-11-23\n${"x".repeat(300)}`;
    const title = budgetIssueTitle(c, config());
    expect(title).not.toContain("\n");
    expect(title.length).toBeLessThan(100);
    expect(budgetIssueTitle(control(950, 0), config())).toBe("Batch CI budget: 95% of the weekly minutes used (week of 2026-11-23)");
  });
});
