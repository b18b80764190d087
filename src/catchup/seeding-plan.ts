import type { ListedRun } from "../github/completed-runs.js";
import type { RepoRef } from "../core/github.js";
import { isDefaultBranchRun } from "../seeding/run-completed-handler.js";
import type { SeedingState } from "../seeding/history.js";
import { FIRST_LOOK_BACK_MS } from "./batch-plan.js";

/**
 * Completed seeding runs of the default branch whose summary the digest never recorded, oldest first:
 * runs newer than the newest one recorded, and new attempts of recorded runs. A digest with no history
 * looks back one day only (a new installation does not replay old runs).
 */
export function unprocessedSeedingRuns(runs: readonly ListedRun[], state: SeedingState, repo: RepoRef, now: Date): ListedRun[] {
  const fullName = `${repo.owner}/${repo.repo}`;
  const newestId = state.runs.reduce((max, r) => Math.max(max, r.run_id), 0);
  return runs
    .filter((run) => Number.isSafeInteger(run.id) && isDefaultBranchRun(run, { full_name: fullName, default_branch: repo.defaultBranch }))
    .filter((run) => {
      const attempt = run.run_attempt ?? 1;
      const recorded = state.runs.find((r) => r.run_id === run.id);
      if (recorded) return recorded.attempt < attempt;
      if (state.runs.length === 0) return now.getTime() - Date.parse(run.updated_at) <= FIRST_LOOK_BACK_MS;
      return run.id > newestId;
    })
    .sort((a, b) => a.id - b.id || (a.run_attempt ?? 1) - (b.run_attempt ?? 1));
}
