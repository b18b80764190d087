import { BUDGET_ISSUE_KEY } from "./budget-issue-body.js";
import { weeklyResetEdit, type ResetSummary } from "./weekly-reset.js";
import { closeIncidentIssue } from "../incidents/incident-issues.js";
import { BUDGET_LABEL } from "../incidents/issue-spec.js";
import type { ControlWriteOutcome } from "../control/store.js";
import type { RepoEnv } from "../core/repo-env.js";
import { escapeMarkdown } from "../util/sanitize.js";

/**
 * Starts a new budget week when it is due (or now, when forced by `/budget reset`) and closes the week's
 * budget issue with a comment saying what was re-enabled. Idempotent across replicas.
 */
export async function startNewBudgetWeek(
  env: RepoEnv,
  options: { force?: boolean; reason?: string; audit: string[] },
): Promise<{ outcome: ControlWriteOutcome; summary?: ResetSummary }> {
  let summary: ResetSummary | undefined;
  const edit = weeklyResetEdit({ ...options, onReset: (s) => (summary = s) });
  const outcome = await env.store.submit(env.github, env.repo, env.config.control_file, { edit, audit: options.audit });
  if (outcome.kind !== "committed" || !summary) return { outcome };
  const comment = [
    `The budget was reset for a new week ([commit](${outcome.commit.url})).`,
    // Ecosystem names come from the control file: untrusted text in an issue comment.
    summary.reenabled.length > 0 ? `Re-enabled what the budget had disabled: ${summary.reenabled.map(escapeMarkdown).join(", ")}.` : "",
    summary.resumed ? "Batch processing, paused by the budget, is enabled again." : "",
  ]
    .filter((line) => line !== "")
    .join(" ");
  try {
    await closeIncidentIssue(env.github, env.repo, { label: BUDGET_LABEL, key: BUDGET_ISSUE_KEY }, comment);
  } catch (error) {
    env.log.warn({ err: error }, "budget reset committed, but the budget issue could not be closed");
  }
  return { outcome, summary };
}
