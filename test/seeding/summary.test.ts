import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { changesToReview, parseSummary } from "../../src/seeding/summary.js";

const realRun = JSON.parse(readFileSync(new URL("../fixtures/seeding-runs.tsuku.jsonl", import.meta.url), "utf8").trim());
const designExample = JSON.parse(readFileSync(new URL("../fixtures/seeding-summary.design.json", import.meta.url), "utf8"));

describe("parseSummary", () => {
  test("the real Bootstrap Phase B summary (tool field names, run_at ignored)", () => {
    const parsed = parseSummary(realRun);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.summary.sourceChanges).toHaveLength(1030);
    expect(parsed.summary.sourceChanges[0]).toEqual({
      package: "neovim",
      old: "homebrew:neovim",
      new: "rubygems:neovim",
      priority: 1,
      autoAccepted: false,
    });
    expect(parsed.summary.staleRefreshed).toBe(4998);
    expect(changesToReview(parsed.summary)).toHaveLength(769);
  });

  test("the design doc's example: curated_invalid objects", () => {
    const parsed = parseSummary(designExample);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.summary.curatedInvalid).toEqual([{ package: "example-tool", source: "homebrew:example-tool", error: "404 Not Found" }]);
    expect(changesToReview(parsed.summary).map((c) => c.package)).toEqual(["procs"]);
  });

  test("the runbook's names: old_source/new_source and curated_invalid strings", () => {
    const parsed = parseSummary({
      source_changes: [{ package: "fd", old_source: "homebrew:fd", new_source: "crates.io:fd-find", priority: 2, auto_accepted: false }],
      curated_invalid: ["gone-tool"],
    });
    expect(parsed).toEqual({
      ok: true,
      summary: {
        sourcesProcessed: [],
        sourcesFailed: [],
        newPackages: null,
        staleRefreshed: null,
        sourceChanges: [{ package: "fd", old: "homebrew:fd", new: "crates.io:fd-find", priority: 2, autoAccepted: false }],
        curatedSkipped: null,
        curatedInvalid: [{ package: "gone-tool", source: null, error: null }],
        errors: [],
      },
    });
  });

  test("both name variants present and agreeing is fine; disagreeing is refused", () => {
    expect(parseSummary({ source_changes: [{ package: "fd", old: "homebrew:fd", old_source: "homebrew:fd", new: "npm:fd" }] }).ok).toBe(true);
    const parsed = parseSummary({ source_changes: [{ package: "fd", old: "homebrew:fd", old_source: "homebrew:other", new: "npm:fd" }] });
    expect(parsed).toEqual({ ok: false, errors: ["source_changes.0.old_source → disagrees with `old`"] });
  });

  test("missing arrays are empty and null arrays too", () => {
    const parsed = parseSummary({ sources_failed: null });
    expect(parsed.ok && parsed.summary).toMatchObject({ sourcesFailed: [], sourceChanges: [], curatedInvalid: [], errors: [] });
  });

  test.each([
    ["not an object", "summary", "(root) → must be a JSON object"],
    ["an array", [], "(root) → must be a JSON object"],
    ["no sources in a change", { source_changes: [{ package: "fd" }] }, "source_changes.0.old → needs `old` or `old_source`"],
    ["a package name with markup", { source_changes: [{ package: "<img src=x>", old: "homebrew:a", new: "npm:a" }] }, "source_changes.0.package"],
    ["a source with a backtick", { source_changes: [{ package: "a", old: "homebrew:a`", new: "npm:a" }] }, "source_changes.0.old"],
    ["a package with a .. segment", { source_changes: [{ package: "a/../b", old: "homebrew:a", new: "npm:a" }] }, "source_changes.0.package"],
    ["a negative count", { new_packages: -1 }, "new_packages"],
    ["sources_failed not a list", { sources_failed: "npm" }, "sources_failed"],
  ])("refuses %s", (_name, raw, message) => {
    const parsed = parseSummary(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors.join("\n")).toContain(message);
  });

  test("errors that are not strings are kept as JSON text", () => {
    const parsed = parseSummary({ errors: ["plain", { ecosystem: "npm", message: "429" }] });
    expect(parsed.ok && parsed.summary.errors).toEqual(["plain", '{"ecosystem":"npm","message":"429"}']);
  });
});

describe("changesToReview", () => {
  test("not auto-accepted (or not saying), one per package, no-ops dropped, in order", () => {
    const parsed = parseSummary({
      source_changes: [
        { package: "a", old: "homebrew:a", new: "npm:a", priority: 3, auto_accepted: true },
        { package: "b", old: "homebrew:b", new: "npm:b", priority: 1, auto_accepted: false },
        { package: "c", old: "homebrew:c", new: "npm:c" },
        { package: "b", old: "homebrew:b", new: "pypi:b", auto_accepted: false },
        { package: "d", old: "npm:d", new: "npm:d", auto_accepted: false },
      ],
    });
    if (!parsed.ok) throw new Error("parse");
    expect(changesToReview(parsed.summary).map((c) => `${c.package}→${c.new}`)).toEqual(["b→npm:b", "c→npm:c"]);
  });
});
