import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { batchIdOf, classifyCommit, pullNumbersInMessage, type ClassifyInput, type PullFacts } from "../../src/security/commit-kind.js";

/** A real batch commit message from tsuku (batch-commits.txt, 927ebbf). */
const BATCH_MESSAGE = [
  "feat(recipes): add batch 2026-05-07 recipes",
  "",
  "Batch generation of 1 packages (1 crates.io, 1 github, 1 homebrew, 1 npm, 1 pypi, 1 rubygems).",
  "- 1 passed validation across platform environments",
  "- 0 excluded (recorded to data/failures/)",
  "",
  "batch_id: 2026-05-07",
  "batch_size: 1",
  "success_rate: 1.00",
].join("\n");

function pull(overrides: Partial<PullFacts> = {}): PullFacts {
  return {
    number: 2382,
    url: "https://github.com/o/r/pull/2382",
    title: "feat(recipes): add batch recipes (1 recipes)",
    headRef: "batch/20260507-140853",
    headRepo: "o/r",
    baseRef: "main",
    mergedAt: "2026-05-08T08:00:00Z",
    mergeCommitSha: "1e5f0710ba99f1f3e17ef7860237db1fb7332a07",
    ...overrides,
  };
}

function input(overrides: Partial<ClassifyInput> = {}): ClassifyInput {
  return { message: "Update cmake.toml", pulls: [], defaultBranch: "main", repoFullName: "o/r", batchBranchPrefix: "batch/", ...overrides };
}

describe("batchIdOf", () => {
  test("reads the batch_id line of real batch commits", () => {
    expect(batchIdOf(BATCH_MESSAGE)).toBe("2026-05-07");
    expect(batchIdOf("chore: add homebrew recipes\r\n\r\nbatch_id: 2026-01-28-001\r\n")).toBe("2026-01-28-001");
  });

  test("needs a line of its own with a value", () => {
    expect(batchIdOf("Update cmake.toml (see batch_id: 2026-01-28)")).toBeUndefined();
    expect(batchIdOf("x\n\nbatch_id:   \n")).toBeUndefined();
  });

  test("every batch commit in the tsuku fixture carries one", () => {
    const text = readFileSync(new URL("../fixtures/tsuku-batch-commits.txt", import.meta.url), "utf8");
    const messages = text
      .split("=== commit ")
      .slice(1)
      .map((block) => block.split("--- message\n")[1]!.split("--- name-status")[0]!);
    expect(messages.length).toBeGreaterThan(20);
    for (const message of messages.filter((m) => m.startsWith("feat(recipes): add batch"))) expect(batchIdOf(message)).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });
});

describe("pullNumbersInMessage", () => {
  test("merge and squash subjects written by GitHub", () => {
    expect(pullNumbersInMessage("Merge pull request #12 from o/batch/x\n\nfeat")).toEqual([12]);
    expect(pullNumbersInMessage("feat(recipes): add batch recipes (1 recipes) (#2382)")).toEqual([2382]);
    expect(pullNumbersInMessage("Update cmake.toml\n\nsee (#5)")).toEqual([]);
  });
});

describe("classifyCommit", () => {
  test("a batch commit pushed by the pipeline (a bot)", () => {
    expect(classifyCommit(input({ message: BATCH_MESSAGE, pushedByBot: true }))).toEqual({ kind: "batch", batchId: "2026-05-07" });
  });

  test("a batch commit from history, pusher unknown", () => {
    expect(classifyCommit(input({ message: BATCH_MESSAGE }))).toEqual({ kind: "batch", batchId: "2026-05-07" });
  });

  test("a batch_id line pushed by a person is a direct push", () => {
    const kind = classifyCommit(input({ message: BATCH_MESSAGE, pushedByBot: false }));
    expect(kind.kind).toBe("direct");
    expect(kind.kind === "direct" && kind.why).toContain("pushed by a person");
  });

  test("the squash of a merged pull request from a batch branch (the trailer is gone)", () => {
    const merged = pull();
    expect(classifyCommit(input({ message: "feat(recipes): add batch recipes (1 recipes) (#2382)", pulls: [merged], pushedByBot: false }))).toEqual({
      kind: "batch",
      pull: merged,
    });
  });

  test("part of another merged pull request", () => {
    const merged = pull({ headRef: "fix-cmake", number: 9 });
    expect(classifyCommit(input({ pulls: [merged], pushedByBot: false }))).toEqual({ kind: "pull", pull: merged });
  });

  test("a fork's branch named like a batch branch is an ordinary pull request", () => {
    const merged = pull({ headRepo: "evil/r" });
    expect(classifyCommit(input({ pulls: [merged] })).kind).toBe("pull");
  });

  test("an open, closed-unmerged or other-base pull request does not count", () => {
    const pulls = [pull({ mergedAt: null }), pull({ baseRef: "release" })];
    expect(classifyCommit(input({ pulls, pushedByBot: false }))).toEqual({
      kind: "direct",
      why: "neither a batch commit nor part of a merged pull request",
    });
  });

  test("a direct push", () => {
    expect(classifyCommit(input({ pushedByBot: false })).kind).toBe("direct");
  });
});
