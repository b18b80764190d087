import type { GitHub, RepoRef } from "../core/github.js";

export interface CompletedRuns {
  /** Newest first, as the API returns them. */
  runs: WorkflowRunFields[];
  /** Every completed run was read (the history ended before `maxPages`). */
  reachedEnd: boolean;
  foundSuccess: boolean;
}

/**
 * Completed runs of one workflow, newest first, page by page until a run that concluded `success`
 * (everything after it is what "runs since the last success" counts) or `maxPages` pages.
 */
export async function listCompletedRunsUntilSuccess(
  github: GitHub,
  repo: RepoRef,
  workflow: string,
  options: { perPage?: number; maxPages?: number } = {},
): Promise<CompletedRuns> {
  const perPage = options.perPage ?? 100;
  const maxPages = options.maxPages ?? 10;
  const runs: WorkflowRunFields[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const { data } = await github.rest.actions.listWorkflowRuns({
      owner: repo.owner,
      repo: repo.repo,
      workflow_id: workflow,
      status: "completed",
      exclude_pull_requests: true,
      per_page: perPage,
      page,
    });
    const batch = data.workflow_runs as WorkflowRunFields[];
    runs.push(...batch);
    if (batch.some((r) => r.conclusion === "success")) return { runs, reachedEnd: false, foundSuccess: true };
    if (batch.length < perPage || runs.length >= data.total_count) return { runs, reachedEnd: true, foundSuccess: false };
  }
  return { runs, reachedEnd: false, foundSuccess: false };
}

/** The fields of an Actions workflow run the health panel uses (the API returns many more). */
export interface WorkflowRunFields {
  id: number;
  run_number?: number;
  status?: string | null;
  conclusion?: string | null;
  html_url?: string;
  created_at?: string;
  updated_at?: string;
}

/**
 * A run's workflow file name from its `path`: `.github/workflows/batch-generate.yml` (possibly
 * `@ref`-suffixed) → `batch-generate.yml`; "" when the payload has no path. A path may name the
 * repository the file lives in (`octo/central/.github/workflows/ci.yml@refs/heads/main`, a workflow a
 * ruleset requires): given `repoFullName`, a file of another repository is "" (not one of this
 * repository's workflows, whatever its name).
 */
export function workflowFileOf(path: string | null | undefined, repoFullName?: string): string {
  const file = (path ?? "").split("@")[0]!;
  const at = file.indexOf("/.github/workflows/");
  if (repoFullName !== undefined && at > 0 && file.slice(0, at).toLowerCase() !== repoFullName.toLowerCase()) return "";
  return file.split("/").pop()!;
}
