import type { Context } from "probot";
import type { RunFacts } from "../batch-run/jobs.js";
import { loadRepoConfig } from "../config/load.js";
import type { AppDeps } from "../deps.js";
import { repoFromPayload } from "../github/repo-ref.js";
import { InvalidControlFileError } from "../services/control-store.js";
import { processBatchRun } from "../services/batch-run.js";
import { workflowFileOf } from "../github/workflow-file.js";

type RunContext = Context<"workflow_run.completed">;

/** The run facts the app uses, from the payload (untrusted; numbers checked). */
export function runFactsOf(payload: RunContext["payload"]): RunFacts | undefined {
  const run = payload.workflow_run;
  if (run.status !== "completed" || !Number.isSafeInteger(run.id)) return undefined;
  const attempt = Number.isSafeInteger(run.run_attempt) && (run.run_attempt ?? 0) > 0 ? run.run_attempt! : 1;
  const headRepoId = run.head_repository?.id;
  return {
    id: run.id,
    attempt,
    url: run.html_url,
    conclusion: run.conclusion ?? null,
    completedAt: run.updated_at,
    workflowFile: workflowFileOf(run.path),
    fromFork: headRepoId !== undefined && headRepoId !== payload.repository.id,
  };
}

/** `workflow_run.completed` of a workflow listed in `batch_workflows`: breakers, budget, incidents. */
export async function handleBatchWorkflowRun(context: RunContext, deps: AppDeps): Promise<void> {
  const run = runFactsOf(context.payload);
  if (!run) return;
  const repo = repoFromPayload(context.payload.repository);
  const config = await loadRepoConfig(context);
  if (!config.ok) {
    context.log.warn({ repo: `${repo.owner}/${repo.repo}`, errors: config.errors }, "invalid repository config: batch run ignored");
    return;
  }
  if (!config.config.batch_workflows.includes(run.workflowFile)) return;
  if (!(await deps.dedupe.claim(context.id))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  const env = { github: context.octokit, repo, config: config.config, store: deps.store, now: deps.clock(), log: context.log };
  try {
    const result = await processBatchRun(env, run);
    context.log.info(
      { run: run.id, attempt: run.attempt, status: result.report.status, transitions: result.report.transitions.length, crossings: result.crossings.map((c) => c.level) },
      "batch run handled",
    );
  } catch (error) {
    if (error instanceof InvalidControlFileError) {
      context.log.warn({ repo: `${repo.owner}/${repo.repo}`, errors: error.errors }, "control file invalid: batch run not applied");
      return;
    }
    throw error;
  }
}
