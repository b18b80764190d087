import type { JobFacts, RunFacts } from "./jobs.js";
import { batchRunEdit, ranJobs, type ArtifactText, type RunReport } from "./run-edit.js";
import { RESULTS_ARTIFACT, RESULTS_FILE } from "./results-artifact.js";
import { listRunAttemptJobs } from "./batch-workflows.js";
import { closeIncidentIssue } from "../incidents/incident-issues.js";
import { readRunArtifactFile } from "../github/run-artifact-file.js";
import { STALE_LABEL } from "../incidents/issue-spec.js";
import type { RunSeverity } from "./severity.js";
import { gapEndsStaleness } from "./staleness.js";
import { STALE_KEY } from "./stale-issue.js";
import { applyBudgetCrossings, type AppliedCrossing } from "./budget-crossings.js";
import { startNewBudgetWeek } from "./budget-week.js";
import type { ControlWriteOutcome } from "../control/store.js";
import type { RepoEnv } from "../core/repo-env.js";
import { reportRunIncidents } from "./run-incidents.js";

export interface BatchRunResult {
  outcome: ControlWriteOutcome;
  report: RunReport;
  crossings: AppliedCrossing[];
  severity?: RunSeverity;
}

function runAudit(run: RunFacts): string[] {
  return [`requested_by: batch-ops (workflow_run ${run.id} attempt ${run.attempt})`];
}

async function readArtifact(env: RepoEnv, run: RunFacts): Promise<ArtifactText | undefined> {
  if (env.config.circuit_breaker.outcomes_from !== "artifact" || run.conclusion === "cancelled" || !ranJobs(run.conclusion)) return undefined;
  if (run.fromFork || run.otherBranch !== undefined) return undefined;
  return readRunArtifactFile(env.github, env.repo, run.id, RESULTS_ARTIFACT, RESULTS_FILE);
}

/** Applies the run (one commit), starting a new budget week first when the old one is over. */
async function applyRun(env: RepoEnv, run: RunFacts, jobs: JobFacts[], artifact: ArtifactText | undefined) {
  const path = env.config.control_file;
  let plan = batchRunEdit({ run, jobs, ...(artifact ? { artifact } : {}) }, env.config);
  let outcome = await env.store.submit(env.github, env.repo, path, { edit: plan.edit, audit: runAudit(run) });
  if (plan.report().status === "week-reset-needed") {
    await startNewBudgetWeek(env, { audit: runAudit(run) });
    // Whatever the reset did (another replica may have made it), the run is applied now, once.
    plan = batchRunEdit({ run, jobs, ...(artifact ? { artifact } : {}), allowOverdueWeek: true }, env.config);
    outcome = await env.store.submit(env.github, env.repo, path, { edit: plan.edit, audit: runAudit(run) });
  }
  return { outcome, report: plan.report() };
}

/**
 * A completed batch run: its jobs (one request), the artifact when configured, one compare-and-swap
 * commit for breakers, minutes and the run record; then, only when something happened, the budget
 * crossings, incident issues and the staleness issue. Steps after the commit never undo it: their
 * failures are logged.
 */
export async function processBatchRun(env: RepoEnv, run: RunFacts): Promise<BatchRunResult> {
  const jobs = await listRunAttemptJobs(env.github, env.repo, run.id, run.attempt);
  const artifact = await readArtifact(env, run);
  const { outcome, report } = await applyRun(env, run, jobs, artifact);
  const result: BatchRunResult = { outcome, report, crossings: [] };
  if (report.status !== "applied") return result;

  const repoName = `${env.repo.owner}/${env.repo.repo}`;
  if (report.pendingCrossings.length > 0) {
    try {
      result.crossings = await applyBudgetCrossings(env, report.pendingCrossings, runAudit(run));
    } catch (error) {
      env.log.error({ err: error, repo: repoName }, "budget threshold crossing failed; the schedule retries it");
    }
  }
  try {
    result.severity = await reportRunIncidents(env, run, report);
  } catch (error) {
    env.log.error({ err: error, repo: repoName }, "incident reporting failed");
  }
  if (gapEndsStaleness(report.previousCompletedAt, new Date(run.completedAt), env.config.staleness_hours)) {
    try {
      await closeIncidentIssue(
        env.github,
        env.repo,
        { label: STALE_LABEL, key: STALE_KEY },
        `A batch run completed: ${run.url} (${run.completedAt}). Closing.`,
      );
    } catch (error) {
      env.log.error({ err: error, repo: repoName }, "could not close the staleness issue");
    }
  }
  return result;
}
