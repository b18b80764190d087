import { viewControl } from "../control/view.js";
import { openPullsFromBranches } from "../github/batch-branch-pulls.js";
import { newestCompletedRun, workflowState } from "./batch-workflows.js";
import { closeIncidentIssue, openIssuesWithLabel, upsertIncidentIssue } from "../incidents/incident-issues.js";
import { STALE_LABEL } from "../incidents/issue-spec.js";
import { evaluateStaleness, newestOf, type NewestRun } from "./staleness.js";
import { STALE_KEY, staleBody, staleTitle } from "./stale-issue.js";
import type { ScheduledTask, TickContext } from "../core/scheduled-task.js";

export const BATCH_BRANCH_PREFIX = "batch/";

async function newestBatchRun(tick: TickContext): Promise<{ newest?: NewestRun; missing: string[] }> {
  const found: NewestRun[] = [];
  const missing: string[] = [];
  for (const workflowFile of tick.config.batch_workflows) {
    const run = await newestCompletedRun(tick.github, tick.repo, workflowFile);
    if (run === "missing") missing.push(workflowFile);
    else if (run) found.push({ workflowFile, run });
  }
  const newest = newestOf(found);
  return { ...(newest ? { newest } : {}), missing };
}

/**
 * The pipeline watchdog: no completed batch run for longer than `staleness_hours` opens (or refreshes)
 * one staleness issue with the likely causes checked; a fresh run closes it.
 */
export const watchdogTask: ScheduledTask = {
  name: "watchdog",
  async run(tick) {
    if (tick.config.batch_workflows.length === 0) return;
    const { newest, missing } = await newestBatchRun(tick);
    const staleness = evaluateStaleness(newest, tick.now, tick.config.staleness_hours);
    const open = await openIssuesWithLabel(tick.github, tick.repo, STALE_LABEL);
    if (!staleness.stale) {
      await closeIncidentIssue(
        tick.github,
        tick.repo,
        { label: STALE_LABEL, key: STALE_KEY },
        `A batch run completed: ${newest!.run.url} (${newest!.run.completedAt}). Closing.`,
        open,
      );
      return;
    }
    const workflows = await Promise.all(
      tick.config.batch_workflows.map(async (file) => ({
        file,
        state: missing.includes(file) ? "missing" : await workflowState(tick.github, tick.repo, file),
      })),
    );
    const view = tick.control ? viewControl(tick.control.control) : undefined;
    const blockingPulls = await openPullsFromBranches(tick.github, tick.repo, BATCH_BRANCH_PREFIX);
    const facts = {
      repo: tick.repo,
      stalenessHours: tick.config.staleness_hours,
      staleness,
      ...(newest ? { newest } : {}),
      workflows,
      enabled: view?.enabled ?? true,
      reason: view?.reason ?? "",
      blockingPulls,
    };
    const { issue, created } = await upsertIncidentIssue(
      tick.github,
      tick.repo,
      { key: STALE_KEY, title: staleTitle(facts), body: staleBody(facts), labels: [STALE_LABEL] },
      open,
    );
    if (created) tick.log.warn({ issue: issue.number, ageMs: staleness.ageMs }, "schedule: batch pipeline stale");
  },
};
