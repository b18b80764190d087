import { runKey, type RunFacts } from "../breakers/jobs.js";
import { isRunApplied, newestAppliedAt } from "../breakers/run-record.js";
import type { ControlFile } from "../control/schema.js";
import type { ListedRun } from "../github/completed-runs.js";
import { runFactsOf } from "../breakers/workflow-run-batch.js";

/** A control file that has recorded no run yet (a new installation) catches up on the last day only. */
export const FIRST_LOOK_BACK_MS = 24 * 3_600_000;

/** Since when a workflow's completed runs may be missing: its newest run applied, or the last day. */
export function reconcileMark(control: ControlFile, workflowFile: string, now: Date): Date {
  return newestAppliedAt(control, workflowFile) ?? new Date(now.getTime() - FIRST_LOOK_BACK_MS);
}

/**
 * The listed runs the control file has not applied, as the webhook would have given them, oldest
 * completion first. Only runs completed after their workflow's mark: an older run that is missing was
 * overtaken by a newer one already applied, and applying it now would replay an outdated outcome.
 */
export function missingRuns(
  listed: readonly { workflowFile: string; runs: readonly ListedRun[] }[],
  control: ControlFile,
  now: Date,
  repository: { full_name?: string; default_branch?: string } = {},
): RunFacts[] {
  const missing: RunFacts[] = [];
  for (const { workflowFile, runs } of listed) {
    const mark = reconcileMark(control, workflowFile, now).getTime();
    for (const run of runs) {
      const facts = runFactsOf({ workflow_run: run, repository: { ...repository, id: run.repository?.id ?? Number.NaN } });
      if (!facts || facts.workflowFile !== workflowFile) continue;
      const completed = Date.parse(facts.completedAt);
      if (Number.isNaN(completed) || completed <= mark || isRunApplied(control, runKey(facts))) continue;
      missing.push(facts);
    }
  }
  return missing.sort((a, b) => Date.parse(a.completedAt) - Date.parse(b.completedAt) || a.id - b.id || a.attempt - b.attempt);
}
