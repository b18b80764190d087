import { sanitizeReason } from "../util/sanitize.js";
import { ERROR_SAMPLES, SOURCES_KEPT, type RunRecord } from "./history.js";
import { changesToReview, type SeedingSummary } from "./summary.js";

/** A completed seeding workflow run, from the `workflow_run` payload. */
export interface SeedingRunInfo {
  id: number;
  attempt: number;
  number: number | null;
  /** When the run started (ISO time). */
  at: string;
  url: string;
  conclusion: string | null;
}

/** What reading the run's summary gave: the summary, or why there is none. */
export type SummaryRead =
  { outcome: "ok"; summary: SeedingSummary } | { outcome: "missing"; problem: string } | { outcome: "malformed"; problem: string };

/** Ecosystem keys as the queue writes them: aliases resolved (`cargo` → `crates.io`), otherwise as given. */
export type EcosystemKey = (name: string) => string;

/** Distinct names, at most SOURCES_KEPT of them, and how many there were when more were listed. */
function keptSources(names: readonly string[]): { list: string[]; total?: number } {
  const distinct = [...new Set(names)];
  return distinct.length > SOURCES_KEPT ? { list: distinct.slice(0, SOURCES_KEPT), total: distinct.length } : { list: distinct };
}

export function runRecord(run: SeedingRunInfo, read: SummaryRead, key: EcosystemKey, opened = 0, alreadyOpen = 0): RunRecord {
  const base = {
    run_id: run.id,
    attempt: run.attempt,
    number: run.number,
    at: run.at,
    url: run.url,
    conclusion: run.conclusion,
    opened,
    already_open: alreadyOpen,
  };
  if (read.outcome !== "ok") {
    return {
      ...base,
      outcome: read.outcome,
      problem: sanitizeReason(read.problem, 1000),
      sources_processed: [],
      sources_failed: [],
      new_packages: null,
      stale_refreshed: null,
      source_changes: 0,
      auto_accepted: 0,
      to_review: 0,
      curated_skipped: null,
      curated_invalid: 0,
      errors: 0,
      error_samples: [],
    };
  }
  const s = read.summary;
  const processed = keptSources(s.sourcesProcessed.map(key));
  const failed = keptSources(s.sourcesFailed.map(key));
  return {
    ...base,
    outcome: "ok",
    problem: null,
    sources_processed: processed.list,
    sources_failed: failed.list,
    ...(processed.total !== undefined ? { sources_processed_total: processed.total } : {}),
    ...(failed.total !== undefined ? { sources_failed_total: failed.total } : {}),
    new_packages: s.newPackages,
    stale_refreshed: s.staleRefreshed,
    source_changes: s.sourceChanges.length,
    auto_accepted: s.sourceChanges.filter((c) => c.autoAccepted).length,
    to_review: changesToReview(s).length,
    curated_skipped: s.curatedSkipped,
    curated_invalid: s.curatedInvalid.length,
    errors: s.errors.length,
    error_samples: s.errors.slice(0, ERROR_SAMPLES).map((e) => sanitizeReason(e, 500)),
  };
}
