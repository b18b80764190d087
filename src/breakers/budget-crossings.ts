import { budgetIssueBody, budgetIssueTitle, BUDGET_ISSUE_KEY, crossingComment } from "./budget-issue-body.js";
import { reportedLevels, reportedMarker } from "./budget-reported-marker.js";
import type { BudgetLevel } from "./budget-state.js";
import { crossingEdit, type CrossingResult } from "./budget-thresholds.js";
import type { ControlFile } from "../control/schema.js";
import { commentOnIssue, type IssueRef } from "../github/issues.js";
import { openIssuesWithLabel, pickIncident, upsertIncidentIssue } from "../incidents/incident-issues.js";
import { BUDGET_LABEL } from "../incidents/issue-spec.js";
import { withFollowupLock } from "../coordination/exclusive.js";
import type { RepoEnv } from "../core/repo-env.js";

export interface AppliedCrossing extends CrossingResult {
  commitUrl: string;
}

/** A crossing to report, with the comment it gets on an existing budget issue. */
export interface CrossingReport {
  level: BudgetLevel;
  comment: string;
}

/**
 * Writes the budget issue for the control file as it is, marking every level in `reported` as
 * reported for the week: created when none is open, otherwise updated with one comment for `fresh`.
 */
export async function writeBudgetReport(
  env: RepoEnv,
  control: ControlFile,
  reported: readonly BudgetLevel[],
  fresh: readonly CrossingReport[],
  open: readonly IssueRef[],
): Promise<IssueRef> {
  const body = `${budgetIssueBody(control, env.config, env.now)}\n\n${reportedMarker(control.budget?.week_start, reported)}`;
  const { issue, created } = await upsertIncidentIssue(
    env.github,
    env.repo,
    { key: BUDGET_ISSUE_KEY, title: budgetIssueTitle(control, env.config), body, labels: [BUDGET_LABEL] },
    open,
  );
  if (!created && fresh.length > 0) await commentOnIssue(env.github, env.repo, issue.number, fresh.map((c) => c.comment).join("\n\n"));
  return issue;
}

/**
 * Acts on each pending threshold, lowest first, one commit each with the runbook's subject, then reports
 * them on the one budget issue (created, or updated with a comment per crossing). A crossing another
 * replica already made commits nothing here and is not reported twice; a crossing the issue already
 * reports (the schedule repaired it first) is not commented again.
 */
export async function applyBudgetCrossings(env: RepoEnv, levels: readonly BudgetLevel[], audit: string[]): Promise<AppliedCrossing[]> {
  const applied: AppliedCrossing[] = [];
  for (const level of levels) {
    let result: CrossingResult | undefined;
    const edit = crossingEdit(level, env.config, (r) => (result = r));
    const outcome = await env.store.submit(env.github, env.repo, env.config.control_file, { edit, audit });
    if (outcome.kind === "committed" && result) applied.push({ ...result, commitUrl: outcome.commit.url });
  }
  if (applied.length === 0) return applied;
  const latest = applied[applied.length - 1]!.control;
  const issue = await withFollowupLock(env, async () => {
    const open = await openIssuesWithLabel(env.github, env.repo, BUDGET_LABEL);
    const existing = pickIncident(open, BUDGET_ISSUE_KEY);
    const marked = existing ? reportedLevels(existing.body, latest.budget?.week_start) : [];
    const already = marked === "unmarked" ? [] : marked;
    const fresh = applied.filter((c) => !already.includes(c.level));
    if (fresh.length === 0) return existing!;
    const reports = fresh.map((c) => ({ level: c.level, comment: crossingComment(c.level, c.actions, c.use, env.config, c.commitUrl) }));
    return writeBudgetReport(env, latest, [...already, ...fresh.map((c) => c.level)], reports, open);
  });
  env.log.info({ repo: `${env.repo.owner}/${env.repo.repo}`, levels: applied.map((c) => c.level), issue: issue.number }, "budget thresholds crossed");
  return applied;
}
