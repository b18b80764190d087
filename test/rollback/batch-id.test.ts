import { describe, expect, test } from "@jest/globals";
import { batchDate, checkBatchId } from "../../src/rollback/batch-id.js";
import { DEFAULT_BATCH_ID_PATTERN } from "../../src/config/sections/rollback.js";
import { trailerValue } from "../../src/rollback/trailer.js";
import { batchCommits } from "../helpers/batch-commits.js";

describe("checkBatchId", () => {
  test.each(["2026-01-28", "2026-01-28-001", "2026-02-04-homebrew", "2026-02-04-crates.io"])("accepts %s", (id) => {
    expect(checkBatchId(id, DEFAULT_BATCH_ID_PATTERN)).toEqual({ ok: true, id });
  });

  test("accepts every real id in the fixture except the unexpanded template", () => {
    const ids = new Set(
      batchCommits()
        .filter((c) => !c.onMain)
        .map((c) => trailerValue(c.message, "batch_id")!),
    );
    for (const id of ids) expect(checkBatchId(id, DEFAULT_BATCH_ID_PATTERN).ok).toBe(true);
    expect(checkBatchId("${BATCH_ID}", DEFAULT_BATCH_ID_PATTERN).ok).toBe(false);
  });

  test.each([
    ["2026-1-28", "does not match"],
    ["20260128", "does not match"],
    ["2026-01-28-", "does not match"],
    ["../../etc", "not a batch id"],
    ["2026-01-28..x", "not a batch id"],
    ["2026-01-28-a.lock", "not a batch id"],
    ["2026-01-28 OR 1", "not a batch id"],
    ['2026-01-28"', "not a batch id"],
    ["`rm`", "not a batch id"],
    ["a".repeat(65), "longer than 64"],
  ])("refuses %s", (id, why) => {
    const check = checkBatchId(id, DEFAULT_BATCH_ID_PATTERN);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.error).toContain(why);
      expect(check.error.match(/`/g)!.length % 2).toBe(0); // the id shown cannot open a code span
    }
  });

  test("a configured pattern must match the whole id, anchored or not", () => {
    expect(checkBatchId("2026-01-28", "\\d{4}").ok).toBe(false);
    expect(checkBatchId("run-42", "run-\\d+").ok).toBe(true);
    expect(checkBatchId("xrun-42", "run-\\d+|other").ok).toBe(false);
  });
});

describe("batchDate", () => {
  test("the UTC day an id names", () => {
    expect(batchDate("2026-03-03")?.toISOString()).toBe("2026-03-03T00:00:00.000Z");
    expect(batchDate("2026-02-04-homebrew")?.toISOString()).toBe("2026-02-04T00:00:00.000Z");
    expect(batchDate("2026-01-28-001")?.toISOString()).toBe("2026-01-28T00:00:00.000Z");
  });
  test("no date for ids that name none or an impossible one", () => {
    expect(batchDate("run-42")).toBeUndefined();
    expect(batchDate("2026-02-30")).toBeUndefined();
    expect(batchDate("2026-02-041")).toBeUndefined();
  });
});
