import { reconcileSeedingRuns } from "./seeding-runs.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

/** A completed seeding run whose summary was never processed (its webhook was lost) is processed. */
export const reconcileSeedingTask: ScheduledTask = {
  name: "reconcile-seeding",
  async run(tick) {
    if ((tick.reconcileMaxRunsPerTick ?? 1) <= 0) return;
    const report = await reconcileSeedingRuns(tick);
    for (let i = 0; i < report.processed; i++) tick.metrics?.reconciledRun("seeding");
  },
};
