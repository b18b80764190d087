import { describe, expect, test } from "@jest/globals";
import { regexProblem } from "../../src/util/safe-regex.js";
import { DEFAULT_BATCH_ID_PATTERN } from "../../src/config/sections/rollback.js";

describe("regexProblem", () => {
  test.each([DEFAULT_BATCH_ID_PATTERN, "^\\d{4}-\\d{2}-\\d{2}(-(homebrew|npm))?$", "run-\\d+", "^(?:[a-z]+)-\\d{3}$", "[(+*]+x", "a{2,}", "(ab){3}"])("accepts %s", (pattern) => {
    expect(regexProblem(pattern)).toBeNull();
  });

  test.each([
    ["(", "not a valid regular expression"],
    ["[a-", "not a valid regular expression"],
    ["(a+)+$", "catastrophically"],
    ["(a*)*", "catastrophically"],
    ["(a|aa)+", "catastrophically"],
    ["((a+)?)+", "catastrophically"],
    ["(\\d{2})*x", "catastrophically"],
    ["(a+){2,}", "catastrophically"],
    ["(x)\\1", "back-references"],
    ["x".repeat(201), "longer than 200"],
  ])("refuses %s", (pattern, why) => {
    expect(regexProblem(pattern)).toContain(why);
  });
});
