import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { batchIdFromFileName, parseMetricsFile, splitJsonValues } from "../../src/health-page/metrics-records.js";

const dir = new URL("../fixtures/tsuku-metrics/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");

describe("the metrics files' format quirks", () => {
  test("the legacy batch-runs.jsonl is 40 pretty-printed objects, not one per line", () => {
    const text = read("batch-runs.jsonl");
    expect(text.split("\n").length).toBeGreaterThan(40);
    const parsed = parseMetricsFile("batch-runs.jsonl", text);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.runs).toHaveLength(40);
    // Legacy records keep their own batch id and single ecosystem.
    expect(parsed.runs[0]).toMatchObject({
      id: "2026-02-03-homebrew",
      succeeded: true,
      counts: { total: 2, merged: 2, ecosystems: { homebrew: 2 } },
    });
  });

  test("a per-run file takes its batch id from the file name, not the record's date-only id", () => {
    const parsed = parseMetricsFile("batch-runs-2026-06-26T20-51-08Z.jsonl", read("batch-runs-2026-06-26T20-51-08Z.jsonl"));
    expect(JSON.parse(read("batch-runs-2026-06-26T20-51-08Z.jsonl")).batch_id).toBe("2026-06-26");
    expect(parsed.runs).toEqual([
      {
        id: "2026-06-26T20-51-08Z",
        at: new Date("2026-06-26T20:51:08Z"),
        succeeded: false,
        counts: { total: 0, merged: 0, ecosystems: { "crates.io": 1, github: 1, homebrew: 1, npm: 1, pypi: 1, rubygems: 1 } },
      },
    ]);
  });

  test("the first per-run file has the legacy single-ecosystem shape", () => {
    const parsed = parseMetricsFile("batch-runs-2026-02-07T02-22-40Z.jsonl", read("batch-runs-2026-02-07T02-22-40Z.jsonl"));
    expect(parsed.runs[0]).toMatchObject({ id: "2026-02-07T02-22-40Z", counts: { ecosystems: { homebrew: 0 } } });
  });

  test("one JSON object per line (real JSONL) reads the same", () => {
    const lines = [
      '{"batch_id":"a","total":1,"merged":1,"timestamp":"2026-01-01T00:00:00Z"}',
      '{"batch_id":"b","total":1,"merged":0,"timestamp":"2026-01-02T00:00:00Z"}',
    ].join("\n");
    expect(parseMetricsFile("batch-runs.jsonl", lines).runs.map((r) => r.id)).toEqual(["a", "b"]);
  });

  test("braces inside strings do not split objects", () => {
    expect(splitJsonValues('{"a":"}{\\"x"} {"b":[1,{"c":2}]}')).toEqual(['{"a":"}{\\"x"}', '{"b":[1,{"c":2}]}']);
  });

  test("bad objects are skipped with a reason, the good ones kept", () => {
    const text = [
      '{"batch_id":"ok","total":1,"merged":1,"timestamp":"2026-01-01T00:00:00Z"}',
      '{"batch_id":"no-total","merged":1,"timestamp":"2026-01-01T00:00:00Z"}',
      '{"batch_id":"bad-time","total":1,"merged":1,"timestamp":"yesterday"}',
      '{"batch_id":"neg","total":-1,"merged":0,"timestamp":"2026-01-01T00:00:00Z"}',
      '{"batch_id": "cut off", "total": 1',
    ].join("\n");
    const parsed = parseMetricsFile("batch-runs.jsonl", text);
    expect(parsed.runs.map((r) => r.id)).toEqual(["ok"]);
    expect(parsed.skipped).toEqual([
      expect.stringMatching(/^batch-runs\.jsonl #2: total /),
      "batch-runs.jsonl #3: timestamp is not a time",
      expect.stringMatching(/^batch-runs\.jsonl #4: total /),
      "batch-runs.jsonl #5: not valid JSON",
    ]);
  });

  test("file names", () => {
    expect(batchIdFromFileName("data/metrics/batch-runs-2026-05-07T14-08-53Z.jsonl")).toBe("2026-05-07T14-08-53Z");
    expect(batchIdFromFileName("batch-runs.jsonl")).toBeUndefined();
    expect(batchIdFromFileName("seeding-runs.jsonl")).toBeUndefined();
  });
});
