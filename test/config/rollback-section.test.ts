import { describe, expect, test } from "@jest/globals";
import { defaultRepoConfig, validateRepoConfig } from "../../src/config/validate.js";
import { DEFAULT_BATCH_ID_PATTERN } from "../../src/config/sections/rollback.js";

describe("rollback config section", () => {
  test("defaults", () => {
    const config = defaultRepoConfig();
    expect(config.recipes_dir).toBe("recipes/");
    expect(config.rollback).toEqual({ batch_id_pattern: DEFAULT_BATCH_ID_PATTERN, batch_branch_prefix: "batch/", second_reviewers: [] });
    expect(config.permissions["rollback"]).toBe("write");
  });

  test("accepts users and teams, a directory with or without its slash", () => {
    const result = validateRepoConfig({
      recipes_dir: "pkg/recipes",
      rollback: { second_reviewers: ["bob", "@carol", "acme/release-team", "@acme/ops"], batch_branch_prefix: "auto/batch-" },
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.config.recipes_dir).toBe("pkg/recipes/");
      expect(result.config.rollback.second_reviewers).toEqual(["bob", "@carol", "acme/release-team", "@acme/ops"]);
    }
  });

  test.each([
    [{ rollback: { batch_id_pattern: "(" } }, "rollback.batch_id_pattern → is not a valid regular expression"],
    [{ rollback: { batch_id_pattern: "^(\\d+)+$" } }, "rollback.batch_id_pattern → must not repeat"],
    [{ rollback: { batch_id_pattern: "(a+)+b" } }, "rollback.batch_id_pattern → must not repeat"],
    [{ rollback: { batch_id_pattern: "(a|a)*b" } }, "rollback.batch_id_pattern → must not repeat"],
    [
      { rollback: { batch_id_pattern: "\\d*\\d*\\d*\\d*\\d*\\d*\\d*x" } },
      "rollback.batch_id_pattern → must not put two repetitions that can match the same characters next to each other",
    ],
    [{ rollback: { batch_id_pattern: 5 } }, "rollback.batch_id_pattern"],
    [{ rollback: { second_reviewers: ["bob smith"] } }, "rollback.second_reviewers.0 → must be a user login"],
    [{ rollback: { second_reviewers: ["a/b/c"] } }, "rollback.second_reviewers.0"],
    [{ rollback: { batch_branch_prefix: "batch/ x" } }, "rollback.batch_branch_prefix"],
    [{ rollback: { typo: 1 } }, "rollback"],
    [{ recipes_dir: "../etc" }, "recipes_dir → must be a directory inside the repository"],
    [{ recipes_dir: "/recipes" }, "recipes_dir"],
    [{ recipes_dir: "/" }, "recipes_dir"],
  ])("refuses %j", (raw, message) => {
    const result = validateRepoConfig(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join("\n")).toContain(message);
  });
});
