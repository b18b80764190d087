import type { Context } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { AppDeps } from "../core/deps.js";
import { repoFromPayload } from "../core/repo-ref.js";
import type { SeedingRunInfo } from "./run-record.js";
import { processSeedingRun } from "./seeding-run.js";
import { workflowFileOf } from "../github/workflow-runs.js";

type RunContext = Context<"workflow_run.completed">;

/** What the seeding handlers read of a run: the `workflow_run` payload, or the runs API's listing (same shape). */
export interface SeedingRunSource {
  id: number;
  run_attempt?: number | null | undefined;
  run_number?: number | null | undefined;
  run_started_at?: string | null | undefined;
  created_at: string;
  html_url: string;
  conclusion: string | null;
  head_branch: string | null;
  head_repository?: { full_name?: string } | null | undefined;
}

/** Only runs of this repository's default branch count: a fork's or a branch's artifact is not trusted to open issues. */
export function isDefaultBranchRun(run: SeedingRunSource, repository: { full_name: string; default_branch?: string }): boolean {
  return run.head_repository?.full_name === repository.full_name && run.head_branch === (repository.default_branch ?? "main");
}

export function seedingRunInfoOf(run: SeedingRunSource): SeedingRunInfo {
  return {
    id: run.id,
    attempt: run.run_attempt ?? 1,
    number: run.run_number ?? null,
    at: run.run_started_at ?? run.created_at,
    url: run.html_url,
    conclusion: run.conclusion ?? null,
  };
}

/**
 * `workflow_run.completed` of the seeding workflow, whatever its conclusion (exit 2 fails the run but
 * still leaves a summary). Only runs of this repository's default branch count.
 */
export async function handleSeedingRunCompleted(context: RunContext, deps: AppDeps, config: RepoConfig): Promise<void> {
  const { workflow_run: run, repository } = context.payload;
  const file = workflowFileOf(run.path, repository.full_name);
  if (!file || file !== config.seeding.workflow) return;
  const repo = repoFromPayload(repository);
  if (!isDefaultBranchRun(run, { full_name: repository.full_name, default_branch: repo.defaultBranch })) {
    context.log.info(
      { run: run.id, head: run.head_repository?.full_name, branch: run.head_branch },
      "seeding run not on the default branch of this repository; ignored",
    );
    return;
  }
  if (!(await deps.dedupe.claim(context.id))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  await processSeedingRun({
    github: context.octokit,
    repo,
    config,
    run: seedingRunInfoOf(run),
    log: context.log,
    lock: deps.seedingLock,
  });
}
