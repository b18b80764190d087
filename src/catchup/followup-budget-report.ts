import { BUDGET_ISSUE_KEY } from "../breakers/budget-issue-body.js";
import { reportedLevels } from "../breakers/budget-reported-marker.js";
import { crossedLevels, type BudgetLevel } from "../breakers/budget-state.js";
import { thresholdOf, useOf, wholePercent } from "../breakers/budget-thresholds.js";
import { percent } from "../control/budget-use.js";
import type { ControlFile } from "../control/schema.js";
import { listClosedIssuesSince } from "../github/closed-issues.js";
import { openIssuesWithLabel, pickIncident } from "../incidents/incident-issues.js";
import { BUDGET_LABEL } from "../incidents/issue-spec.js";
import { writeBudgetReport } from "../breakers/budget-crossings.js";
import type { RepoEnv } from "../core/repo-env.js";
import { parseStamp } from "../util/time.js";
import { withFollowupLock } from "../coordination/exclusive.js";

function historyUrl(env: RepoEnv): string {
  return `${env.repo.htmlUrl}/commits/${encodeURIComponent(env.repo.defaultBranch)}/${env.config.control_file.split("/").map(encodeURIComponent).join("/")}`;
}

export function lateCrossingComment(level: BudgetLevel, control: ControlFile, env: RepoEnv): string {
  const use = useOf(control, env.config.budget).use;
  return `Crossed the **${wholePercent(thresholdOf(level, env.config.budget))}** threshold (use now ${percent(use)}): acted on in the control file ([history](${historyUrl(env)})); reported late, the app stopped before it could report it.`;
}

/** Levels a budget issue of this week reported, open or closed since the week began (a person may close it). */
async function reportedThisWeek(env: RepoEnv, control: ControlFile): Promise<BudgetLevel[]> {
  const weekStart = control.budget?.week_start;
  const since = parseStamp(weekStart) ?? new Date(env.now.getTime() - 7 * 86_400_000);
  const closed = await listClosedIssuesSince(env.github, env.repo, BUDGET_LABEL, since);
  const reported = new Set<BudgetLevel>();
  for (const issue of closed.filter((i) => pickIncident([i], BUDGET_ISSUE_KEY))) {
    const levels = reportedLevels(issue.body, weekStart);
    if (levels !== "unmarked") for (const level of levels) reported.add(level);
  }
  return [...reported];
}

/**
 * Budget follow-up, level-triggered: every threshold this week's control file says was crossed must be
 * reported on the budget issue. Those a run committed but never reported (GitHub failed, the process
 * stopped after the commit) are reported now, once: the issue's marker records what it reported.
 * Returns the levels reported now.
 */
export async function repairBudgetReport(env: RepoEnv, snapshot: ControlFile): Promise<BudgetLevel[]> {
  if (crossedLevels(snapshot).length === 0) return [];
  return withFollowupLock(env, async () => {
    // Read again under the lock: a run may have crossed (and reported) since the tick began.
    const { control } = await env.store.read(env.github, env.repo, env.config.control_file);
    const crossed = crossedLevels(control);
    if (crossed.length === 0) return [];
    const open = await openIssuesWithLabel(env.github, env.repo, BUDGET_LABEL);
    const existing = pickIncident(open, BUDGET_ISSUE_KEY);
    const marked = existing ? reportedLevels(existing.body, control.budget?.week_start) : await reportedThisWeek(env, control);
    if (marked === "unmarked") return []; // an issue from before the marker: it reported what it had to
    const missing = crossed.filter((level) => !marked.includes(level));
    if (missing.length === 0) return [];
    const comments = missing.map((level) => ({ level, comment: lateCrossingComment(level, control, env) }));
    const issue = await writeBudgetReport(env, control, [...marked, ...missing], comments, open);
    env.log.warn({ levels: missing, issue: issue.number }, "budget crossings reported late (their report had failed)");
    return missing;
  });
}
