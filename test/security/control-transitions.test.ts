import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parseControlFile } from "../../src/control/codec.js";
import type { ControlFile } from "../../src/control/schema.js";
import { illegalTransitions } from "../../src/security/control-transitions.js";

const TSUKU = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");

function tsuku(edit: (c: any) => void = () => {}): ControlFile {
  const parsed = parseControlFile(TSUKU);
  if (!parsed.ok) throw new Error("fixture");
  const control = structuredClone(parsed.control) as any;
  edit(control);
  return control;
}

const noRun = { successRecorded: false };
const batchRun = { successRecorded: true };

describe("illegal transitions", () => {
  test("an open breaker closed by hand, without a success recorded", () => {
    const after = tsuku((c) => (c.circuit_breaker.homebrew = { state: "closed", failures: 0 }));
    expect(illegalTransitions(tsuku(), after, noRun)).toEqual([
      {
        kind: "breaker-closed",
        ecosystem: "homebrew",
        before: tsuku().circuit_breaker!["homebrew"],
        after: { state: "closed", failures: 0 },
        removed: false,
      },
    ]);
  });

  test("an open breaker closed but failures kept is illegal even in a batch run (a success resets them)", () => {
    const after = tsuku((c) => (c.circuit_breaker.npm.state = "closed"));
    expect(illegalTransitions(tsuku(), after, batchRun).map((f) => [f.kind, "ecosystem" in f ? f.ecosystem : ""])).toEqual([
      ["breaker-closed", "npm"],
    ]);
  });

  test("an open breaker deleted from the file reads as closed: illegal", () => {
    const after = tsuku((c) => delete c.circuit_breaker.pypi);
    const found = illegalTransitions(tsuku(), after, noRun);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "breaker-closed", ecosystem: "pypi", removed: true });
  });

  test("failures dropping without a success", () => {
    const after = tsuku((c) => (c.circuit_breaker.github.failures = 10));
    expect(illegalTransitions(tsuku(), after, noRun)).toEqual([
      {
        kind: "failures-dropped",
        ecosystem: "github",
        before: tsuku().circuit_breaker!["github"],
        after: { ...tsuku().circuit_breaker!["github"], failures: 10 },
        removed: false,
      },
    ]);
  });

  test("failures dropping to a number other than 0 is never a success", () => {
    const before = tsuku((c) => (c.circuit_breaker.default = { state: "closed", failures: 4 }));
    const after = tsuku((c) => (c.circuit_breaker.default = { state: "closed", failures: 2 }));
    expect(illegalTransitions(before, after, batchRun)).toMatchObject([{ kind: "failures-dropped", ecosystem: "default" }]);
  });

  test("a stop cleared without /resume", () => {
    const before = tsuku((c) =>
      Object.assign(c, { enabled: false, reason: "Emergency stop: bad batch", disabled_by: "alice", disabled_at: "2026-11-27T08:00:00Z" }),
    );
    const after = tsuku((c) => Object.assign(c, { enabled: true, reason: "", disabled_by: "", disabled_at: "" }));
    expect(illegalTransitions(before, after, noRun)).toEqual([
      { kind: "stop-cleared", reason: "Emergency stop: bad batch", disabledBy: "alice", disabledAt: "2026-11-27T08:00:00Z" },
    ]);
    // Even a batch run cannot clear a stop.
    expect(illegalTransitions(before, after, batchRun)).toHaveLength(1);
  });

  test("the file deleted while stopped: the pipeline reads the defaults, enabled and every breaker closed", () => {
    const before = tsuku((c) => (c.enabled = false));
    const found = illegalTransitions(before, {}, noRun);
    expect(found.map((f) => f.kind)).toEqual(["stop-cleared", ...Array(6).fill("breaker-closed")]);
    expect(found.filter((f) => f.kind === "breaker-closed").every((f) => "removed" in f && f.removed)).toBe(true);
  });

  test("ecosystems re-enabled without /resume", () => {
    const before = tsuku((c) => (c.disabled_ecosystems = ["homebrew", "npm", "pypi"]));
    const after = tsuku((c) => (c.disabled_ecosystems = ["npm"]));
    expect(illegalTransitions(before, after, noRun)).toEqual([{ kind: "ecosystems-resumed", ecosystems: ["homebrew", "pypi"] }]);
  });

  test("every kind at once, in a stable order", () => {
    const before = tsuku((c) => Object.assign(c, { enabled: false, disabled_ecosystems: ["npm"] }));
    const after = tsuku((c) => {
      c.enabled = true;
      c.disabled_ecosystems = [];
      c.circuit_breaker.homebrew = { state: "closed", failures: 0 };
      c.circuit_breaker.github.failures = 1;
    });
    expect(illegalTransitions(before, after, noRun).map((f) => f.kind)).toEqual([
      "stop-cleared",
      "ecosystems-resumed",
      "failures-dropped",
      "breaker-closed",
    ]);
  });
});

describe("legal changes", () => {
  test("a batch run recording a success closes the breaker with failures 0", () => {
    const after = tsuku((c) => (c.circuit_breaker.homebrew = { ...c.circuit_breaker.homebrew, state: "closed", failures: 0 }));
    expect(illegalTransitions(tsuku(), after, batchRun)).toEqual([]);
  });

  test("failures rising, breakers opening, half-open, stops added, nothing changed", () => {
    const before = tsuku();
    const after = tsuku((c) => {
      c.circuit_breaker.homebrew.state = "half-open";
      c.circuit_breaker.default = { state: "open", failures: 5, last_failure: "2026-11-27T09:00:00Z", opens_at: "2026-11-27T10:00:00Z" };
      c.circuit_breaker.cpan = { state: "closed", failures: 1 };
      c.enabled = false;
      c.disabled_ecosystems = ["npm"];
    });
    expect(illegalTransitions(before, after, noRun)).toEqual([]);
    expect(illegalTransitions(before, before, noRun)).toEqual([]);
  });

  test("a half-open breaker failing again and reopening", () => {
    const before = tsuku((c) => (c.circuit_breaker.npm.state = "half-open"));
    expect(
      illegalTransitions(
        before,
        tsuku((c) => (c.circuit_breaker.npm.failures = 697)),
        noRun,
      ),
    ).toEqual([]);
  });
});
