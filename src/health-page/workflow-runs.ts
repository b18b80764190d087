import type { WorkflowRunFields } from "../github/workflow-runs.js";
import type { RunRecord } from "./run-history.js";
import { parseStamp } from "../util/time.js";

/**
 * A completed workflow run as a batch run. Its time is `updated_at`, which for a completed run is when
 * it finished; only `success` counts as a success (`skipped`, `cancelled`, `neutral` do not).
 * Returns undefined for a run that has not completed or carries no usable time.
 */
export function runFromWorkflowRun(workflow: string, run: WorkflowRunFields): RunRecord | undefined {
  if (run.status !== "completed") return undefined;
  const at = parseStamp(run.updated_at) ?? parseStamp(run.created_at);
  if (!at) return undefined;
  const conclusion = run.conclusion ?? "unknown";
  return {
    id: `${workflow}#${run.run_number ?? run.id}`,
    at,
    succeeded: conclusion === "success",
    conclusion,
    workflow,
    ...(run.html_url ? { url: run.html_url } : {}),
  };
}
