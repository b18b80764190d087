import { breakersDue, halfOpenDueEdit } from "./recovery-edit.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

export const SCHEDULE_AUDIT = ["requested_by: batch-ops (schedule)"];

/** Open breakers whose `opens_at` has passed move to half-open, so the next run probes them. */
export const breakerRecoveryTask: ScheduledTask = {
  name: "breaker-recovery",
  async run(tick) {
    const control = tick.control?.control;
    if (control && breakersDue(control, tick.now).length === 0) return;
    const outcome = await tick.store.submit(tick.github, tick.repo, tick.config.control_file, { edit: halfOpenDueEdit(), audit: SCHEDULE_AUDIT });
    if (outcome.kind === "committed") tick.log.info({ commit: outcome.commit.sha, note: outcome.note }, "schedule: breakers half-open");
  },
};
