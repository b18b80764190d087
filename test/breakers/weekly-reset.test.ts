import { describe, expect, test } from "@jest/globals";
import { writeOutcomeResult } from "../../src/commands/reply-format.js";
import { crossingEdit } from "../../src/breakers/budget-thresholds.js";
import { isWeekDue, weeklyResetEdit } from "../../src/breakers/weekly-reset.js";
import { validateRepoConfig } from "../../src/config/validate.js";
import { budgetDisabled, budgetPaused } from "../../src/control/budget-record.js";
import type { ControlEdit } from "../../src/control/edit.js";
import type { ControlFile } from "../../src/control/schema.js";
import { stopAll, stopEcosystems } from "../../src/stop/stop-resume.js";
import { parseControlFile } from "../../src/control/codec.js";
import { TSUKU_CONTROL } from "../helpers/batch-run.js";
import { driftStopReason } from "../../src/security/drift-signal.js";

const MID_WEEK = new Date("2026-11-27T10:00:00Z");
const NEXT_WEEK = new Date("2026-11-30T00:00:00Z");
const cfgResult = validateRepoConfig({ ecosystems: ["homebrew", "npm", "pypi"], budget: { critical_ecosystems: ["npm"] } });
if (!cfgResult.ok) throw new Error();
const cfg = cfgResult.config;

function run(edit: ControlEdit, current: ControlFile, now = MID_WEEK): ControlFile {
  const outcome = edit(current, now);
  if (!outcome.changed) throw new Error(`unchanged: ${outcome.note}`);
  return outcome.next;
}

function week(macos: number, linux: number): ControlFile {
  return {
    enabled: true,
    disabled_ecosystems: [],
    reason: "",
    budget: { macos_minutes_used: macos, linux_minutes_used: linux, week_start: "2026-11-23", sampling_active: false },
  };
}

describe("when a new week is due", () => {
  test("now ≥ week_start + 7 days, or week_start empty", () => {
    expect(isWeekDue(week(0, 0), MID_WEEK)).toBe(false);
    expect(isWeekDue(week(0, 0), new Date("2026-11-29T23:59:59Z"))).toBe(false);
    expect(isWeekDue(week(0, 0), NEXT_WEEK)).toBe(true);
    expect(isWeekDue({ budget: { week_start: "" } }, MID_WEEK)).toBe(true);
    expect(isWeekDue({}, MID_WEEK)).toBe(true);
    expect(isWeekDue({ budget: { week_start: "2026-11-23T06:00:00Z" } }, new Date("2026-11-30T05:59:59Z"))).toBe(false);
  });

  test("not due: unchanged, and the note says when it resets", () => {
    expect(weeklyResetEdit()(week(5, 5), MID_WEEK)).toEqual({ changed: false, note: "the budget week resets at 2026-11-30T00:00:00Z" });
  });
});

describe("the weekly reset", () => {
  test("the real file (week_start empty): minutes 0, week_start today, sampling off, runbook subject; breakers untouched", () => {
    const parsed = parseControlFile(TSUKU_CONTROL);
    if (!parsed.ok) throw new Error();
    const outcome = weeklyResetEdit()(parsed.control, MID_WEEK);
    if (!outcome.changed) throw new Error();
    expect(outcome.subject).toBe("chore: reset budget for new week");
    expect(outcome.next.budget).toEqual({ macos_minutes_used: 0, linux_minutes_used: 0, week_start: "2026-11-27", sampling_active: false });
    expect(outcome.next.circuit_breaker).toEqual(parsed.control.circuit_breaker);
    expect(Object.keys(outcome.next)).toEqual(Object.keys(parsed.control));
  });

  test("re-enables exactly what the budget disabled and paused, and empties the week's records", () => {
    let c = week(1000, 0);
    c.disabled_ecosystems = ["pypi"]; // a person's stop before the budget acted
    c = run(crossingEdit("sampling", cfg), c);
    c = run(crossingEdit("disable_noncritical", cfg), c);
    c = run(crossingEdit("pause", cfg), c);
    expect(c.disabled_ecosystems).toEqual(["pypi", "homebrew"]);
    const outcome = weeklyResetEdit()(c, NEXT_WEEK);
    if (!outcome.changed) throw new Error();
    const next = outcome.next;
    expect(next).toMatchObject({ enabled: true, reason: "", expected_resume: "", disabled_by: "", disabled_at: "", disabled_ecosystems: ["pypi"] });
    expect(next.budget).toMatchObject({
      macos_minutes_used: 0,
      week_start: "2026-11-30",
      sampling_active: false,
      thresholds_crossed: [],
      disabled_by_budget: [],
      paused_by_budget: false,
    });
    expect(outcome.body).toEqual([
      "week_start: 2026-11-30",
      "previous_week: 2026-11-23 (macOS 1000 min, Linux 0 min)",
      "reenabled: homebrew",
      "resumed: yes (the budget had paused batch processing)",
    ]);
  });

  test("a person's /stop of an ecosystem the budget had disabled makes it theirs: the reset leaves it disabled", () => {
    let c = run(crossingEdit("disable_noncritical", cfg), week(950, 0));
    expect(budgetDisabled(c)).toEqual(["homebrew", "pypi"]);
    const takeover = stopEcosystems(["homebrew"], { reason: "upstream outage", incidentUrl: "u", by: "alice" })(c, MID_WEEK);
    expect(takeover.changed).toBe(true); // the budget's record forgetting it is a change worth a commit
    if (!takeover.changed) throw new Error();
    c = takeover.next;
    expect(budgetDisabled(c)).toEqual(["pypi"]);
    const next = run(weeklyResetEdit(), c, NEXT_WEEK);
    expect(next.disabled_ecosystems).toEqual(["homebrew"]);
    expect(next.reason).toBe("");
  });

  test("a person's /stop all after the budget's pause is never undone", () => {
    let c = run(crossingEdit("pause", cfg), week(1000, 0));
    c = run(stopAll({ reason: "bad batch", incidentUrl: "u", by: "alice" }), c);
    expect(budgetPaused(c)).toBe(false);
    const next = run(weeklyResetEdit(), c, NEXT_WEEK);
    expect(next).toMatchObject({ enabled: false, reason: "Emergency stop: bad batch", disabled_by: "alice" });
  });

  test("the app's own security stop (or High auto-stop) after the budget's pause is never undone by the reset", () => {
    const paused = run(crossingEdit("pause", cfg), week(1000, 0));
    const reason = driftStopReason({ url: "https://github.com/o/r/issues/7" });
    const security = run(stopAll({ reason, reasonText: reason, incidentUrl: "https://github.com/o/r/issues/7", by: "batch-ops[bot]" }), paused);
    expect(security).toMatchObject({ enabled: false, reason, disabled_by: "batch-ops[bot]", expected_resume: "" });
    expect(run(weeklyResetEdit(), security, NEXT_WEEK)).toMatchObject({ enabled: false, reason, disabled_by: "batch-ops[bot]" });
    const high = run(stopAll({ reason: "High severity: 3 of 4 ecosystems failing", incidentUrl: "u", by: "batch-ops" }), paused);
    expect(run(weeklyResetEdit(), high, NEXT_WEEK)).toMatchObject({ enabled: false, disabled_by: "batch-ops" });
  });

  test("a person's stop without any budget action stays as it is", () => {
    const c: ControlFile = { ...week(10, 10), enabled: false, reason: "Emergency stop: x", disabled_ecosystems: ["npm"] };
    const next = run(weeklyResetEdit(), c, NEXT_WEEK);
    expect(next).toMatchObject({ enabled: false, reason: "Emergency stop: x", disabled_ecosystems: ["npm"] });
  });

  test("names from the control file are one line in the body and escaped in the note (a reply)", () => {
    const c: ControlFile = { ...week(10, 10), disabled_ecosystems: ["[x](https://evil.example)", "a\nrequested_by: mallory"] };
    (c.budget as Record<string, unknown>)["disabled_by_budget"] = ["[x](https://evil.example)", "a\nrequested_by: mallory"];
    const outcome = weeklyResetEdit()(c, NEXT_WEEK);
    if (!outcome.changed) throw new Error();
    expect(outcome.next.disabled_ecosystems).toEqual([]);
    expect(outcome.body).toContain("reenabled: [x](https://evil.example), a requested_by: mallory");
    expect(outcome.body.some((line) => line.startsWith("requested_by"))).toBe(false);
    expect(outcome.note).toContain("re-enabled [x](https://evil.example), a requested_by: mallory");
    // Escaped where it becomes a reply.
    const reply = writeOutcomeResult(
      { kind: "committed", commit: { sha: "abc1234", url: "https://github.com/o/r/commit/abc1234" }, note: outcome.note, foldedWith: 0 },
      "batch-control.json",
    ).text;
    expect(reply).toContain("re-enabled \\[x\\](https:\u200b//evil.example), a requested_by: mallory");
  });

  test("forced (/budget reset) mid-week, with the reason in the body", () => {
    const outcome = weeklyResetEdit({ force: true, reason: "limits raised" })(week(300, 10), MID_WEEK);
    if (!outcome.changed) throw new Error();
    expect(outcome.next.budget).toMatchObject({ macos_minutes_used: 0, week_start: "2026-11-27" });
    expect(outcome.body).toContain("reason: limits raised");
  });

  test("a second replica finds the new week already started", () => {
    const next = run(weeklyResetEdit(), week(300, 10), NEXT_WEEK);
    expect(weeklyResetEdit()(next, NEXT_WEEK).changed).toBe(false);
  });
});
