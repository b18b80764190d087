import { describe, expect, test } from "@jest/globals";
import { jsonTooDeep, MAX_JSON_DEPTH, parseJsonBounded } from "../../src/util/json-depth.js";
import { hiddenJson, readHiddenJson } from "../../src/util/hidden-json.js";
import { outcomesFromResults } from "../../src/breakers/results-artifact.js";

const nested = (levels: number, open = "[", close = "]") => `${open.repeat(levels)}${close.repeat(levels)}`;

describe("jsonTooDeep", () => {
  test("counts arrays and objects, up to the limit and one past it", () => {
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${"}".repeat(MAX_JSON_DEPTH + 1)}`)).toBe(true);
    expect(jsonTooDeep('{"a":[{"b":[1,2]},{"c":{}}]}', 4)).toBe(false);
    expect(jsonTooDeep('{"a":[{"b":[1,2]},{"c":{}}]}', 3)).toBe(true);
  });

  test("brackets inside strings, escaped quotes included, do not count", () => {
    const text = JSON.stringify({ s: '[[[[[[\\"[[[[{{{{', t: ['"]]]]'] });
    expect(jsonTooDeep(text, 2)).toBe(false);
    expect(parseJsonBounded(text, 2)).toEqual({ ok: true, value: JSON.parse(text) });
  });
});

describe("parseJsonBounded", () => {
  test("a million levels are refused as too deeply nested, not parsed", () => {
    expect(parseJsonBounded(nested(1_000_000))).toEqual({
      ok: false,
      tooDeep: true,
      error: "too deeply nested (more than 64 levels of arrays and objects)",
    });
  });

  test("invalid JSON is told apart from nesting", () => {
    expect(parseJsonBounded("{")).toMatchObject({ ok: false, tooDeep: false, error: expect.stringMatching(/^not valid JSON: /) });
  });

  test("hidden state nested too deeply reads as absent; the breaker results artifact says why", () => {
    expect(readHiddenJson("t", hiddenJson("t", JSON.parse(nested(100))))).toBeUndefined();
    expect(readHiddenJson("t", hiddenJson("t", JSON.parse(nested(10))))).toEqual(JSON.parse(nested(10)));
    expect(outcomesFromResults(`{"per_ecosystem":{},"x":${nested(10_000)}}`, { resolve: (n) => n })).toEqual({
      ok: false,
      error: "batch-results.json is too deeply nested (more than 64 levels of arrays and objects)",
    });
  });
});
