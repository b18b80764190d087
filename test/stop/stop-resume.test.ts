import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parseControlFile, serializeControlFile } from "../../src/control/codec.js";
import { resumeAll, resumeEcosystems, stopAll, stopEcosystems } from "../../src/stop/stop-resume.js";
import type { ControlFile } from "../../src/control/schema.js";

const NOW = new Date("2026-11-27T10:00:00.123Z");
const fixtureText = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
function fixture(): ControlFile {
  const parsed = parseControlFile(fixtureText);
  if (!parsed.ok) throw new Error("fixture invalid");
  return parsed.control;
}
const ctx = { reason: "upstream outage", incidentUrl: "https://github.com/o/r/issues/7", by: "alice" };

describe("stopEcosystems (runbook: disable a single ecosystem)", () => {
  test("adds the ecosystem and changes nothing else", () => {
    const current = fixture();
    const outcome = stopEcosystems(["homebrew"], ctx)(current, NOW);
    expect(outcome.changed).toBe(true);
    if (!outcome.changed) return;
    expect(outcome.subject).toBe("chore: disable homebrew batch processing");
    expect(outcome.body).toEqual(["reason: upstream outage", "incident_url: https://github.com/o/r/issues/7"]);
    // Same bytes as `jq '.disabled_ecosystems += ["homebrew"]'` would produce.
    expect(serializeControlFile(outcome.next)).toBe(
      fixtureText.replace('"disabled_ecosystems": [],', '"disabled_ecosystems": [\n    "homebrew"\n  ],'),
    );
    expect(current.disabled_ecosystems).toEqual([]); // the input is not mutated
  });

  test("no duplicates; already disabled is not a change", () => {
    const current = { ...fixture(), disabled_ecosystems: ["homebrew"] };
    expect(stopEcosystems(["homebrew"], ctx)(current, NOW)).toEqual({ changed: false, note: "homebrew is already disabled" });
    const both = stopEcosystems(["homebrew", "npm"], ctx)(current, NOW);
    expect(both.changed && both.next.disabled_ecosystems).toEqual(["homebrew", "npm"]);
    expect(both.changed && both.subject).toBe("chore: disable npm batch processing");
  });

  test("a person's stop of a budget-disabled ecosystem takes it over from the budget", () => {
    const current = { ...fixture(), disabled_ecosystems: ["npm"], budget: { ...fixture().budget, disabled_by_budget: ["npm", "pypi"] } };
    const outcome = stopEcosystems(["npm"], ctx)(current, NOW);
    expect(outcome.changed).toBe(true);
    if (!outcome.changed) return;
    expect(outcome.next.disabled_ecosystems).toEqual(["npm"]);
    expect((outcome.next.budget as Record<string, unknown>)["disabled_by_budget"]).toEqual(["pypi"]);
  });
});

describe("stopAll (runbook: disable all)", () => {
  test("sets every runbook field with a second-precision UTC stamp", () => {
    const until = new Date("2026-11-27T14:00:00Z");
    const outcome = stopAll({ ...ctx, expectedResume: until })(fixture(), NOW);
    expect(outcome.changed).toBe(true);
    if (!outcome.changed) return;
    expect(outcome.subject).toBe("chore: emergency stop batch processing");
    const { enabled, reason, disabled_by, disabled_at, expected_resume, incident_url } = outcome.next;
    expect({ enabled, reason, disabled_by, disabled_at, expected_resume, incident_url }).toEqual({
      enabled: false,
      reason: "Emergency stop: upstream outage",
      disabled_by: "alice",
      disabled_at: "2026-11-27T10:00:00Z",
      expected_resume: "2026-11-27T14:00:00Z",
      incident_url: "https://github.com/o/r/issues/7",
    });
    expect(Object.keys(outcome.next)).toEqual(Object.keys(fixture()));
  });

  test("already stopped by a person: nothing to do", () => {
    const current = { ...fixture(), enabled: false, reason: "Emergency stop: x" };
    expect(stopAll(ctx)(current, NOW)).toEqual({ changed: false, note: "batch processing is already stopped" });
  });

  test("stopped by the budget: a person's stop takes it over", () => {
    const current = { ...fixture(), enabled: false, reason: "Budget exhausted", budget: { ...fixture().budget, paused_by_budget: true } };
    const outcome = stopAll(ctx)(current, NOW);
    expect(outcome.changed && (outcome.next.budget as Record<string, unknown>)["paused_by_budget"]).toBe(false);
    expect(outcome.changed && outcome.next.reason).toBe("Emergency stop: upstream outage");
  });
});

describe("resume", () => {
  test("resumeEcosystems removes only those listed", () => {
    const current = { ...fixture(), disabled_ecosystems: ["homebrew", "npm"] };
    const outcome = resumeEcosystems(["npm"], { reason: "recovered" })(current, NOW);
    expect(outcome.changed && outcome.next.disabled_ecosystems).toEqual(["homebrew"]);
    expect(outcome.changed && outcome.subject).toBe("chore: re-enable npm batch processing");
    expect(resumeEcosystems(["pypi"], { reason: "x" })(current, NOW)).toEqual({ changed: false, note: "pypi is not disabled" });
  });

  test("resumeAll is the runbook's re-enable and round-trips to the original file", () => {
    const stopped = stopAll(ctx)(fixture(), NOW);
    if (!stopped.changed) throw new Error("expected a change");
    const withEco = stopEcosystems(["npm"], ctx)(stopped.next, NOW);
    if (!withEco.changed) throw new Error("expected a change");
    const resumed = resumeAll({ reason: "fixed" })(withEco.next, NOW);
    expect(resumed.changed).toBe(true);
    if (!resumed.changed) return;
    expect(resumed.subject).toBe("chore: re-enable batch processing");
    expect(resumed.body).toEqual(["reason: fixed"]);
    expect(serializeControlFile(resumed.next)).toBe(fixtureText);
  });

  test("resumeAll when nothing is stopped commits nothing", () => {
    expect(resumeAll({ reason: "x" })(fixture(), NOW).changed).toBe(false);
  });
});
