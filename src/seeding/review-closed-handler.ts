import type { Context } from "probot";
import { requiredLevel } from "../commands/help.js";
import { loadRepoConfig, renderConfigErrors } from "../config/load.js";
import { permits, type PermissionLevel } from "../core/permission-level.js";
import type { AppDeps } from "../core/deps.js";
import { isOpenedByThisApp, isThisApp } from "../github/app-identity.js";
import { commentOnIssue, reopenIssue } from "../github/issues.js";
import { repositoryPermission } from "../github/permissions.js";
import { repoFromPayload } from "../core/repo-ref.js";
import { messageOf, statusOf } from "../core/github.js";
import { needsRetry, renderDecision, type ReviewDecision } from "./decision.js";
import { hasLabel, SEEDING_LABELS } from "./labels.js";
import { applyReviewDecision, labelOutcome } from "./apply-decision.js";
import { neutralise } from "../util/sanitize.js";

type ClosedContext = Context<"issues.closed">;

/** Closed as completed (or with no reason, GitHub's default) accepts; not planned or duplicate rejects. */
export function decisionOf(stateReason: string | null | undefined): ReviewDecision {
  return stateReason === "not_planned" || stateReason === "duplicate" ? "reject" : "accept";
}

/**
 * `issues.closed` of a `seeding:review` issue this app opened: the close is the reviewer's decision.
 * A close by someone without the permission is undone; a close by this app (after `/accept` or
 * `/reject`) was already handled by the command.
 */
export async function handleSeedingReviewClosed(context: ClosedContext, deps: AppDeps): Promise<void> {
  const { issue, sender, repository } = context.payload;
  if (!hasLabel(issue.labels, SEEDING_LABELS.review.name)) return;
  if (!deps.appIdentity) {
    context.log.error("seeding review closed, but the app identity is unknown; nothing done");
    return;
  }
  const me = await deps.appIdentity();
  if (!isOpenedByThisApp(issue, me) || isThisApp(sender, me)) return;
  if (!(await deps.dedupe.claim(context.id))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  const repo = repoFromPayload(repository);
  const github = context.octokit;
  const say = (body: string) => commentOnIssue(github, repo, issue.number, body);

  const config = await loadRepoConfig(context, deps.repeatReads);
  if (!config.ok) {
    await reopenIssue(github, repo, issue.number);
    await say(`${renderConfigErrors(config.errors)}\n\nReopened: close it again once the config is fixed.`);
    return;
  }
  const decision = decisionOf(issue.state_reason);
  const needs = requiredLevel(config.config, decision) as PermissionLevel;
  const has = await repositoryPermission(github, repo, sender.login);
  if (!permits(has, needs)) {
    await reopenIssue(github, repo, issue.number);
    await say(
      `😕 @${sender.login} needs **${needs}** permission on this repository to ${decision} a source change (has: ${has}), so this issue was reopened. Nothing was changed.`,
    );
    return;
  }

  try {
    const outcome = await applyReviewDecision({
      github,
      repo,
      config: config.config,
      issue: { body: issue.body ?? "", url: issue.html_url },
      decision,
      reviewer: sender.login,
      now: deps.clock(),
    });
    await labelOutcome(github, repo, issue.number, outcome);
    if (needsRetry(outcome)) await reopenIssue(github, repo, issue.number);
    await say(
      renderDecision(outcome, { queueFile: config.config.seeding.queue_file, reviewer: sender.login }) + (needsRetry(outcome) ? " Reopened." : ""),
    );
    context.log.info({ issue: issue.number, decision, outcome: outcome.kind, reviewer: sender.login }, "seeding review decided");
  } catch (error) {
    context.log.error({ err: error, issue: issue.number }, "seeding review decision failed");
    const status = statusOf(error);
    await reopenIssue(github, repo, issue.number);
    await say(
      `❌ Failed to ${decision}: ${status ? `GitHub answered ${status}: ` : ""}${neutralise(
        messageOf(error)
          .replace(/[\r\n]/g, " ")
          .slice(0, 300),
      )}. Nothing was written; reopened so it can be closed again.`,
    );
  }
}
