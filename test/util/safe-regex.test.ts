import { describe, expect, test } from "@jest/globals";
import { MAX_EXPANDED_SIZE, MAX_REPEAT, regexProblem } from "../../src/util/safe-regex.js";
import { matchesWhole } from "../../src/util/linear-regex.js";
import { DEFAULT_BATCH_ID_PATTERN } from "../../src/config/sections/rollback.js";

describe("regexProblem", () => {
  test.each([
    DEFAULT_BATCH_ID_PATTERN,
    "^\\d{4}-\\d{2}-\\d{2}(-(homebrew|npm))?$",
    "^\\d{4}-\\d{2}-\\d{2}(-\\d{3})?$",
    "run-\\d+",
    "^(?:[a-z]+)-\\d{3}$",
    "[(+*]+x",
    "a{2,}",
    "(ab){3}",
    "[a-z]+\\d*",
    "\\d+(-\\d+)?",
    "[a-z]+-[0-9]+",
    "(?<day>\\d{4}-\\d{2}-\\d{2})-[a-z]+",
    "\\d{4}\\d{2}",
    ".{0,99}y.{0,99}z.{0,99}w.{0,99}v.{0,99}u",
  ])("accepts %s", (pattern) => {
    expect(regexProblem(pattern)).toBeNull();
  });

  const nested = "must not repeat (with *, + or {n,m}) a group that itself contains a repetition or |";
  const adjacent = "must not put two repetitions that can match the same characters next to each other";
  test.each([
    ["(", "not a valid regular expression"],
    ["[a-", "not a valid regular expression"],
    ["(a+)+b", nested],
    ["(a+)+$", "catastrophically"],
    ["(a|a)*b", nested],
    ["(a*)*", nested],
    ["(a|aa)+", nested],
    ["((a+)?)+", nested],
    ["(\\d{2})*x", nested],
    ["(a+){2,}", nested],
    ["\\d*\\d*\\d*\\d*\\d*\\d*\\d*x", adjacent],
    ["\\d*\\d*", adjacent],
    ["\\w+\\d+", adjacent],
    ["[a-z0-9]+-?[a-z0-9]+", adjacent],
    ["\\d+(x?)\\d+", adjacent],
    ["(\\d+)?\\d+", adjacent],
    ["x(\\d+|y)\\d*", adjacent],
    [".*.*=.*", adjacent],
    ["[^-]+[a-z]+", adjacent],
    [`a{${MAX_REPEAT + 1}}`, `more than ${MAX_REPEAT} times`],
    [".{0,100}x".repeat(5), `too large once its repetitions are expanded (505 parts, at most ${MAX_EXPANDED_SIZE})`],
    ["(x)\\1", "back-references"],
    ["(?=x)x", "lookahead"],
    ["x".repeat(201), "longer than 200"],
  ])("refuses %s", (pattern, why) => {
    expect(regexProblem(pattern)).toContain(why);
  });

  test("an analysis of the longest pattern is quick, whatever it holds", () => {
    for (const pattern of ["(".repeat(100) + ")".repeat(100), "[a-z]?".repeat(33), "\\d?".repeat(66), "(?:a|b)".repeat(28)]) {
      expect(typeof (regexProblem(pattern) ?? "")).toBe("string");
    }
  });
});

describe("matchesWhole (RE2)", () => {
  test("the whole text must match, as with ^(?:…)$", () => {
    expect(matchesWhole(DEFAULT_BATCH_ID_PATTERN, "2026-01-28-001")).toBe(true);
    expect(matchesWhole(DEFAULT_BATCH_ID_PATTERN, "x2026-01-28")).toBe(false);
    expect(matchesWhole("a|b", "ab")).toBe(false);
    expect(matchesWhole("a|b", "b")).toBe(true);
  });

  test("a pattern that backtracks exponentially in a JavaScript engine returns at once: matching is linear", () => {
    // With `new RegExp`, (a+)+b on 40 a's takes 2^40 steps; RE2 takes one pass.
    expect(matchesWhole("(a+)+b", "a".repeat(40))).toBe(false);
    expect(matchesWhole("\\d*\\d*\\d*\\d*\\d*\\d*\\d*x", "1".repeat(64))).toBe(false);
  });
});
