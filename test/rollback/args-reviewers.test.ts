import { describe, expect, test } from "@jest/globals";
import { parseRollbackArgs } from "../../src/rollback/args.js";
import { describeReviewers, secondReviewers } from "../../src/rollback/reviewers.js";

describe("parseRollbackArgs", () => {
  test("id, reason, and --dry-run anywhere", () => {
    expect(parseRollbackArgs("2026-01-28-001 broken checksums")).toEqual({ batchId: "2026-01-28-001", dryRun: false, reason: "broken checksums" });
    expect(parseRollbackArgs("2026-01-28-001 --dry-run")).toEqual({ batchId: "2026-01-28-001", dryRun: true, reason: "" });
    expect(parseRollbackArgs('--DRY-RUN 2026-01-28 "quoted reason"')).toEqual({ batchId: "2026-01-28", dryRun: true, reason: "quoted reason" });
  });
  test("the reason is one sanitised line", () => {
    const parsed = parseRollbackArgs("2026-01-28 a\u0000b \u2028 c");
    expect(parsed).toEqual({ batchId: "2026-01-28", dryRun: false, reason: "a b c" });
  });
  test("no id", () => {
    expect(parseRollbackArgs("")).toEqual({ error: "a batch id is required" });
    expect(parseRollbackArgs("--dry-run")).toEqual({ error: "a batch id is required" });
  });
});

describe("secondReviewers", () => {
  test("users and team slugs; the requester is never their own second reviewer", () => {
    expect(secondReviewers(["bob", "@Alice", "acme/release-team", "@acme/ops", "bob"], "alice")).toEqual({
      users: ["bob"],
      teams: ["release-team", "ops"],
    });
    expect(describeReviewers(["bob", "@Alice", "@acme/ops", "bob"], "alice")).toBe("@bob, @acme/ops");
    expect(describeReviewers(["alice"], "alice")).toBe("");
  });
});
