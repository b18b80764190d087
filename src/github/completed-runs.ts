import { statusOf, type GitHub, type RepoRef } from "../core/github.js";

/** A run as `GET /repos/{owner}/{repo}/actions/workflows/{file}/runs` lists it (the payload's `workflow_run` shape). */
export type ListedRun = Awaited<ReturnType<GitHub["rest"]["actions"]["listWorkflowRuns"]>>["data"]["workflow_runs"][number];

export interface RunsAfter {
  /** Completed runs whose completion (`updated_at`) is after the mark, newest first; empty when the workflow is missing. */
  runs: ListedRun[];
  /** The workflow file does not exist (404). */
  missing: boolean;
  /** `maxPages` ran out before the listing reached back to the mark. */
  truncated: boolean;
}

/** Runs are listed by creation; one created this long before the mark may still complete after it. */
export const LONG_RUN_MS = 6 * 3_600_000;

/**
 * Completed runs of one workflow that completed after `after`, page by page (newest created first)
 * until a page reaches runs created well before the mark. Page one's URL never changes, so with
 * conditional requests an unchanged list costs no rate limit.
 */
export async function listCompletedRunsAfter(
  github: GitHub,
  repo: RepoRef,
  workflowFile: string,
  after: Date,
  options: { perPage?: number; maxPages?: number } = {},
): Promise<RunsAfter> {
  const perPage = options.perPage ?? 30;
  const maxPages = options.maxPages ?? 10;
  const runs: ListedRun[] = [];
  const seen = new Set<number>();
  for (let page = 1; page <= maxPages; page++) {
    let data;
    try {
      ({ data } = await github.rest.actions.listWorkflowRuns({
        owner: repo.owner,
        repo: repo.repo,
        workflow_id: workflowFile,
        status: "completed",
        per_page: perPage,
        ...(page > 1 ? { page } : {}),
      }));
    } catch (error) {
      if (statusOf(error) === 404) return { runs: [], missing: true, truncated: false };
      throw error;
    }
    const batch = Array.isArray(data.workflow_runs) ? data.workflow_runs : [];
    for (const run of batch) {
      // A run completing between two pages moves the list down: it may be listed twice.
      if (seen.has(run.id)) continue;
      seen.add(run.id);
      if (Date.parse(run.updated_at) > after.getTime()) runs.push(run);
    }
    const oldest = batch.at(-1);
    const reached = !oldest || Date.parse(oldest.created_at) < after.getTime() - LONG_RUN_MS;
    if (reached || batch.length < perPage) return { runs, missing: false, truncated: false };
  }
  return { runs, missing: false, truncated: true };
}

/** The newest completed runs of a workflow on one branch (one page); empty with `missing` when the workflow does not exist. */
export async function listCompletedRunsOnBranch(
  github: GitHub,
  repo: RepoRef,
  workflowFile: string,
  branch: string,
  perPage = 20,
): Promise<{ runs: ListedRun[]; missing: boolean }> {
  try {
    const { data } = await github.rest.actions.listWorkflowRuns({
      owner: repo.owner,
      repo: repo.repo,
      workflow_id: workflowFile,
      status: "completed",
      branch,
      per_page: perPage,
    });
    return { runs: Array.isArray(data.workflow_runs) ? data.workflow_runs : [], missing: false };
  } catch (error) {
    if (statusOf(error) === 404) return { runs: [], missing: true };
    throw error;
  }
}
