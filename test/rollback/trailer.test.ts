import { describe, expect, test } from "@jest/globals";
import { hasBatchTrailer, isBatchCommit, isRollbackCommit, trailerValue } from "../../src/rollback/trailer.js";
import { rollbackCommitMessage } from "../../src/rollback/render.js";
import { batchCommits, fixtureCommit } from "../helpers/batch-commits.js";

describe("exact batch_id trailer", () => {
  test("every real batch commit matches its own id, and only its own", () => {
    const batch = batchCommits().filter((c) => !c.onMain);
    expect(batch.length).toBe(32);
    for (const commit of batch) {
      const id = trailerValue(commit.message, "batch_id")!;
      expect(hasBatchTrailer(commit.message, id)).toBe(true);
      expect(isBatchCommit(commit.message, id)).toBe(true);
      // A prefix or a longer id is a different batch.
      expect(hasBatchTrailer(commit.message, id.slice(0, -1))).toBe(false);
      expect(hasBatchTrailer(commit.message, `${id}-001`)).toBe(false);
    }
  });

  test("2026-02-06 does not match the legacy 2026-02-06-homebrew batch (the runbook's prefix grep would)", () => {
    const legacy = fixtureCommit("a4d71764e8bcc589f96e2e5b73db47d8a46c8b3a");
    expect(legacy.message).toContain("batch_id: 2026-02-06-homebrew");
    expect(hasBatchTrailer(legacy.message, "2026-02-06")).toBe(false);
    expect(hasBatchTrailer(legacy.message, "2026-02-06-homebrew")).toBe(true);
  });

  test("squash commits on main carry no trailer at all", () => {
    for (const commit of batchCommits().filter((c) => c.onMain)) {
      expect(commit.message).not.toMatch(/^batch_id:/m);
    }
  });

  test("the id must be the whole line: not in the subject, not indented, not quoted; CRLF is fine", () => {
    expect(hasBatchTrailer("chore: add recipes batch_id: 2026-01-28-001", "2026-01-28-001")).toBe(false);
    expect(hasBatchTrailer("x\n\n  batch_id: 2026-01-28-001", "2026-01-28-001")).toBe(false);
    expect(hasBatchTrailer("x\n\nbatch_id: 2026-01-28-001 (retry)", "2026-01-28-001")).toBe(false);
    expect(hasBatchTrailer("x\r\n\r\nbatch_id: 2026-01-28-001\r\nbatch_size: 2", "2026-01-28-001")).toBe(true);
    expect(hasBatchTrailer("x\n\nbatch_id: 2026-01-28-001  ", "2026-01-28-001")).toBe(true);
  });

  test("the app's own rollback commits and their squash merges are not batch commits", () => {
    const own = rollbackCommitMessage("2026-03-03", "bad checksums", ["requested_by: alice", "comment: https://x"]);
    expect(hasBatchTrailer(own, "2026-03-03")).toBe(true);
    expect(isRollbackCommit(own)).toBe(true);
    expect(isBatchCommit(own, "2026-03-03")).toBe(false);
    const squashed = `Rollback batch 2026-03-03 (#2600)\n\n* ${own}`;
    expect(isBatchCommit(squashed, "2026-03-03")).toBe(false);
    expect(isRollbackCommit(fixtureCommit("e1b3ff117cb454274aaff9178e6258e919aa955f").message)).toBe(false);
  });
});
