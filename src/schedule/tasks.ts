import { seedingContinuationTask } from "./seeding-continuation.js";
import { breakerRecoveryTask } from "./breaker-recovery-task.js";
import { budgetWeekTask } from "./budget-week-task.js";
import { watchdogTask } from "./watchdog-task.js";
import { resumeReminderTask } from "./resume-reminder-task.js";
import { reconcileRunsTask } from "./reconcile-runs-task.js";
import { reconcileSeedingTask } from "./reconcile-seeding-task.js";
import { followupsTask } from "./followups-task.js";
import type { ScheduledTask } from "./task.js";

/**
 * Every task a scheduled tick runs, in order, for each installed repository with a control file. Runs
 * whose webhooks were lost are caught up first, so everything after sees them applied.
 */
export const scheduledTasks: ScheduledTask[] = [
  reconcileRunsTask,
  reconcileSeedingTask,
  seedingContinuationTask,
  breakerRecoveryTask,
  budgetWeekTask,
  followupsTask,
  watchdogTask,
  resumeReminderTask,
];
