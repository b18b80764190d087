import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parseControlFile } from "../../src/control/codec.js";
import type { ControlFile } from "../../src/control/schema.js";
import { defaultRepoConfig, validateRepoConfig } from "../../src/config/validate.js";
import { budgetLevel, computePipelineHealth, type HealthInputs } from "../../src/health-page/pipeline-health.js";
import type { RunRecord } from "../../src/health-page/run-history.js";

const tsuku = parseControlFile(readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8"));
const tsukuControl = (tsuku.ok ? tsuku.control : undefined) as ControlFile;

function inputs(overrides: Partial<HealthInputs> = {}): HealthInputs {
  return {
    repository: { fullName: "tsukumogami/tsuku", htmlUrl: "https://github.com/tsukumogami/tsuku" },
    now: new Date("2026-06-26T21:00:00Z"),
    fetchedAt: new Date("2026-06-26T20:59:30Z"),
    config: defaultRepoConfig(),
    control: {
      path: "batch-control.json",
      url: "https://github.com/tsukumogami/tsuku/blob/main/batch-control.json",
      exists: true,
      file: tsukuControl,
    },
    runs: { records: [] },
    issues: {},
    problems: [],
    ...overrides,
  };
}

const run = (id: string, at: string, succeeded: boolean): RunRecord => ({
  id,
  at: new Date(at),
  succeeded,
  conclusion: succeeded ? "success" : "failure",
  workflow: "batch-generate.yml",
});

describe("computePipelineHealth", () => {
  test("breakers: the tsuku file's open breakers wait until opens_at, then show as due for half-open", () => {
    const waiting = computePipelineHealth(inputs());
    const npm = waiting.breakers.find((b) => b.ecosystem === "npm")!;
    expect(npm).toEqual({
      ecosystem: "npm",
      state: "open",
      recorded: true,
      failures: 696,
      last_failure: "2026-06-26T20:51:01Z",
      opens_at: "2026-06-26T21:51:01Z",
      due_for_half_open: false,
      ms_to_recovery: 51 * 60_000 + 1000,
      disabled: false,
    });
    const due = computePipelineHealth(inputs({ now: new Date("2026-06-26T21:51:02Z") })).breakers.find((b) => b.ecosystem === "npm")!;
    expect(due).toMatchObject({ state: "open", due_for_half_open: true });
    expect(due.ms_to_recovery).toBeUndefined();
  });

  test("a row per known ecosystem: configured ones without a record show closed, extra keys (default) are kept", () => {
    const health = computePipelineHealth(inputs());
    expect(health.breakers.map((b) => b.ecosystem)).toEqual([
      "homebrew",
      "crates.io",
      "npm",
      "pypi",
      "rubygems",
      "github",
      "go",
      "cpan",
      "cask",
      "nix",
      "default",
    ]);
    expect(health.breakers.find((b) => b.ecosystem === "go")).toMatchObject({ state: "closed", recorded: false, failures: 0 });
    expect(health.breakers.find((b) => b.ecosystem === "default")).toMatchObject({ state: "closed", recorded: true });
  });

  test("stop state and disabled ecosystems", () => {
    const stopped = {
      ...tsukuControl,
      enabled: false,
      reason: "Emergency stop: bad batch",
      disabled_by: "alice",
      disabled_at: "2026-06-26T20:00:00Z",
      expected_resume: "2026-06-27T00:00:00Z",
      incident_url: "https://github.com/o/r/issues/1",
      disabled_ecosystems: ["npm"],
    };
    const health = computePipelineHealth(inputs({ control: { ...inputs().control, file: stopped } }));
    expect(health.stop).toEqual({
      enabled: false,
      reason: "Emergency stop: bad batch",
      disabled_by: "alice",
      disabled_at: "2026-06-26T20:00:00Z",
      expected_resume: "2026-06-27T00:00:00Z",
      incident_url: "https://github.com/o/r/issues/1",
      disabled_ecosystems: ["npm"],
    });
    expect(health.breakers.find((b) => b.ecosystem === "npm")!.disabled).toBe(true);
    expect(health.staleness.stopped).toBe(true);
  });

  test("budget: fractions of the configured weekly limits, the threshold reached, the reset date", () => {
    const config = validateRepoConfig({ budget: { macos_minutes_per_week: 1000, linux_minutes_per_week: 5000 } });
    expect(config.ok).toBe(true);
    const control = {
      ...tsukuControl,
      budget: { macos_minutes_used: 850, linux_minutes_used: 1000, week_start: "2026-06-22", sampling_active: true },
    };
    const health = computePipelineHealth(
      inputs({ config: config.ok ? config.config : defaultRepoConfig(), control: { ...inputs().control, file: control } }),
    );
    expect(health.budget).toEqual({
      macos: { used_minutes: 850, limit_minutes: 1000, fraction: 0.85 },
      linux: { used_minutes: 1000, limit_minutes: 5000, fraction: 0.2 },
      use: 0.85,
      level: "sampling",
      thresholds: { sampling_at: 0.8, disable_noncritical_at: 0.9, pause_at: 1 },
      sampling_active: true,
      week_start: "2026-06-22",
      resets_at: "2026-06-29T00:00:00Z",
    });
  });

  test("budget levels at each threshold (inclusive)", () => {
    const t = { sampling_at: 0.8, disable_noncritical_at: 0.9, pause_at: 1 };
    expect([0, 0.79, 0.8, 0.89, 0.9, 0.99, 1, 1.5].map((u) => budgetLevel(u, t))).toEqual([
      "ok",
      "ok",
      "sampling",
      "sampling",
      "noncritical_disabled",
      "noncritical_disabled",
      "paused",
      "paused",
    ]);
  });

  test("runs and staleness, strictly more than staleness_hours", () => {
    const records = [run("w#1", "2026-06-26T17:00:00Z", true), run("w#2", "2026-06-26T18:00:00Z", false), run("w#3", "2026-06-26T19:00:00Z", false)];
    const atTwoHours = computePipelineHealth(inputs({ runs: { records } }));
    expect(atTwoHours.runs).toMatchObject({
      last_run: { batch_id: "w#3", conclusion: "failure" },
      last_successful_run: { batch_id: "w#1" },
      runs_since_last_success: 2,
      runs_since_last_success_is_lower_bound: false,
    });
    expect(atTwoHours.staleness).toEqual({ stale: false, threshold_hours: 2, seconds_since_last_run: 7200, stopped: false });
    const oneSecondMore = computePipelineHealth(inputs({ runs: { records }, now: new Date("2026-06-26T21:00:01Z") }));
    expect(oneSecondMore.staleness.stale).toBe(true);
  });

  test("no run found is stale; a cut-off history makes the count a lower bound", () => {
    expect(computePipelineHealth(inputs()).staleness).toEqual({ stale: true, threshold_hours: 2, stopped: false });
    const cut = computePipelineHealth(
      inputs({ runs: { records: [run("w#9", "2026-06-26T20:00:00Z", false)], missingBefore: new Date("2026-06-26T20:00:00Z") } }),
    );
    expect(cut.runs.runs_since_last_success_is_lower_bound).toBe(true);
  });

  test("issue counts with links; a count that could not be read is absent, not zero", () => {
    const health = computePipelineHealth(
      inputs({ issues: { incident: { open: 2, capped: false }, seeding_review: { open: 100, capped: true }, budget: { open: 0, capped: false } } }),
    );
    expect(health.issues).toEqual([
      {
        kind: "incident",
        label: "batch-ops:incident",
        title: "Incidents",
        open: 2,
        capped: false,
        url: "https://github.com/tsukumogami/tsuku/issues?q=is%3Aissue%20is%3Aopen%20label%3A%22batch-ops%3Aincident%22",
      },
      { kind: "budget", label: "batch-ops:budget", title: "Budget", open: 0, capped: false, url: expect.stringContaining("batch-ops%3Abudget") },
      { kind: "stale", label: "batch-ops:stale", title: "Stale pipeline", capped: false, url: expect.stringContaining("batch-ops%3Astale") },
      {
        kind: "seeding_review",
        label: "seeding:review",
        title: "Seeding review",
        open: 100,
        capped: true,
        url: expect.stringContaining("seeding%3Areview"),
      },
    ]);
  });

  test("a missing control file shows the runbook's defaults; an invalid one is flagged, not guessed", () => {
    const missing = computePipelineHealth(inputs({ control: { path: "batch-control.json", url: "u", exists: false } }));
    expect(missing.control_file).toEqual({ path: "batch-control.json", exists: false, valid: true, url: "u" });
    expect(missing.stop.enabled).toBe(true);
    const invalid = computePipelineHealth(
      inputs({ control: { path: "batch-control.json", url: "u", exists: true }, problems: ["batch-control.json is invalid"] }),
    );
    expect(invalid.control_file.valid).toBe(false);
    expect(invalid.problems).toEqual(["batch-control.json is invalid"]);
  });

  test("the dashboard-compatible block is included", () => {
    const health = computePipelineHealth(inputs({ runs: { records: [run("w#1", "2026-06-26T20:00:00Z", true)] } }));
    expect(health.health.last_run).toEqual(health.runs.last_run);
    expect(Object.keys(health.health.ecosystems)).toEqual(["github", "homebrew", "rubygems", "crates.io", "npm", "pypi", "default"]);
  });
});
