import { describe, expect, test } from "@jest/globals";
import { renderPerformancePage } from "../../../scripts/docs/performance-page.js";

const results = {
  node: "v20.0.0",
  at: "2026-01-01T00:00:00.000Z",
  machine: { cpus: 2, cpu_model: "AMD EPYC", load_1m_at_start: 1.5 },
  results: [
    {
      name: "/stop homebrew",
      api_calls_per_event: { "GET /repos/{owner}/{repo}/contents/{path}": 3, "PUT /repos/{owner}/{repo}/contents/{path}": 1 },
      api_calls_total_per_event: 4,
      timing: { runs: 10, cpu_ms_median: 19.8, cpu_ms_p99: 50.2 },
      notes: "real control file",
    },
    { name: "cli: start-up", api_calls_per_event: {}, api_calls_total_per_event: 0, rate_limited_calls_per_event: 0, timing: { runs: 5, cpu_ms_median: 4.8, peak_rss_mb: 156.1 } },
  ],
  burst: [{ name: "folding", commands: 50, wall_ms: 1394, all_landed: true }],
  latency: [{ name: "stop", write_order: ["control", "reply"] }],
};

describe("performance page", () => {
  const markdown = renderPerformancePage(results, "bench/results.json");

  test("the conditions, then every operation with every figure, new fields included", () => {
    expect(markdown).toContain(["- Node.js: v20.0.0", "- Measured at: 2026-01-01T00:00:00.000Z", "- Machine: CPUs 2; CPU AMD EPYC; load average (1 min) at start 1.5"].join("\n"));
    expect(markdown).toContain(
      [
        "| # | Operation | API calls per event | Counted against the rate limit | Runs | CPU median (ms) | CPU p99 (ms) | Peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|",
        "| 1 | /stop homebrew | 4 |  | 10 | 19.8 | 50.2 |  |",
        "| 2 | cli: start-up | 0 | 0 | 5 | 4.8 |  | 156.1 |",
      ].join("\n"),
    );
  });

  test("each operation's conditions and calls by route", () => {
    expect(markdown).toContain(
      [
        "### 1. /stop homebrew",
        "",
        "real control file",
        "",
        "| API call | Per event |",
        "|---|---|",
        "| `GET /repos/{owner}/{repo}/contents/{path}` | 3 |",
        "| `PUT /repos/{owner}/{repo}/contents/{path}` | 1 |",
        "",
        "### 2. cli: start-up",
        "",
        "No API calls.",
      ].join("\n"),
    );
  });

  test("every other list of figures becomes a table, known or not", () => {
    expect(markdown).toContain("## Burst: many commands at once\n\nConcurrent `/stop <ecosystem>` commands");
    expect(markdown).toContain("## Latency: delivery to commit\n\nFrom a webhook delivery");
    expect(markdown).toContain(["| Name | Commands | Wall (ms) | All landed |", "|---|---|---|---|", "| folding | 50 | 1394 | yes |"].join("\n"));
    expect(markdown).toContain(["| Name | Write order |", "|---|---|", "| stop | control, reply |"].join("\n"));
  });

  test("a file of another shape is refused with the reason", () => {
    expect(() => renderPerformancePage({ results: [{ timing: {} }] }, "bench/results.json")).toThrow(/bench\/results\.json does not have the shape[\s\S]*name/);
    expect(() => renderPerformancePage([], "bench/results.json")).toThrow(/does not have the shape/);
  });

  test("the same input renders the same page", () => {
    expect(renderPerformancePage(structuredClone(results), "bench/results.json")).toBe(markdown);
  });
});
