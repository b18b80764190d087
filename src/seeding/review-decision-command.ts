import { isOpenedByThisApp } from "../github/app-identity.js";
import { getIssueDetails } from "../github/issue-details.js";
import { closeIssue } from "../github/issues.js";
import { needsRetry, renderDecision, type ReviewDecision } from "./decision.js";
import { hasLabel, SEEDING_LABELS } from "./labels.js";
import { applyReviewDecision, labelOutcome } from "./apply-decision.js";
import { failureResult } from "../commands/reply-format.js";
import { refused, type CommandEnv, type CommandResult } from "../commands/types.js";

const CLOSE_REASON = { accept: "completed", reject: "not_planned" } as const;

/**
 * `/accept` and `/reject` on a review issue: the same as closing it as completed / not planned, with
 * the commenter as the reviewer. The issue is closed by the app afterwards, and the close event that
 * follows is recognised as the app's own and ignored.
 */
export async function runReviewCommand(decision: ReviewDecision, env: CommandEnv): Promise<CommandResult> {
  const issue = await getIssueDetails(env.github, env.repo, env.issueNumber);
  if (issue.isPullRequest || !hasLabel(issue.labels, SEEDING_LABELS.review.name)) {
    return refused(`😕 \`/${decision}\` works only on a \`${SEEDING_LABELS.review.name}\` issue opened by batch-ops. Nothing was changed.`);
  }
  if (!env.appIdentity) return refused("😕 batch-ops cannot tell which issues it opened right now. Nothing was changed; close the issue instead.");
  if (
    !isOpenedByThisApp(
      { user: issue.user, performed_via_github_app: issue.performedViaAppId === null ? null : { id: issue.performedViaAppId } },
      await env.appIdentity(),
    )
  ) {
    return refused(`😕 This issue was not opened by batch-ops, so \`/${decision}\` does not apply to it. Nothing was changed.`);
  }
  if (issue.state === "closed") {
    return refused(
      `😕 This review issue is already closed (${issue.stateReason ?? "no reason"}). Reopen it first to decide again. Nothing was changed.`,
    );
  }
  const queueFile = env.config.seeding.queue_file;
  let outcome;
  try {
    outcome = await applyReviewDecision({
      github: env.github,
      repo: env.repo,
      config: env.config,
      issue: { body: issue.body, url: issue.url },
      decision,
      reviewer: env.actor,
      now: env.now,
    });
  } catch (error) {
    return failureResult(error, queueFile);
  }
  await labelOutcome(env.github, env.repo, issue.number, outcome);
  const text = renderDecision(outcome, { queueFile, reviewer: env.actor });
  if (needsRetry(outcome)) return { status: "refused", text };
  if (outcome.kind === "unreadable") return { status: "refused", text };
  await closeIssue(env.github, env.repo, issue.number, CLOSE_REASON[decision]);
  const status = outcome.kind === "accepted" || outcome.kind === "rejected" ? "done" : outcome.kind === "already" ? "unchanged" : "refused";
  return { status, text };
}
