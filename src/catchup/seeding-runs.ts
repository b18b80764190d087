import { listCompletedRunsOnBranch } from "../github/completed-runs.js";
import { repoKey } from "../core/github.js";
import { seedingRunInfoOf } from "../seeding/run-completed-handler.js";
import type { ExclusiveRunner } from "../coordination/exclusive.js";
import type { RepoEnv } from "../core/repo-env.js";
import { readDigest } from "../seeding/digest-issue.js";
import { processSeedingRun } from "../seeding/seeding-run.js";
import { unprocessedSeedingRuns } from "./seeding-plan.js";

/** A seeding run can open many issues: a tick catches up on two at most. */
export const SEEDING_RUNS_PER_TICK = 2;

export const MISSING_WORKFLOW_RECHECK_MS = 3_600_000;

/** What a reconciling task remembers between ticks, to spend no rate limit on repositories with nothing to do. */
export class SeedingReconcileMemo {
  /** Per repository, the newest run listed the last time nothing was left to do: the digest is not read again until it changes. */
  readonly settled = new Map<string, string>();
  /** Repositories without the seeding workflow are asked again after an hour (a 404 costs rate limit; 304s do not). */
  readonly missingUntil = new Map<string, number>();
}

export interface SeedingReconcileReport {
  processed: number;
  left: number;
}

/**
 * A completed seeding run whose webhook never arrived is processed as the webhook would have (same
 * service, under the same digest lock); the digest's history says which runs were processed.
 */
export async function reconcileSeedingRuns(
  env: RepoEnv & { seedingLock: ExclusiveRunner },
  memo: SeedingReconcileMemo,
  maxRuns = SEEDING_RUNS_PER_TICK,
): Promise<SeedingReconcileReport> {
  const workflow = env.config.seeding.workflow;
  const key = repoKey(env.repo);
  const missingKey = `${key}:${workflow}`;
  if ((memo.missingUntil.get(missingKey) ?? 0) > env.now.getTime()) return { processed: 0, left: 0 };
  const listed = await listCompletedRunsOnBranch(env.github, env.repo, workflow, env.repo.defaultBranch);
  if (listed.missing) memo.missingUntil.set(missingKey, env.now.getTime() + MISSING_WORKFLOW_RECHECK_MS);
  else memo.missingUntil.delete(missingKey);
  const newest = listed.runs[0];
  if (listed.missing || !newest) return { processed: 0, left: 0 };
  const newestKey = `${workflow}:${newest.id}.${newest.run_attempt ?? 1}`;
  if (memo.settled.get(key) === newestKey) return { processed: 0, left: 0 };
  const { state } = await readDigest(env.github, env.repo);
  const missing = unprocessedSeedingRuns(listed.runs, state, env.repo, env.now);
  let processed = 0;
  for (const run of missing.slice(0, maxRuns)) {
    const result = await processSeedingRun({
      github: env.github,
      repo: env.repo,
      config: env.config,
      run: seedingRunInfoOf(run),
      log: env.log,
      lock: env.seedingLock,
    });
    if (result) {
      processed++;
      env.log.info({ run: run.id, attempt: run.run_attempt ?? 1 }, "reconcile: a seeding run whose webhook never arrived was processed");
    }
  }
  const left = Math.max(0, missing.length - maxRuns);
  if (left === 0) memo.settled.set(key, newestKey);
  return { processed, left };
}
