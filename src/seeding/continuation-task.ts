import { continueReviewIssues } from "./continuation.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

/** Opens the seeding review issues a run left over because of `seeding.max_issues_per_run`. */
export const seedingContinuationTask: ScheduledTask = {
  name: "seeding-review-continuation",
  async run(tick) {
    await continueReviewIssues({
      github: tick.github,
      repo: tick.repo,
      config: tick.config,
      log: tick.log,
      lock: tick.seedingLock,
    });
  },
};
