import { repairBudgetReport } from "./followup-budget-report.js";
import { repairIncidents } from "./followup-incidents.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

/**
 * The issues commits are owed, recomputed each tick from the control file and the issues: a budget
 * crossing never reported and an incident issue never opened (or never closed) are made now, once.
 * (The staleness issue is the watchdog's, recomputed every tick too.)
 */
export const followupsTask: ScheduledTask = {
  name: "follow-ups",
  async run(tick) {
    const control = tick.control?.control;
    if (!control) return;
    const budget = await repairBudgetReport(tick, control);
    for (let i = 0; i < budget.length; i++) tick.metrics?.repairedFollowup("budget");
    const incidents = await repairIncidents(tick, control);
    for (let i = 0; i < incidents; i++) tick.metrics?.repairedFollowup("incident");
  },
};
