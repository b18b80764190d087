import { describe, expect, test } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { parseControlFile } from "../../src/control/codec.js";
import { parseMetricsFile } from "../../src/health-page/metrics-records.js";
import { dashboardHealth } from "../../src/health-page/pipeline-health.js";
import { runFromWorkflowRun, summarizeRuns, toRunInfo, type RunRecord } from "../../src/health-page/run-history.js";
import { examplePayload } from "../helpers/payloads.js";

const dir = new URL("../fixtures/tsuku-metrics/", import.meta.url);
const dashboard = JSON.parse(readFileSync(new URL("dashboard-health.json", dir), "utf8"));
const control = parseControlFile(readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8"));

function sampleRuns(): RunRecord[] {
  const files = readdirSync(dir).filter((f) => /^batch-runs.*\.jsonl$/.test(f));
  expect(files).toHaveLength(8);
  return files.flatMap((file) => {
    const parsed = parseMetricsFile(file, readFileSync(new URL(file, dir), "utf8"));
    expect(parsed.skipped).toEqual([]);
    return parsed.runs;
  });
}

describe("health computed from the pipeline's metrics files agrees with its dashboard.json", () => {
  test("the sample: 7 per-run files plus the 40 legacy records", () => {
    expect(sampleRuns()).toHaveLength(47);
  });

  test("last run and last successful run are the dashboard's, field for field", () => {
    const history = summarizeRuns(sampleRuns());
    expect(toRunInfo(history.lastRun!)).toEqual(dashboard.last_run);
    expect(toRunInfo(history.lastSuccess!)).toEqual(dashboard.last_successful_run);
    expect(dashboard.last_run.timestamp).toBe("2026-06-26T20:51:08Z");
    expect(dashboard.last_successful_run.timestamp).toBe("2026-05-07T14:08:53Z");
  });

  test("the sample holds 5 of the runs after the last success (the five 2026-06-26 files)", () => {
    const history = summarizeRuns(sampleRuns());
    expect(history.runsSinceLastSuccess).toBe(5);
    expect(history.atLeast).toBe(false);
  });

  test("with the 431 runs the sample leaves out restored, the count is the dashboard's 436", () => {
    // The fixtures hold 7 of the 1,670 per-run files. Every file between the last success and the last
    // run recorded merged = 0 (else it would be the last success), so the missing ones are restored as
    // copies of the real last run, spread over the gap; the count must then reach the dashboard's figure.
    const runs = sampleRuns();
    const template = runs.find((r) => r.id === "2026-06-26T20-51-08Z")!;
    const from = Date.parse("2026-05-07T14:08:53Z");
    const to = Date.parse("2026-06-26T10:54:39Z");
    const missing = dashboard.runs_since_last_success - 5;
    for (let i = 1; i <= missing; i++) {
      const at = new Date(from + ((to - from) * i) / (missing + 1));
      runs.push({ ...template, id: at.toISOString(), at });
    }
    const health = dashboardHealth(control.ok ? control.control : undefined, summarizeRuns(runs));
    expect(health).toEqual(dashboard);
    expect(health.runs_since_last_success).toBe(436);
  });

  test("breaker states come from the control file exactly as the dashboard shows them", () => {
    expect(control.ok).toBe(true);
    const health = dashboardHealth(control.ok ? control.control : undefined, summarizeRuns(sampleRuns()));
    expect(health.ecosystems).toEqual(dashboard.ecosystems);
  });

  test("input order does not matter: files read in any order give the same answer", () => {
    const runs = sampleRuns();
    const reversed = summarizeRuns([...runs].reverse());
    const forward = summarizeRuns(runs);
    expect(reversed.lastRun!.id).toBe(forward.lastRun!.id);
    expect(reversed.lastSuccess!.id).toBe(forward.lastSuccess!.id);
    expect(reversed.runsSinceLastSuccess).toBe(forward.runsSinceLastSuccess);
  });
});

describe("summarizeRuns", () => {
  const run = (id: string, at: string, succeeded: boolean): RunRecord => ({ id, at: new Date(at), succeeded });

  test("no runs: nothing last, zero since", () => {
    expect(summarizeRuns([])).toEqual({ runsSinceLastSuccess: 0, atLeast: false });
  });

  test("no success ever: every run counts, and it is a lower bound when older runs were not read", () => {
    const runs = [run("a", "2026-01-01T00:00:00Z", false), run("b", "2026-01-02T00:00:00Z", false)];
    expect(summarizeRuns(runs)).toMatchObject({ runsSinceLastSuccess: 2, atLeast: false, lastRun: { id: "b" } });
    expect(summarizeRuns(runs, { missingBefore: new Date("2026-01-01T00:00:00Z") }).atLeast).toBe(true);
  });

  test("the last run being a success means zero since", () => {
    const history = summarizeRuns([run("a", "2026-01-01T00:00:00Z", false), run("b", "2026-01-02T00:00:00Z", true)]);
    expect(history).toMatchObject({ runsSinceLastSuccess: 0, lastSuccess: { id: "b" }, lastRun: { id: "b" } });
  });

  test("a success older than the cut-off makes the count a lower bound", () => {
    const runs = [run("ok", "2026-01-01T00:00:00Z", true), run("x", "2026-01-05T00:00:00Z", false)];
    expect(summarizeRuns(runs, { missingBefore: new Date("2026-01-03T00:00:00Z") }).atLeast).toBe(true);
    expect(summarizeRuns(runs, { missingBefore: new Date("2025-12-31T00:00:00Z") }).atLeast).toBe(false);
  });

  test("runs with an invalid time are left out", () => {
    expect(summarizeRuns([run("bad", "not a time", true), run("a", "2026-01-01T00:00:00Z", false)])).toMatchObject({
      runsSinceLastSuccess: 1,
      lastRun: { id: "a" },
    });
  });
});

describe("workflow runs feed the same computation", () => {
  const base = examplePayload("workflow_run", "completed").workflow_run;

  function workflowRun(id: number, conclusion: string, updated: string) {
    return {
      ...base,
      id,
      run_number: id,
      conclusion,
      status: "completed",
      updated_at: updated,
      html_url: `https://github.com/o/r/actions/runs/${id}`,
    };
  }

  test("last completed run, last success and runs since, from real run objects", () => {
    const runs = [
      workflowRun(10, "success", "2026-11-27T06:00:00Z"),
      workflowRun(11, "failure", "2026-11-27T07:00:00Z"),
      workflowRun(12, "cancelled", "2026-11-27T08:00:00Z"),
      workflowRun(13, "failure", "2026-11-27T09:00:00Z"),
    ].map((r) => runFromWorkflowRun("batch-generate.yml", r)!);
    const history = summarizeRuns(runs);
    expect(history.runsSinceLastSuccess).toBe(3);
    expect(toRunInfo(history.lastRun!)).toEqual({
      batch_id: "batch-generate.yml#13",
      timestamp: "2026-11-27T09:00:00Z",
      conclusion: "failure",
      url: "https://github.com/o/r/actions/runs/13",
      workflow: "batch-generate.yml",
    });
    expect(toRunInfo(history.lastSuccess!).batch_id).toBe("batch-generate.yml#10");
  });

  test("runs that have not completed, or have no time, are not batch runs yet", () => {
    expect(runFromWorkflowRun("w.yml", { ...workflowRun(1, "success", "2026-11-27T06:00:00Z"), status: "in_progress" })).toBeUndefined();
    expect(runFromWorkflowRun("w.yml", { id: 2, status: "completed", conclusion: "success" })).toBeUndefined();
  });

  test("skipped and neutral are not successes", () => {
    expect(runFromWorkflowRun("w.yml", workflowRun(1, "skipped", "2026-11-27T06:00:00Z"))!.succeeded).toBe(false);
    expect(runFromWorkflowRun("w.yml", workflowRun(1, "neutral", "2026-11-27T06:00:00Z"))!.succeeded).toBe(false);
  });
});
