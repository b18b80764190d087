import { DEFAULT_CATCHUP } from "../config/catchup-settings.js";
import { reconcileBatchRuns } from "./batch-runs.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

/**
 * Batch runs whose `workflow_run` webhook never arrived (the app was down, the delivery failed beyond
 * GitHub's 3-day list) are applied from the runs API, as the webhook would have applied them.
 */
export const reconcileRunsTask: ScheduledTask = {
  name: "reconcile-runs",
  async run(tick) {
    const maxRuns = tick.reconcileMaxRunsPerTick ?? DEFAULT_CATCHUP.reconcileMaxRunsPerTick;
    if (maxRuns <= 0 || !tick.control || tick.config.batch_workflows.length === 0) return;
    const report = await reconcileBatchRuns(tick, tick.control.control, maxRuns);
    for (let i = 0; i < report.applied; i++) tick.metrics?.reconciledRun("batch");
    if (report.applied > 0 || report.left > 0)
      tick.log.info({ applied: report.applied, alreadyApplied: report.alreadyApplied, left: report.left }, "reconcile: batch runs caught up");
    if (report.errors.length > 0) throw new Error(report.errors.join("; "));
  },
};
