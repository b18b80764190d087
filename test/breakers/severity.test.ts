import { describe, expect, test } from "@jest/globals";
import { transitionOf, type Outcome } from "../../src/breakers/transitions.js";
import { classifyRun } from "../../src/breakers/severity.js";

const outcomes = (entries: [string, Outcome][]) => new Map(entries);

describe("runbook severity of a run", () => {
  test("more than 50% of the run's ecosystems failing, at least two → High", () => {
    const s = classifyRun(
      outcomes([
        ["a", "failure"],
        ["b", "failure"],
        ["c", "success"],
      ]),
      [],
    );
    expect(s.high).toEqual({ failing: ["a", "b"], total: 3 });
    expect(s.low).toEqual([]);
  });

  test("exactly 50% is not High", () => {
    expect(
      classifyRun(
        outcomes([
          ["a", "failure"],
          ["b", "failure"],
          ["c", "success"],
          ["d", "success"],
        ]),
        [],
      ).high,
    ).toBeUndefined();
  });

  test("judged against the whole run: re-running the 2 failed ecosystems of 10 is not High", () => {
    const failedAgain = outcomes([
      ["npm", "failure"],
      ["pypi", "failure"],
    ]);
    expect(classifyRun(failedAgain, [], 10).high).toBeUndefined();
    expect(classifyRun(failedAgain, [], 10).low).toEqual(["npm", "pypi"]);
    expect(classifyRun(failedAgain, [], 3).high).toEqual({ failing: ["npm", "pypi"], total: 3 });
    // Never fewer than the outcomes given.
    expect(classifyRun(failedAgain, [], 0).high).toEqual({ failing: ["npm", "pypi"], total: 2 });
  });

  test("a single ecosystem failing is never High, even when it is the only one", () => {
    const s = classifyRun(outcomes([["default", "failure"]]), []);
    expect(s.high).toBeUndefined();
    expect(s.low).toEqual(["default"]);
  });

  test("a breaker opening → Medium for that ecosystem; a failed half-open probe too", () => {
    const t = [
      transitionOf("npm", { state: "closed", failures: 4 }, { state: "open", failures: 5 }, "failure"),
      transitionOf("pypi", { state: "open", failures: 5 }, { state: "half-open", failures: 5 }, "recovery"),
      transitionOf("pypi", { state: "half-open", failures: 5 }, { state: "open", failures: 6 }, "failure"),
    ];
    const s = classifyRun(
      outcomes([
        ["npm", "failure"],
        ["pypi", "failure"],
        ["homebrew", "success"],
        ["go", "success"],
        ["cpan", "success"],
      ]),
      t,
    );
    expect(s.opened).toEqual(["npm", "pypi"]);
    expect(s.high).toBeUndefined();
    expect(s.low).toEqual([]);
  });

  test("a transient failure below the threshold → Low (no issue)", () => {
    const t = [transitionOf("npm", { state: "closed", failures: 0 }, { state: "closed", failures: 1 }, "failure")];
    const s = classifyRun(
      outcomes([
        ["npm", "failure"],
        ["homebrew", "success"],
      ]),
      t,
    );
    expect(s).toEqual({ opened: [], recovered: [], low: ["npm"], stillOpen: [] });
  });

  test("breakers that close are recovered; ones that stay open are refreshed", () => {
    const t = [
      transitionOf("npm", { state: "half-open", failures: 5 }, { state: "closed", failures: 0 }, "success"),
      transitionOf("go", { state: "open", failures: 9 }, { state: "open", failures: 9 }, "failure"),
    ];
    const s = classifyRun(
      outcomes([
        ["npm", "success"],
        ["go", "failure"],
      ]),
      t,
    );
    expect(s.recovered).toEqual(["npm"]);
    expect(s.stillOpen).toEqual(["go"]);
  });
});
