import { viewControl } from "../control/view.js";
import { commentOnIssue } from "../github/issues.js";
import { issueHasCommentWith } from "../incidents/incident-issues.js";
import { issueNumberFromUrl, reminderBody, reminderDue, reminderMarker } from "./resume-reminder.js";
import type { ScheduledTask } from "../core/scheduled-task.js";

/**
 * When `expected_resume` has passed and batch processing is still stopped, one reminder on the incident
 * issue (`incident_url`). Nothing is resumed automatically.
 */
export const resumeReminderTask: ScheduledTask = {
  name: "resume-reminder",
  async run(tick) {
    if (tick.control && !reminderDue(viewControl(tick.control.control), tick.now)) return;
    // Read again: an earlier task of this tick (the weekly reset) may have resumed batch processing.
    const view = viewControl((await tick.store.read(tick.github, tick.repo, tick.config.control_file)).control);
    if (!reminderDue(view, tick.now)) return;
    const issueNumber = issueNumberFromUrl(view.incidentUrl, tick.repo);
    if (issueNumber === undefined) {
      tick.log.info({ incidentUrl: view.incidentUrl }, "schedule: expected resume passed, but incident_url is not an issue of this repository");
      return;
    }
    if (await issueHasCommentWith(tick.github, tick.repo, issueNumber, reminderMarker(view.expectedResume))) return;
    await commentOnIssue(tick.github, tick.repo, issueNumber, reminderBody(view));
    tick.log.info({ issue: issueNumber }, "schedule: resume reminder posted");
  },
};
