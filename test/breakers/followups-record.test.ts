import { describe, expect, test } from "@jest/globals";
import { FOLLOWUP_WINDOW_MS, owedFollowups, recordFollowups } from "../../src/breakers/followups-record.js";
import { recordRun } from "../../src/breakers/run-record.js";
import type { RunFacts } from "../../src/breakers/jobs.js";
import type { ControlFile } from "../../src/control/schema.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const run = (id: number): RunFacts => ({
  id,
  attempt: 1,
  url: `https://github.com/o/r/actions/runs/${id}`,
  conclusion: "failure",
  completedAt: "2026-11-27T09:58:00Z",
  workflowFile: "batch.yml",
  fromFork: false,
});
const none = { opened: [], recovered: [], low: [], stillOpen: [] };

function applied(control: ControlFile, r: RunFacts, severity: Parameters<typeof recordFollowups>[2], now = NOW): ControlFile {
  recordRun(control, `${r.id}.1`, r.completedAt, r.workflowFile);
  recordFollowups(control, r, severity, now);
  return control;
}

describe("what a run owes, recorded in its own commit", () => {
  test("nothing owed: the key is not even written", () => {
    const control = applied({}, run(1), { ...none, low: ["npm"] });
    expect((control as any).batch_runs.followups).toBeUndefined();
    expect(owedFollowups(control, NOW)).toEqual([]);
  });

  test("High and an opened breaker are owed open; a later run's recovery turns the breaker's into close", () => {
    const control = applied({}, run(1), { ...none, high: { failing: ["npm", "pypi"], total: 3 }, opened: ["npm"] });
    expect(owedFollowups(control, NOW).map((f) => [f.key, f.action, f.run.id, f.failing, f.total])).toEqual([
      ["high", "open", 1, ["npm", "pypi"], 3],
      ["breaker:npm", "open", 1, undefined, undefined],
    ]);
    applied(control, run(2), { ...none, recovered: ["npm"] }, new Date(NOW.getTime() + 60_000));
    expect(owedFollowups(control, NOW).map((f) => [f.key, f.action, f.run.id])).toEqual([
      ["high", "open", 1],
      ["breaker:npm", "close", 2],
    ]);
  });

  test("entries expire after three days and are dropped by the next run that writes", () => {
    const control = applied({}, run(1), { ...none, opened: ["npm"] });
    const later = new Date(NOW.getTime() + FOLLOWUP_WINDOW_MS + 1);
    expect(owedFollowups(control, later)).toEqual([]);
    applied(control, run(2), none, later);
    expect((control as any).batch_runs.followups).toBeUndefined();
  });
});
