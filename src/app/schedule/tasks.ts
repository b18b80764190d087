import { seedingContinuationTask } from "../../seeding/continuation-task.js";
import { breakerRecoveryTask } from "../../breakers/breaker-recovery-task.js";
import { budgetWeekTask } from "../../breakers/budget-week-task.js";
import { watchdogTask } from "../../breakers/watchdog-task.js";
import { resumeReminderTask } from "../../stop/resume-reminder-task.js";
import { reconcileRunsTask } from "../../catchup/reconcile-runs-task.js";
import { reconcileSeedingTask } from "../../catchup/reconcile-seeding-task.js";
import { followupsTask } from "../../catchup/followups-task.js";
import type { ScheduledTask } from "../../core/scheduled-task.js";

/**
 * Every task a scheduled tick runs, in order, for each installed repository with a control file. Runs
 * whose webhooks were lost are caught up first, so everything after sees them applied. Built per
 * schedule: a task may remember things between ticks.
 */
export const scheduledTasks = (): ScheduledTask[] => [
  reconcileRunsTask,
  reconcileSeedingTask(),
  seedingContinuationTask,
  breakerRecoveryTask,
  budgetWeekTask,
  followupsTask,
  watchdogTask,
  resumeReminderTask,
];
