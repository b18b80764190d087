import type { Context } from "probot";
import { handleBatchWorkflowRun } from "../breakers/workflow-run-batch.js";
import { loadRepoConfig } from "../config/load.js";
import type { AppDeps } from "../core/deps.js";
import type { RepoConfig } from "../config/schema.js";
import { workflowFileOf } from "../github/workflow-runs.js";
import { handleDriftWorkflowRun } from "../security/workflow-run-handler.js";
import { handleSeedingRunCompleted } from "../seeding/run-completed-handler.js";

type RunContext = Context<"workflow_run.completed">;
type RunHandler = (context: RunContext, deps: AppDeps, config: RepoConfig) => Promise<void>;

/**
 * The one `workflow_run.completed` route. The repository's config is read once for the delivery and
 * handed to the handlers, and the run goes only to the capabilities its workflow belongs
 * to: a `batch_workflows` file to the breakers, the seeding workflow to seeding, and a failed run to the
 * drift check, whose configured patterns decide.
 */
export async function routeWorkflowRun(context: RunContext, deps: AppDeps): Promise<void> {
  const run = context.payload.workflow_run;
  const file = workflowFileOf(run.path, context.payload.repository.full_name);
  const config = await loadRepoConfig(context, deps.repeatReads);
  if (!config.ok) {
    context.log.warn({ errors: config.errors, workflow: file }, "invalid repository config: workflow run ignored");
    return;
  }
  const handlers: RunHandler[] = [];
  if (file && config.config.batch_workflows.includes(file)) handlers.push(handleBatchWorkflowRun);
  if (file && file === config.config.seeding.workflow) handlers.push(handleSeedingRunCompleted);
  if (run.conclusion === "failure") handlers.push(handleDriftWorkflowRun);
  // Each capability runs even when another fails; the delivery still fails (and can be redelivered) if one did.
  const outcomes = await Promise.allSettled(handlers.map((handle) => handle(context, deps, config.config)));
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failure) throw failure.reason;
}
