import { reconcileSeedingRuns, SeedingReconcileMemo } from "./seeding-runs.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

/**
 * A completed seeding run whose summary was never processed (its webhook was lost) is processed. Each
 * task keeps its own memo of repositories with nothing to do (one task per schedule).
 */
export function reconcileSeedingTask(): ScheduledTask {
  const memo = new SeedingReconcileMemo();
  return {
    name: "reconcile-seeding",
    async run(tick) {
      if ((tick.reconcileMaxRunsPerTick ?? 1) <= 0) return;
      const report = await reconcileSeedingRuns(tick, memo);
      for (let i = 0; i < report.processed; i++) tick.metrics?.reconciledRun("seeding");
    },
  };
}
