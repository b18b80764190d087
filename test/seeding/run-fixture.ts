import type { RunRecord } from "../../src/seeding/history.js";

/** A run record as the digest stores it, numbered by day in November 2026. */
export function run(id: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: id,
    attempt: 1,
    number: id,
    at: `2026-11-${String(id).padStart(2, "0")}T03:00:00Z`,
    url: `https://github.com/o/r/actions/runs/${id}`,
    conclusion: "success",
    outcome: "ok",
    problem: null,
    sources_processed: ["homebrew"],
    sources_failed: [],
    new_packages: 1,
    stale_refreshed: 2,
    source_changes: 3,
    auto_accepted: 1,
    to_review: 2,
    curated_skipped: 4,
    curated_invalid: 0,
    errors: 1,
    error_samples: ["boom"],
    opened: 2,
    already_open: 0,
    ...overrides,
  };
}
