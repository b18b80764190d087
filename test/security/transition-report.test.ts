import { describe, expect, test } from "@jest/globals";
import { commitRecord } from "../../src/security/commit-record.js";
import { describeIllegal, renderIncidentNote, renderTransitionComment } from "../../src/security/transition-report.js";

const RECORD = commitRecord(
  {
    sha: "c".repeat(40),
    url: "https://github.com/o/r/commit/ccc",
    message: "reset breakers",
    timestamp: "2026-11-27T09:00:00Z",
    author: { name: "Bob", email: "bob@example.com" },
    committer: { name: "Bob", email: "bob@example.com" },
    added: [],
    modified: ["batch-control.json"],
    removed: [],
  },
  { sender: { login: "bob", type: "User" } },
);

describe("describeIllegal", () => {
  test("each transition in words", () => {
    expect(
      describeIllegal({
        kind: "breaker-closed",
        ecosystem: "homebrew",
        before: { state: "open", failures: 957 },
        after: { state: "closed", failures: 0 },
        removed: false,
      }),
    ).toBe(
      "Breaker `homebrew` went from `open` with 957 failures straight to `closed` with 0 failures without a success being recorded: only a batch run records a success, and this commit is not one.",
    );
    expect(
      describeIllegal({
        kind: "breaker-closed",
        ecosystem: "pypi",
        before: { state: "open", failures: 3 },
        after: { state: "closed", failures: 0 },
        removed: true,
      }),
    ).toContain("was deleted (the pipeline reads a missing breaker as closed)");
    expect(
      describeIllegal({
        kind: "failures-dropped",
        ecosystem: "npm",
        before: { state: "closed", failures: 4 },
        after: { state: "closed", failures: 1 },
        removed: false,
      }),
    ).toBe("Breaker `npm`: `failures` dropped 4 → 1 without a success (a success is recorded by a batch run and resets the count to 0).");
    expect(
      describeIllegal({ kind: "stop-cleared", reason: "Emergency stop: bad batch", disabledBy: "alice", disabledAt: "2026-11-27T08:00:00Z" }),
    ).toBe(
      "The emergency stop by `alice` at 2026-11-27T08:00:00Z (reason: Emergency stop: bad batch) was cleared (`enabled` false → true) without `/resume all`.",
    );
    expect(describeIllegal({ kind: "ecosystems-resumed", ecosystems: ["homebrew", "npm"] })).toBe(
      "`homebrew`, `npm` were removed from `disabled_ecosystems` without `/resume`.",
    );
  });
});

test("the commit comment says what changed, who changed it, and that nothing was reverted", () => {
  const text = renderTransitionComment("batch-control.json", RECORD, [{ kind: "ecosystems-resumed", ecosystems: ["npm"] }], "d".repeat(40));
  expect(text).toContain("⚠️ **batch-ops: this commit changed `batch-control.json` in a way only the pipeline or batch-ops commands should.**");
  expect(text).toContain("- `npm` was removed from `disabled_ecosystems` without `/resume`.");
  expect(text).toContain("Changed by: authored by Bob \\<bob@​example.com\\>, pushed by `bob`");
  expect(text).toContain("batch-ops reverted nothing: a person decides.");
  expect(text).toContain("(the file before this commit is at `ddddddd`)");
});

test("the incident note links the commit and the comment", () => {
  const text = renderIncidentNote(
    "batch-control.json",
    RECORD,
    [{ kind: "ecosystems-resumed", ecosystems: ["npm"] }],
    "https://github.com/o/r/commit/ccc#commitcomment-1",
  );
  expect(text).toContain("⚠️ `batch-control.json` was changed outside batch-ops in [`ccccccc`](https://github.com/o/r/commit/ccc), pushed by `bob`:");
  expect(text).toContain("[Details on the commit](https://github.com/o/r/commit/ccc#commitcomment-1). Nothing was reverted.");
});
