import { seedingContinuationTask } from "./seeding-continuation.js";
import type { ScheduledTask } from "./task.js";

/** Every task a scheduled tick runs, in order, for each installed repository with a control file. */
export const scheduledTasks: ScheduledTask[] = [seedingContinuationTask];
