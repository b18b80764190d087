import { pendingCrossings } from "./budget-thresholds.js";
import { isWeekDue } from "./weekly-reset.js";
import { applyBudgetCrossings } from "./budget-crossings.js";
import { startNewBudgetWeek } from "./budget-week.js";
import { SCHEDULE_AUDIT } from "./breaker-recovery-task.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

/**
 * The weekly reset when the week is over (or never started), and any threshold crossing a run could
 * not finish (its process stopped between the run's commit and the crossing's).
 */
export const budgetWeekTask: ScheduledTask = {
  name: "budget-week",
  async run(tick) {
    const control = tick.control?.control;
    if (!control || isWeekDue(control, tick.now)) {
      const { outcome } = await startNewBudgetWeek(tick, { audit: SCHEDULE_AUDIT });
      if (outcome.kind === "committed") {
        tick.log.info({ commit: outcome.commit.sha, note: outcome.note }, "schedule: budget reset for a new week");
        return;
      }
    }
    if (!control) return;
    const pending = pendingCrossings(control, tick.config.budget);
    if (pending.length > 0) await applyBudgetCrossings(tick, pending, SCHEDULE_AUDIT);
  },
};
