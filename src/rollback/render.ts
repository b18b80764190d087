import { escapeMarkdown, inlineCode, sanitizeReason } from "../util/sanitize.js";
import { changeCount, needsSecondReview, SECOND_REVIEW_ABOVE, type PlannedPath, type RollbackPlan, type Skipped } from "./plan.js";
import { sourceLabel, type BatchSource } from "./sources.js";

/** A path or id as inline code that cannot be broken out of. */
export const code = (text: string): string => inlineCode(text);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function sourcesOf(path: PlannedPath): string {
  return path.sources.map((s) => (s.kind === "pull" ? sourceLabel(s) : code(sourceLabel(s)))).join(", ");
}

function listGroup(title: string, paths: readonly (PlannedPath | Skipped)[], max: number): string[] {
  if (paths.length === 0) return [];
  const lines = [`**${title}** (${paths.length})`, ""];
  for (const path of paths.slice(0, max)) {
    const why = "why" in path ? ` — ${path.why}` : "";
    lines.push(`- ${code(path.path)}${why} (${sourcesOf(path)})`);
  }
  if (paths.length > max) lines.push(`- … and ${paths.length - max} more`);
  lines.push("");
  return lines;
}

function sourceLine(source: BatchSource): string {
  const title = escapeMarkdown(sanitizeReason(source.title, 120));
  if (source.kind === "commit") return `- commit [${code(source.key.slice(0, 7))}](${source.url}) ${title} (on the default branch)`;
  const state = source.merged ? `merged as ${code((source.landingSha ?? "").slice(0, 7))}` : "not merged";
  return `- pull request [#${source.key}](${source.url}) ${title} (${state})`;
}

export function renderSources(sources: readonly BatchSource[], max = 50): string[] {
  if (sources.length === 0) return [];
  const lines = [`**Batch commits and pull requests** (${sources.length})`, "", ...sources.slice(0, max).map(sourceLine)];
  if (sources.length > max) lines.push(`- … and ${sources.length - max} more`);
  lines.push("");
  return lines;
}

/** The plan as lists: what is deleted, restored, left for a person, and ignored. */
export function renderPlanGroups(plan: RollbackPlan, max: number, options: { verb: "will" | "would" | "done" }): string[] {
  const deleted =
    options.verb === "done" ? "Deleted (added by the batch)" : `${options.verb === "will" ? "To delete" : "Would delete"} (added by the batch)`;
  const restored =
    options.verb === "done"
      ? "Restored to their content before the batch"
      : `${options.verb === "will" ? "To restore" : "Would restore"} to their content before the batch`;
  return [
    ...listGroup(deleted, plan.deletes, max),
    ...listGroup(restored, plan.restores, max),
    ...listGroup("Skipped: changed since the batch, needs a person", plan.changedSince, max),
    ...listGroup("⚠️ Not merged by this batch, yet on the default branch: left as is, check by hand", plan.notMergedButPresent, max),
    ...listGroup("Skipped: not on the default branch (never merged), ignored", plan.notMerged, max),
    ...listGroup("Skipped: nothing to undo", plan.nothingToDo, max),
  ];
}

/** The runbook's escalation, when it applies; `would` words it for a dry run. */
export function escalationLine(plan: RollbackPlan, reviewers: string, would = false): string | null {
  if (!needsSecondReview(plan)) return null;
  const label = would ? "would get the label `needs-second-review`" : "label `needs-second-review`";
  const who = reviewers
    ? `${would ? "would request" : "review requested from"} ${would ? `review from ${reviewers}` : reviewers}`
    : "no `rollback.second_reviewers` besides the requester: ask a second operator";
  return `⚠️ ${plural(changeCount(plan), "recipe")} (more than ${SECOND_REVIEW_ABOVE}): ${label}, ${who}. The runbook requires a second operator to review before merge.`;
}

export function reviewCommand(defaultBranch: string, branch: string): string {
  return `git diff ${defaultBranch}...${branch}`;
}

/** Keeps a body under GitHub's 65,536-character limit, cutting at a line. */
export function fitLength(text: string, max = 60000, note = "the full change is in the commit"): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf("\n", max - 100);
  return `${text.slice(0, cut > 0 ? cut : max - 100)}\n\n… (cut to fit; ${note})`;
}

export function rollbackTitle(batchId: string): string {
  return `Rollback batch ${batchId}`;
}

/** `chore: rollback batch <id>`, then `key: value` lines and the audit trailer. */
export function rollbackCommitMessage(batchId: string, reason: string, audit: readonly string[]): string {
  return [`chore: rollback batch ${batchId}`, "", `batch_id: ${batchId}`, `rollback_reason: ${reason}`, ...audit].join("\n");
}

export interface PullBodyContext {
  reason: string;
  actor: string;
  commentUrl: string;
  branch: string;
  defaultBranch: string;
  /** Who was asked for the second review, as shown (empty: nobody configured). */
  reviewers: string;
  /** The commit of an earlier attempt this pull request completes. */
  completedFrom?: string;
}

/** Paths listed per group in the pull request, tried largest first until the body fits. */
const PULL_LIST_SIZES = [300, 100, 30, 10];
const PULL_BODY_MAX = 60_000;

/** The pull request body: every group listed as far as GitHub's size limit allows, each with its "… and N more". */
export function renderPullBody(plan: RollbackPlan, ctx: PullBodyContext): string {
  let body = "";
  for (const max of PULL_LIST_SIZES) {
    body = pullBody(plan, ctx, max);
    if (body.length <= PULL_BODY_MAX) return body;
  }
  return fitLength(body, PULL_BODY_MAX);
}

function pullBody(plan: RollbackPlan, ctx: PullBodyContext, max: number): string {
  const lines = [
    `Rollback of batch ${code(plan.batchId)}: ${plural(plan.deletes.length, "recipe")} deleted, ${plural(plan.restores.length, "recipe")} restored.`,
    "",
    `**Reason:** ${escapeMarkdown(ctx.reason)}`,
    `**Requested by:** @${ctx.actor} in [this comment](${ctx.commentUrl})`,
    "",
  ];
  if (ctx.completedFrom) {
    lines.push(
      `The branch was created by an earlier attempt (commit ${code(ctx.completedFrom.slice(0, 7))}); the lists below were recomputed now.`,
      "",
    );
  }
  const escalation = escalationLine(plan, ctx.reviewers);
  if (escalation) lines.push(escalation, "");
  lines.push(...renderPlanGroups(plan, max, { verb: "done" }), ...renderSources(plan.sources, Math.min(max, 100)));
  lines.push(
    "**Review**",
    "",
    "```",
    reviewCommand(ctx.defaultBranch, ctx.branch),
    "```",
    "",
    "Only paths under the recipes directory are rolled back; failure and metrics records stay. If the rollback does not resolve the issue, escalate: the problem may not be recipe-related.",
  );
  return lines.join("\n");
}
