import { describe, expect, test } from "@jest/globals";
import { curationReviewDue, failingStreaks, renderCurationIssue, renderInvestigateIssue, streaksToEscalate } from "../../src/seeding/escalation.js";
import { parseSummary } from "../../src/seeding/summary.js";
import { run } from "./run-fixture.js";

describe("failing streaks (runbook §6: same ecosystem 3+ consecutive runs)", () => {
  test("three runs in a row escalate, two do not", () => {
    const history = [run(1, { sources_failed: ["npm"] }), run(2, { sources_failed: ["npm", "pypi"] }), run(3, { sources_failed: ["pypi", "npm"] })];
    expect(failingStreaks(history).map((s) => [s.ecosystem, s.runs.map((r) => r.run_id)])).toEqual([
      ["pypi", [3, 2]],
      ["npm", [3, 2, 1]],
    ]);
    expect(streaksToEscalate(history, 3).map((s) => s.ecosystem)).toEqual(["npm"]);
  });

  test("a run without the failure breaks the streak", () => {
    const history = [run(1, { sources_failed: ["npm"] }), run(2), run(3, { sources_failed: ["npm"] }), run(4, { sources_failed: ["npm"] })];
    expect(streaksToEscalate(history, 3)).toEqual([]);
  });

  test("runs without a summary neither count nor break", () => {
    const history = [
      run(1, { sources_failed: ["npm"] }),
      run(2, { outcome: "missing", sources_failed: [] }),
      run(3, { sources_failed: ["npm"] }),
      run(4, { sources_failed: ["npm"] }),
      run(5, { outcome: "malformed" }),
    ];
    expect(streaksToEscalate(history, 3).map((s) => s.runs.map((r) => r.run_id))).toEqual([[4, 3, 1]]);
  });

  test("nothing when the newest known run had no failures", () => {
    expect(failingStreaks([run(1, { sources_failed: ["npm"] }), run(2)])).toEqual([]);
    expect(failingStreaks([])).toEqual([]);
  });

  test("the investigate issue lists the runs and the errors that mention the ecosystem", () => {
    const [streak] = streaksToEscalate(
      [run(1, { sources_failed: ["crates.io"] }), run(2, { sources_failed: ["crates.io"] }), run(3, { sources_failed: ["crates.io"] })],
      3,
    );
    const body = renderInvestigateIssue(streak!, ["crates.io: 429 Too Many Requests", "npm: timeout"], 3);
    expect(body).toContain("**3 consecutive runs**");
    expect(body).toContain("[#3](https://github.com/o/r/actions/runs/3)");
    expect(body).toContain("- crates.io: 429 Too Many Requests");
    expect(body).not.toContain("npm: timeout");
  });
});

describe("curation review (more than 10 curated_invalid)", () => {
  const summary = (n: number) => {
    const parsed = parseSummary({
      curated_invalid: Array.from({ length: n }, (_, i) => ({ package: `tool${i}`, source: `homebrew:tool${i}`, error: "404 Not Found" })),
    });
    if (!parsed.ok) throw new Error("parse");
    return parsed.summary;
  };

  test("10 is not more than 10; 11 is", () => {
    expect(curationReviewDue(summary(10), 10)).toBe(false);
    expect(curationReviewDue(summary(11), 10)).toBe(true);
  });

  test("the issue lists every entry", () => {
    const body = renderCurationIssue(summary(11).curatedInvalid, 10, { url: "https://run" });
    expect(body).toContain("found **11** curated entries");
    expect(body).toContain("| tool0 | homebrew:tool0 | 404 Not Found |");
    expect(body).toContain("| tool10 | homebrew:tool10 | 404 Not Found |");
  });
});
