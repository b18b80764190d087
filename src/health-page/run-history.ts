import type { WorkflowRunFields } from "../github/workflow-runs.js";
import { parseStamp, utcStamp } from "../util/time.js";

/**
 * One batch run, from whichever source the app could read: a workflow run from the Actions API, or a
 * record from the pipeline's own `data/metrics/batch-runs*.jsonl` files. Success means what that source
 * means by it: conclusion `success` for a workflow run, `merged > 0` for a metrics record (the
 * pipeline's dashboard rule).
 */
export interface RunRecord {
  /** The batch id: the metrics file's time stamp, or `<workflow>#<run number>` for a workflow run. */
  id: string;
  /** When the run finished (metrics: its `timestamp`; workflow run: `updated_at` of the completed run). */
  at: Date;
  succeeded: boolean;
  /** Workflow runs only. */
  conclusion?: string;
  url?: string;
  workflow?: string;
  /** Metrics records only: recipes attempted and merged, and the per-ecosystem batch sizes. */
  counts?: { total: number; merged: number; ecosystems?: Record<string, number> };
}

export interface RunHistory {
  lastRun?: RunRecord;
  lastSuccess?: RunRecord;
  /** Runs after the last success (all runs when there was none). */
  runsSinceLastSuccess: number;
  /**
   * True when the runs given may not reach back to the last success (the source was cut off), so
   * `runsSinceLastSuccess` is a lower bound.
   */
  atLeast: boolean;
}

/**
 * Last run, last success and the runs since it. Runs are ordered by time (ties keep their given order),
 * so the input may come in any order and from several workflows. `missingBefore`: the source was cut
 * off, and runs older than this may be missing; a count that reaches back past it is a lower bound.
 */
export function summarizeRuns(runs: readonly RunRecord[], options: { missingBefore?: Date } = {}): RunHistory {
  const ordered = runs
    .map((run, index) => ({ run, index }))
    .filter(({ run }) => !Number.isNaN(run.at.getTime()))
    .sort((a, b) => a.run.at.getTime() - b.run.at.getTime() || a.index - b.index)
    .map(({ run }) => run);
  const lastRun = ordered.at(-1);
  const cutoff = options.missingBefore?.getTime();
  let since = 0;
  for (let i = ordered.length - 1; i >= 0; i--) {
    const run = ordered[i]!;
    if (run.succeeded) {
      const atLeast = cutoff !== undefined && run.at.getTime() < cutoff;
      return { ...(lastRun ? { lastRun } : {}), lastSuccess: run, runsSinceLastSuccess: since, atLeast };
    }
    since++;
  }
  return { ...(lastRun ? { lastRun } : {}), runsSinceLastSuccess: since, atLeast: cutoff !== undefined };
}

/** The dashboard's `RunInfo` shape (`website/pipeline/dashboard.json` → `.health.last_run`), plus the link. */
export interface RunInfo {
  batch_id: string;
  timestamp: string;
  ecosystems?: Record<string, number>;
  succeeded?: number;
  failed?: number;
  total?: number;
  recipes_merged?: number;
  conclusion?: string;
  url?: string;
  workflow?: string;
}

export function toRunInfo(run: RunRecord): RunInfo {
  const counts = run.counts;
  return {
    batch_id: run.id,
    timestamp: utcStamp(run.at),
    ...(counts?.ecosystems ? { ecosystems: counts.ecosystems } : {}),
    ...(counts
      ? {
          succeeded: counts.merged,
          failed: Math.max(0, counts.total - counts.merged),
          total: counts.total,
          // The dashboard omits a zero count (Go `omitempty`).
          ...(counts.merged > 0 ? { recipes_merged: counts.merged } : {}),
        }
      : {}),
    ...(run.conclusion !== undefined ? { conclusion: run.conclusion } : {}),
    ...(run.url !== undefined ? { url: run.url } : {}),
    ...(run.workflow !== undefined ? { workflow: run.workflow } : {}),
  };
}

/**
 * A completed workflow run as a batch run. Its time is `updated_at`, which for a completed run is when
 * it finished; only `success` counts as a success (`skipped`, `cancelled`, `neutral` do not).
 * Returns undefined for a run that has not completed or carries no usable time.
 */
export function runFromWorkflowRun(workflow: string, run: WorkflowRunFields): RunRecord | undefined {
  if (run.status !== "completed") return undefined;
  const at = parseStamp(run.updated_at) ?? parseStamp(run.created_at);
  if (!at) return undefined;
  const conclusion = run.conclusion ?? "unknown";
  return {
    id: `${workflow}#${run.run_number ?? run.id}`,
    at,
    succeeded: conclusion === "success",
    conclusion,
    workflow,
    ...(run.html_url ? { url: run.html_url } : {}),
  };
}
