import type { JobFacts } from "./jobs.js";
import { statusOf, type GitHub, type RepoRef } from "../core/github.js";

/**
 * The jobs of one run attempt (the run-usage "timing" endpoints are closed, so minutes come from these
 * jobs' start and end times). One request for up to 100 jobs.
 */
export async function listRunAttemptJobs(github: GitHub, repo: RepoRef, runId: number, attempt: number): Promise<JobFacts[]> {
  const jobs = await github.paginate(github.rest.actions.listJobsForWorkflowRunAttempt, {
    owner: repo.owner,
    repo: repo.repo,
    run_id: runId,
    attempt_number: attempt,
    per_page: 100,
  });
  return jobs.map((job) => ({
    id: job.id,
    name: typeof job.name === "string" ? job.name : "",
    conclusion: job.conclusion ?? null,
    startedAt: job.started_at ?? null,
    completedAt: job.completed_at ?? null,
    labels: Array.isArray(job.labels) ? job.labels.filter((l): l is string => typeof l === "string") : [],
    ...(typeof job.run_attempt === "number" ? { runAttempt: job.run_attempt } : {}),
    url: job.html_url ?? `${repo.htmlUrl}/actions/runs/${runId}/job/${job.id}`,
  }));
}

export interface CompletedRun {
  id: number;
  url: string;
  conclusion: string | null;
  completedAt: string;
}

/** The newest completed run of a workflow file; null when it has none, "missing" when the workflow does not exist. */
export async function newestCompletedRun(github: GitHub, repo: RepoRef, workflowFile: string): Promise<CompletedRun | null | "missing"> {
  try {
    const { data } = await github.rest.actions.listWorkflowRuns({
      owner: repo.owner,
      repo: repo.repo,
      workflow_id: workflowFile,
      status: "completed",
      per_page: 1,
    });
    const run = data.workflow_runs[0];
    if (!run) return null;
    return { id: run.id, url: run.html_url, conclusion: run.conclusion ?? null, completedAt: run.updated_at };
  } catch (error) {
    if (statusOf(error) === 404) return "missing";
    throw error;
  }
}

/** A workflow's state (`active`, `disabled_manually`, `disabled_inactivity`…), or "missing". */
export async function workflowState(github: GitHub, repo: RepoRef, workflowFile: string): Promise<string> {
  try {
    const { data } = await github.rest.actions.getWorkflow({ owner: repo.owner, repo: repo.repo, workflow_id: workflowFile });
    return data.state;
  } catch (error) {
    if (statusOf(error) === 404) return "missing";
    throw error;
  }
}
