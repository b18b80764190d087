import { budgetIssueBody, budgetIssueTitle, BUDGET_ISSUE_KEY, crossingComment } from "../budget/issue-body.js";
import type { BudgetLevel } from "../budget/state.js";
import { crossingEdit, type CrossingResult } from "../budget/thresholds.js";
import { commentOnIssue } from "../github/issues.js";
import { upsertIncidentIssue } from "../github/incident-issues.js";
import { BUDGET_LABEL } from "../incidents/issue-spec.js";
import type { RepoEnv } from "./repo-env.js";

export interface AppliedCrossing extends CrossingResult {
  commitUrl: string;
}

/**
 * Acts on each pending threshold, lowest first, one commit each with the runbook's subject, then reports
 * them on the one budget issue (created, or updated with a comment per crossing). A crossing another
 * replica already made commits nothing here and is not reported twice.
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
  const { issue, created } = await upsertIncidentIssue(env.github, env.repo, {
    key: BUDGET_ISSUE_KEY,
    title: budgetIssueTitle(latest, env.config),
    body: budgetIssueBody(latest, env.config, env.now),
    labels: [BUDGET_LABEL],
  });
  if (!created) {
    const lines = applied.map((c) => crossingComment(c.level, c.actions, c.use, env.config, c.commitUrl));
    await commentOnIssue(env.github, env.repo, issue.number, lines.join("\n\n"));
  }
  env.log.info({ repo: `${env.repo.owner}/${env.repo.repo}`, levels: applied.map((c) => c.level), issue: issue.number }, "budget thresholds crossed");
  return applied;
}
