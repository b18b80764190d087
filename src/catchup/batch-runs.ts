import type { ControlFile } from "../control/schema.js";
import { listCompletedRunsAfter, type ListedRun } from "../github/completed-runs.js";
import { messageOf } from "../core/github.js";
import { applyCompletedBatchRun } from "../breakers/workflow-run-batch.js";
import type { RepoEnv } from "../core/repo-env.js";
import { missingRuns, reconcileMark } from "./batch-plan.js";

export interface BatchReconcileReport {
  /** Runs this tick applied (their webhook never came). */
  applied: number;
  /** Runs found applied meanwhile (a webhook got there first). */
  alreadyApplied: number;
  /** Missing runs over the per-tick cap, left for the next tick. */
  left: number;
  missingWorkflows: string[];
  errors: string[];
}

/**
 * Level-triggered catch-up: per batch workflow, the completed runs after its mark (the newest run the
 * control file applied), and each one missing applied oldest first through the webhook's own code
 * path, at most `maxRuns` per tick. A run that fails stops its workflow for this tick, so no later run
 * moves the mark past it.
 */
export async function reconcileBatchRuns(
  env: RepoEnv,
  control: ControlFile,
  maxRuns: number,
  clock: () => Date = () => env.now,
): Promise<BatchReconcileReport> {
  const report: BatchReconcileReport = { applied: 0, alreadyApplied: 0, left: 0, missingWorkflows: [], errors: [] };
  const listed: { workflowFile: string; runs: ListedRun[] }[] = [];
  for (const workflowFile of env.config.batch_workflows) {
    try {
      const found = await listCompletedRunsAfter(env.github, env.repo, workflowFile, reconcileMark(control, workflowFile, env.now));
      if (found.missing) report.missingWorkflows.push(workflowFile);
      if (found.truncated)
        env.log.warn({ workflow: workflowFile }, "reconcile: more completed runs than one tick lists; the oldest are not caught up");
      listed.push({ workflowFile, runs: found.runs });
    } catch (error) {
      report.errors.push(`${workflowFile}: runs cannot be listed: ${messageOf(error)}`);
    }
  }
  const missing = missingRuns(listed, control, env.now, {
    full_name: `${env.repo.owner}/${env.repo.repo}`,
    default_branch: env.repo.defaultBranch,
  });
  report.left = Math.max(0, missing.length - maxRuns);
  const stopped = new Set<string>();
  for (const run of missing.slice(0, maxRuns)) {
    if (stopped.has(run.workflowFile)) continue;
    try {
      const result = await applyCompletedBatchRun({ ...env, now: clock() }, run);
      if (!result) break; // the control file is invalid: nothing can be applied
      if (result.report.status === "applied") {
        report.applied++;
        env.log.info(
          { run: run.id, attempt: run.attempt, workflow: run.workflowFile, completedAt: run.completedAt },
          "reconcile: a completed run whose webhook never arrived was applied",
        );
      } else {
        report.alreadyApplied++;
      }
    } catch (error) {
      stopped.add(run.workflowFile);
      report.errors.push(`run ${run.id} attempt ${run.attempt}: ${messageOf(error)}`);
      env.log.error({ err: error, run: run.id }, "reconcile: run could not be applied; the next tick tries again");
    }
  }
  return report;
}
