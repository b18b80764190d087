import type { RepoRef } from "../core/github.js";
import { DEFAULT_ROLLBACK_REASON, parseRollbackArgs } from "./args.js";
import { checkBatchId, rollbackBranch } from "./batch-id.js";
import { changeCount, needsSecondReview, type RollbackPlan } from "./plan.js";
import {
  code,
  escalationLine,
  fitLength,
  renderPlanGroups,
  renderPullBody,
  renderSources,
  reviewCommand,
  rollbackCommitMessage,
  rollbackTitle,
} from "./render.js";
import { describeReviewers, secondReviewers } from "./reviewers.js";
import { trailerValue } from "./trailer.js";
import { discoverBatch, discoveryGaps, type DiscoveryReport } from "./batch-discovery.js";
import { planRollback } from "./plan-from-github.js";
import { findExistingRollback, HalfFinishedRollbackError, openRollbackPull, type ExistingRollback } from "./rollback-pull.js";
import { escapeMarkdown, sanitizeReason } from "../util/sanitize.js";
import { auditTrailer } from "../commands/types.js";
import { refused, type CommandDefinition, type CommandResult } from "../commands/types.js";

export const ROLLBACK_USAGE = "`/rollback <batch_id> [--dry-run] [reason…]`";

function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** What was looked at, for answers that found nothing. */
export function renderSearched(report: DiscoveryReport, repo: RepoRef, dir: string): string {
  const incomplete = report.searchIncomplete ? " ⚠️ GitHub's search answer was incomplete." : "";
  const window = report.window ? ` created ${day(report.window.since)} to ${day(new Date(report.window.until.getTime() - 1))} (UTC)` : "";
  return [
    `- commit search on \`${repo.defaultBranch}\` for \`${report.phrase}\`: ${report.searchTotal} loose match${report.searchTotal === 1 ? "" : "es"}, ${report.exactCommits} with that exact line.${incomplete}`,
    `- pull requests from ${code(report.branchPrefix)} branches${window}: ${report.pullsExamined} examined, ${report.pullsMatched} with commits carrying that exact line.`,
    `- only paths under ${code(dir)} count.`,
  ].join("\n");
}

function counts(plan: RollbackPlan): string {
  const present =
    plan.notMergedButPresent.length > 0 ? `, ⚠️ ${plan.notMergedButPresent.length} never merged by this batch yet on the default branch` : "";
  return `${plan.deletes.length} to delete, ${plan.restores.length} to restore, ${plan.changedSince.length} changed since the batch, ${plan.notMerged.length} never merged${present}`;
}

function existingAnswer(existing: ExistingRollback, batchId: string): CommandResult | null {
  const branch = code(rollbackBranch(batchId));
  switch (existing.kind) {
    case "open":
      return {
        status: "unchanged",
        text: `👍 Batch ${code(batchId)} already has a rollback pull request: [#${existing.pull.number}](${existing.pull.url}). Nothing new was created.`,
      };
    case "finished": {
      const how = existing.pull.mergedAt ? "was merged" : "was closed without merging";
      return refused(
        `😕 Branch ${branch} is still there and its pull request [#${existing.pull.number}](${existing.pull.url}) ${how}. Delete the branch to roll this batch back again. Nothing was created.`,
      );
    }
    case "foreign":
      return refused(
        `😕 Branch ${branch} exists but its last commit is not a batch-ops rollback of this batch. Rename or delete it first. Nothing was created.`,
      );
    default:
      return null;
  }
}

export const rollbackCommand: CommandDefinition = {
  name: "rollback",
  help: [
    {
      syntax: "/rollback <batch_id> [--dry-run] [reason…]",
      description:
        "Opens (or, when one is already open, links) a pull request that removes the recipes batch `<batch_id>` added and restores the ones it changed (one commit, branch `rollback-batch-<batch_id>`); more than 10 recipes asks for a second review. `--dry-run` only replies with the plan.",
      permission: "rollback",
      examples: ["/rollback 2026-01-28-001 broken checksums in the homebrew recipes", "/rollback 2026-02-04-homebrew --dry-run"],
    },
  ],
  permissionKey: () => "rollback",
  async run(args, env) {
    const parsed = parseRollbackArgs(args);
    if ("error" in parsed) return refused(`😕 ${parsed.error}.\n\nUsage: ${ROLLBACK_USAGE}`);
    const settings = env.config.rollback;
    const checked = checkBatchId(parsed.batchId, settings.batch_id_pattern);
    if (!checked.ok) return refused(`😕 ${checked.error}. Nothing was searched.\n\nUsage: ${ROLLBACK_USAGE}`);
    const batchId = checked.id;
    const dir = env.config.recipes_dir;

    let existing: ExistingRollback = { kind: "none" };
    if (!parsed.dryRun) {
      existing = await findExistingRollback(env.github, env.repo, batchId);
      const answer = existingAnswer(existing, batchId);
      if (answer) return answer;
    }

    const discovery = await discoverBatch(env.github, env.repo, batchId, settings.batch_branch_prefix);
    // A partial view would roll back part of the batch silently: refused; a dry run shows it with a warning.
    const gaps = discoveryGaps(discovery.report).map((gap) => `⚠️ Part of batch ${code(batchId)} may be missing: ${gap}.`);
    if (gaps.length > 0 && !parsed.dryRun) {
      return refused(
        [
          ...gaps,
          "",
          `Nothing was created: a rollback of part of the batch would look complete. From a clone, \`batch-ops rollback ${batchId}\` reads the whole history.`,
        ].join("\n"),
      );
    }
    const planned = await planRollback(env.github, env.repo, batchId, discovery.sources, dir);
    const { plan } = planned;
    if (planned.touched === 0) {
      return {
        status: "info",
        text: [
          `🤷 No recipes found for batch ${code(batchId)}. Nothing was created.`,
          "",
          ...gaps.flatMap((gap) => [gap, ""]),
          `Searched:\n${renderSearched(discovery.report, env.repo, dir)}`,
          "",
          "Commit search indexes a push after a minute or so: if the batch landed just now, try again shortly.",
        ].join("\n"),
      };
    }
    const reviewersShown = describeReviewers(settings.second_reviewers, env.actor);
    const escalation = escalationLine(plan, reviewersShown);
    const branch = rollbackBranch(batchId);

    if (parsed.dryRun) {
      return {
        status: "info",
        text: fitLength(
          [
            `🔎 Dry run for batch ${code(batchId)}: ${counts(plan)}. Nothing was created.`,
            "",
            ...gaps.flatMap((gap) => [gap, ""]),
            ...(needsSecondReview(plan) ? [escalationLine(plan, reviewersShown, true)!, ""] : []),
            ...renderPlanGroups(plan, 100, { verb: "would" }),
            ...renderSources(plan.sources),
            `Run \`/rollback ${batchId} <reason>\` to open the pull request.`,
          ].join("\n"),
          30000,
          "--dry-run shows at most 100 paths per group",
        ),
      };
    }
    if (existing.kind !== "half-finished" && changeCount(plan) === 0) {
      return {
        status: "unchanged",
        text: fitLength(
          [
            `👍 Nothing to roll back for batch ${code(batchId)} (${counts(plan)}). Nothing was created.`,
            "",
            ...renderPlanGroups(plan, 100, { verb: "would" }),
          ].join("\n"),
          30000,
          "at most 100 paths per group",
        ),
      };
    }

    const resumed = existing.kind === "half-finished" ? existing : undefined;
    const reason = parsed.reason || (resumed && sanitizeReason(trailerValue(resumed.message, "rollback_reason") ?? "")) || DEFAULT_ROLLBACK_REASON;
    const secondReview = needsSecondReview(plan) ? secondReviewers(settings.second_reviewers, env.actor) : null;
    try {
      const outcome = await openRollbackPull(env.github, env.repo, {
        plan,
        ...(planned.head ? { head: planned.head } : {}),
        ...(resumed ? { resume: resumed.sha } : {}),
        message: rollbackCommitMessage(batchId, reason, auditTrailer(env)),
        title: rollbackTitle(batchId),
        body: (completedFrom) =>
          renderPullBody(plan, {
            reason,
            actor: env.actor,
            commentUrl: env.commentUrl,
            branch,
            defaultBranch: env.repo.defaultBranch,
            reviewers: reviewersShown,
            ...(completedFrom ? { completedFrom } : {}),
          }),
        secondReview,
      });
      if (outcome.kind === "exists") {
        return {
          status: "unchanged",
          text: `👍 Batch ${code(batchId)} already has a rollback pull request: [#${outcome.pull.number}](${outcome.pull.url}). Nothing new was created.`,
        };
      }
      const head = outcome.completed
        ? `✅ Completed an earlier attempt: opened [#${outcome.pull.number}](${outcome.pull.url}) from the existing branch ${code(branch)} (commit ${code(outcome.commitSha.slice(0, 7))}); no second commit was made.`
        : `✅ Opened [#${outcome.pull.number}](${outcome.pull.url}) to roll back batch ${code(batchId)}: ${plan.deletes.length} deleted, ${plan.restores.length} restored, in one commit ${code(outcome.commitSha.slice(0, 7))} on branch ${code(branch)}.`;
      const lines = [head, `Review with \`${reviewCommand(env.repo.defaultBranch, branch)}\`.`, ""];
      if (escalation) lines.push(escalation, "");
      for (const warning of outcome.warnings) lines.push(`⚠️ ${escapeMarkdown(sanitizeReason(warning, 400))}`, "");
      lines.push(...renderPlanGroups({ ...plan, deletes: [], restores: [] }, 50, { verb: "done" }));
      return { status: "done", text: fitLength(lines.join("\n").trimEnd(), 30000, "the pull request has the full lists") };
    } catch (error) {
      if (!(error instanceof HalfFinishedRollbackError)) throw error;
      const detail = sanitizeReason(error.reason, 300).replace(/`/g, "ˋ");
      return {
        status: "failed",
        text: `❌ Branch ${code(error.branch)} was created (commit ${code(error.commitSha.slice(0, 7))}) but the pull request could not be opened: ${detail}. Run \`/rollback ${batchId}\` again to finish it; no second commit will be made.`,
      };
    }
  },
};
