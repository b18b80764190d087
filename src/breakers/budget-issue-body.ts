import type { RepoConfig } from "../config/schema.js";
import { percent } from "../control/budget-use.js";
import type { ControlFile } from "../control/schema.js";
import { escapeMarkdown, sanitizeReason } from "../util/sanitize.js";
import { utcStamp } from "../util/time.js";
import { renderBudget } from "./budget-report.js";
import type { BudgetLevel } from "./budget-state.js";
import { useOf, wholePercent, thresholdOf } from "./budget-thresholds.js";

export const BUDGET_ISSUE_KEY = "budget";

export function budgetIssueTitle(control: ControlFile, config: RepoConfig): string {
  const use = useOf(control, config.budget);
  // `week_start` comes from the control file: one short line in the title.
  const week = sanitizeReason(use.weekStart, 40);
  return `Batch CI budget: ${percent(use.use)} of the weekly minutes used${week ? ` (week of ${week})` : ""}`;
}

/** Runbook §4 "Budget Threshold Alert", with what the app did at each crossing and the live figures. */
export function budgetIssueBody(control: ControlFile, config: RepoConfig, now: Date): string {
  const use = useOf(control, config.budget);
  const level = (l: BudgetLevel) => use.use >= thresholdOf(l, config.budget);
  return [
    "**Budget Threshold Alert** (runbook §4). One issue, updated at each crossing; batch-ops closes it at the weekly reset.",
    "",
    "### Decision tree",
    "",
    `- ${level("sampling") ? "[x]" : "[ ]"} Usage at ${wholePercent(config.budget.sampling_at)}: reduce batch size and enable sampling (done: \`sampling_active=true\`)`,
    `- ${level("disable_noncritical") ? "[x]" : "[ ]"} Usage at ${wholePercent(config.budget.disable_noncritical_at)}+: stop non-critical batches, preserve budget for critical ecosystems (${config.budget.critical_ecosystems.length > 0 ? config.budget.critical_ecosystems.map(escapeMarkdown).join(", ") : "none configured"})`,
    `- ${level("pause") ? "[x]" : "[ ]"} Budget exhausted (${wholePercent(config.budget.pause_at)}): wait for the weekly reset${use.resetsAt ? ` at ${utcStamp(use.resetsAt)}` : ""}`,
    "",
    "### Current budget",
    "",
    renderBudget(control, config, now),
    "",
    "Commands: `/budget`, `/budget sampling on|off`, `/budget reset` (starts a new week now).",
    "",
    `_Updated ${utcStamp(now)} by batch-ops._`,
  ].join("\n");
}

export function crossingComment(level: BudgetLevel, actions: readonly string[], use: number, config: RepoConfig, commitUrl: string): string {
  return `Crossed the **${wholePercent(thresholdOf(level, config.budget))}** threshold (use ${percent(use)}): ${actions.map(escapeMarkdown).join("; ")} ([commit](${commitUrl})).`;
}
