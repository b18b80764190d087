import type { Context } from "probot";
import type { RunFacts } from "./jobs.js";
import type { RepoConfig } from "../config/schema.js";
import type { AppDeps } from "../core/deps.js";
import { repoFromPayload } from "../core/repo-ref.js";
import { InvalidControlFileError } from "../control/store.js";
import { processBatchRun, type BatchRunResult } from "./batch-run.js";
import { webhookRepoEnv, type RepoEnv } from "../core/repo-env.js";
import { workflowFileOf } from "../github/workflow-runs.js";

type RunContext = Context<"workflow_run.completed">;

/** What `runFactsOf` reads: a `workflow_run` payload, or a run as the runs API lists it with its repository. */
type RunSource = {
  workflow_run: {
    status: string | null;
    id: number;
    run_attempt?: number | null | undefined;
    html_url: string;
    conclusion: string | null;
    updated_at: string;
    path: string;
    head_branch?: string | null | undefined;
    head_repository?: { id?: number } | null | undefined;
  };
  repository: { id: number; full_name?: string | undefined; default_branch?: string | undefined };
};

/** The run facts the app uses, from the payload (untrusted; numbers checked). */
export function runFactsOf(payload: RunSource): RunFacts | undefined {
  const run = payload.workflow_run;
  if (run.status !== "completed" || !Number.isSafeInteger(run.id)) return undefined;
  const attempt = Number.isSafeInteger(run.run_attempt) && (run.run_attempt ?? 0) > 0 ? run.run_attempt! : 1;
  const headRepoId = run.head_repository?.id;
  const defaultBranch = payload.repository.default_branch;
  const branch = typeof run.head_branch === "string" ? run.head_branch : undefined;
  return {
    id: run.id,
    attempt,
    url: run.html_url,
    conclusion: run.conclusion ?? null,
    completedAt: run.updated_at,
    workflowFile: workflowFileOf(run.path, payload.repository.full_name),
    fromFork: headRepoId !== undefined && headRepoId !== payload.repository.id,
    ...(defaultBranch !== undefined && branch !== undefined && branch !== defaultBranch ? { otherBranch: branch } : {}),
  };
}

/** `workflow_run.completed` of a workflow listed in `batch_workflows`: breakers, budget, incidents. */
export async function handleBatchWorkflowRun(context: RunContext, deps: AppDeps, config: RepoConfig): Promise<void> {
  const run = runFactsOf(context.payload);
  if (!run) return;
  const repo = repoFromPayload(context.payload.repository);
  if (!config.batch_workflows.includes(run.workflowFile)) return;
  if (!(await deps.dedupe.claim(context.id))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  await applyCompletedBatchRun(webhookRepoEnv(context, deps, repo, config), run);
}

/**
 * A completed run of a batch workflow, applied once whoever brings it: its webhook, or the schedule
 * finding it in the runs API when the webhook never arrived. Undefined when the control file is invalid.
 */
export async function applyCompletedBatchRun(env: RepoEnv, run: RunFacts): Promise<BatchRunResult | undefined> {
  try {
    const result = await processBatchRun(env, run);
    env.log.info(
      {
        run: run.id,
        attempt: run.attempt,
        status: result.report.status,
        transitions: result.report.transitions.length,
        crossings: result.crossings.map((c) => c.level),
      },
      "batch run handled",
    );
    return result;
  } catch (error) {
    if (error instanceof InvalidControlFileError) {
      env.log.warn({ repo: `${env.repo.owner}/${env.repo.repo}`, errors: error.errors }, "control file invalid: batch run not applied");
      return undefined;
    }
    throw error;
  }
}
