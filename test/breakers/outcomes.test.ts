import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { ecosystemOfJob, isSafeEcosystemKey, outcomeOfConclusion, outcomesFromJobs } from "../../src/breakers/outcomes.js";
import { outcomesFromResults } from "../../src/breakers/results-artifact.js";
import type { JobFacts } from "../../src/breakers/jobs.js";
import { matrixValues } from "../../src/breakers/jobs.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { ecosystemNames } from "../../src/control/ecosystems.js";

const names = ecosystemNames(defaultRepoConfig(), { circuit_breaker: { default: { state: "closed", failures: 0 } } });

function job(name: string, conclusion: string | null, id = 1): JobFacts {
  return { id, name, conclusion, startedAt: null, completedAt: null, labels: [], url: `https://github.com/o/r/job/${id}` };
}

describe("job names", () => {
  test("the matrix value at the end of the name", () => {
    expect(matrixValues("process (homebrew)")).toEqual(["homebrew"]);
    expect(matrixValues("build (npm, ubuntu-latest)")).toEqual(["npm", "ubuntu-latest"]);
    expect(matrixValues("merge")).toEqual([]);
    expect(matrixValues("process (homebrew) extra")).toEqual([]);
  });

  test("only known ecosystems count; aliases and case resolve", () => {
    expect(ecosystemOfJob(job("process (cargo)", "success"), names)).toBe("crates.io");
    expect(ecosystemOfJob(job("process (HomeBrew)", "success"), names)).toBe("homebrew");
    expect(ecosystemOfJob(job("test (ubuntu-latest)", "success"), names)).toBeUndefined();
    expect(ecosystemOfJob(job("build (ubuntu-latest, pypi)", "success"), names)).toBe("pypi");
  });

  test("prototype keys are never ecosystems, even when a config lists them", () => {
    const hostile = ecosystemNames({ ecosystems: ["__proto__", "constructor"], ecosystem_aliases: {} });
    expect(ecosystemOfJob(job("x (__proto__)", "failure"), hostile)).toBeUndefined();
    expect(isSafeEcosystemKey("crates.io")).toBe(true);
    expect(isSafeEcosystemKey("a b")).toBe(false);
  });
});

describe("outcomes from jobs", () => {
  test("conclusions: success, failure and timed_out count; cancelled, skipped, neutral do not", () => {
    expect(outcomeOfConclusion("success")).toBe("success");
    expect(outcomeOfConclusion("failure")).toBe("failure");
    expect(outcomeOfConclusion("timed_out")).toBe("failure");
    for (const c of ["cancelled", "skipped", "neutral", "action_required", null]) expect(outcomeOfConclusion(c)).toBeUndefined();
  });

  test("each ecosystem's jobs give its outcome; any failure wins across a matrix", () => {
    const result = outcomesFromJobs(
      [
        job("process (homebrew)", "success", 1),
        job("process (npm)", "success", 2),
        job("process (npm)", "timed_out", 3),
        job("process (pypi)", "cancelled", 4),
        job("process (rubygems)", "skipped", 5),
        job("merge", "failure", 6),
      ],
      "failure",
      names,
    );
    expect([...result.outcomes]).toEqual([
      ["homebrew", "success"],
      ["npm", "failure"],
    ]);
    expect(result.failingJobs.get("npm")!.map((j) => j.id)).toEqual([3]);
    expect(result.usedDefault).toBe(false);
  });

  test("no job names an ecosystem: the run's conclusion is `default`'s outcome", () => {
    expect([...outcomesFromJobs([job("build", "failure")], "failure", names).outcomes]).toEqual([["default", "failure"]]);
    expect([...outcomesFromJobs([job("build", "success")], "success", names).outcomes]).toEqual([["default", "success"]]);
    expect([...outcomesFromJobs([], "timed_out", names).outcomes]).toEqual([["default", "failure"]]);
    expect(outcomesFromJobs([job("build", "cancelled")], "cancelled", names).outcomes.size).toBe(0);
  });

  test("jobs that name an ecosystem but were all skipped give no outcome and no default", () => {
    const result = outcomesFromJobs([job("process (homebrew)", "skipped")], "success", names);
    expect(result.outcomes.size).toBe(0);
    expect(result.usedDefault).toBe(false);
  });
});

describe("outcomes from the batch-results artifact", () => {
  test("the real orchestrator output: failure only when failed > 0 and succeeded == 0", () => {
    const text = readFileSync(new URL("../fixtures/batch-results.tsuku.json", import.meta.url), "utf8");
    const parsed = outcomesFromResults(text, names);
    expect(parsed).toEqual({
      ok: true,
      outcomes: new Map([
        ["homebrew", "success"],
        ["rubygems", "failure"],
      ]),
    });
  });

  test("aliases apply; zero totals count as success", () => {
    const parsed = outcomesFromResults(JSON.stringify({ per_ecosystem: { cargo: { total: 0, succeeded: 0, failed: 0 } } }), names);
    expect(parsed).toEqual({ ok: true, outcomes: new Map([["crates.io", "success"]]) });
  });

  test.each([
    ["not JSON", "{", /not valid JSON/],
    ["no per_ecosystem", "{}", /per_ecosystem/],
    ["negative counts", JSON.stringify({ per_ecosystem: { npm: { total: 1, succeeded: -1, failed: 0 } } }), /per_ecosystem\.npm\.succeeded/],
    ["a hostile key", JSON.stringify({ per_ecosystem: { "__proto__ x": { total: 1, succeeded: 0, failed: 1 } } }), /is not an ecosystem name/],
  ])("refused: %s", (_name, text, error) => {
    const parsed = outcomesFromResults(text, names);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(error);
  });
});
