import { branchSha, commitTreeChanges, createBranch, getGitCommit } from "../github/git-data.js";
import { addLabels, ensureLabel } from "../github/issues.js";
import { createPull, pullsFromBranch, requestReviewers, type PullSummary, type ReviewerRequest } from "../github/pulls.js";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";
import { rollbackBranch } from "./batch-id.js";
import type { RollbackPlan } from "./plan.js";
import { hasBatchTrailer, isRollbackCommit } from "./trailer.js";

export const ROLLBACK_LABEL = "batch-ops:rollback";
export const SECOND_REVIEW_LABEL = "needs-second-review";

/** What an earlier `/rollback` of the same batch left behind. */
export type ExistingRollback =
  | { kind: "none" }
  | { kind: "open"; pull: PullSummary }
  /** The branch is still there and its pull request was merged or closed. */
  | { kind: "finished"; pull: PullSummary }
  /** Branch with a rollback commit but no pull request: an attempt that stopped half-way. */
  | { kind: "half-finished"; sha: string; message: string }
  /** A branch of that name the app did not make. */
  | { kind: "foreign"; sha: string };

/**
 * Looks at branch `rollback-batch-<id>`: no branch means nothing to resume (a pull request cannot stay
 * open without its branch), so that costs one call.
 */
export async function findExistingRollback(github: GitHub, repo: RepoRef, batchId: string): Promise<ExistingRollback> {
  const branch = rollbackBranch(batchId);
  const sha = await branchSha(github, repo, branch);
  if (!sha) return { kind: "none" };
  const pulls = await pullsFromBranch(github, repo, branch);
  const open = pulls.find((p) => p.state === "open");
  if (open) return { kind: "open", pull: open };
  if (pulls[0]) return { kind: "finished", pull: pulls[0] };
  const commit = await getGitCommit(github, repo, sha);
  if (hasBatchTrailer(commit.message, batchId) && isRollbackCommit(commit.message)) return { kind: "half-finished", sha, message: commit.message };
  return { kind: "foreign", sha };
}

/** The branch was written but the pull request could not be opened: running the command again completes it. */
export class HalfFinishedRollbackError extends Error {
  constructor(
    readonly branch: string,
    readonly commitSha: string,
    readonly reason: string,
  ) {
    super(`branch ${branch} was created but the pull request could not be opened: ${reason}`);
    this.name = "HalfFinishedRollbackError";
  }
}

export interface OpenRollbackRequest {
  plan: RollbackPlan;
  /** The default branch the plan was made against (the new commit's parent); not needed when resuming. */
  head?: { sha: string; treeSha: string };
  message: string;
  title: string;
  /** The body; `completedFrom` is the commit of an earlier attempt when one is being completed. */
  body: (completedFrom?: string) => string;
  /** The commit an earlier attempt left on the branch, to open the pull request from instead of committing again. */
  resume?: string;
  secondReview: ReviewerRequest | null;
}

export type OpenRollbackOutcome =
  { kind: "opened"; pull: PullSummary; commitSha: string; completed: boolean; warnings: string[] } | { kind: "exists"; pull: PullSummary };

/**
 * One commit (one tree, however many files) on a new branch from the default branch head, then the
 * pull request, its labels and, when escalated, the review requests. Safe to race with itself: the
 * branch is created once, and a second pull request for it is never opened.
 */
export async function openRollbackPull(github: GitHub, repo: RepoRef, request: OpenRollbackRequest): Promise<OpenRollbackOutcome> {
  const { plan } = request;
  const branch = rollbackBranch(plan.batchId);
  let commitSha = request.resume;
  let completed = commitSha !== undefined;
  if (commitSha === undefined) {
    if (!request.head) throw new Error("no default branch head to build the rollback commit on");
    const changes = [
      ...plan.deletes.map((d) => ({ path: d.path, mode: d.mode, sha: null })),
      ...plan.restores.map((r) => ({ path: r.path, mode: r.mode, sha: r.sha })),
    ];
    const commit = await commitTreeChanges(github, repo, {
      baseTree: request.head.treeSha,
      parent: request.head.sha,
      message: request.message,
      changes,
    });
    commitSha = commit.sha;
    if (!(await createBranch(github, repo, branch, commit.sha))) {
      // Another attempt created the branch meanwhile: use what it made, never a second branch or PR.
      const existing = await findExistingRollback(github, repo, plan.batchId);
      if (existing.kind === "open") return { kind: "exists", pull: existing.pull };
      if (existing.kind !== "half-finished") throw new Error(`branch ${branch} appeared meanwhile and is not a rollback in progress`);
      commitSha = existing.sha;
      completed = true;
    }
  }
  let pull: PullSummary | null;
  try {
    pull = await createPull(github, repo, { title: request.title, head: branch, body: request.body(completed ? commitSha : undefined) });
  } catch (error) {
    throw new HalfFinishedRollbackError(branch, commitSha, whyNoPull(error));
  }
  if (pull === null) {
    const open = (await pullsFromBranch(github, repo, branch)).find((p) => p.state === "open");
    if (open) {
      // Ours from a retried request, or a concurrent attempt's: either way it gets its labels (idempotent).
      await decorate(github, repo, open.number, request.secondReview);
      return { kind: "exists", pull: open };
    }
    throw new HalfFinishedRollbackError(branch, commitSha, "GitHub said a pull request already exists but none is open");
  }
  const warnings = await decorate(github, repo, pull.number, request.secondReview);
  return { kind: "opened", pull, commitSha, completed, warnings };
}

/** GitHub's reason, and for a missing App permission (403 "Resource not accessible by integration") what fixes it. */
function whyNoPull(error: unknown): string {
  const message = messageOf(error);
  if (statusOf(error) !== 403 || !/not accessible by integration/i.test(message)) return message;
  return `${message} (the batch-ops App lacks the "Pull requests: write" permission on this repository: an owner grants it in the installation's settings, then the command finishes the rollback)`;
}

/** Labels and review requests: failures are reported, the pull request stands. */
async function decorate(github: GitHub, repo: RepoRef, pullNumber: number, secondReview: ReviewerRequest | null): Promise<string[]> {
  const warnings: string[] = [];
  const labels = secondReview ? [ROLLBACK_LABEL, SECOND_REVIEW_LABEL] : [ROLLBACK_LABEL];
  try {
    await ensureLabel(github, repo, ROLLBACK_LABEL, "5319e7", "Rollback of a batch, opened by batch-ops");
    if (secondReview) await ensureLabel(github, repo, SECOND_REVIEW_LABEL, "d93f0b", "More than 10 recipes: a second operator reviews before merge");
    await addLabels(github, repo, pullNumber, labels);
  } catch (error) {
    warnings.push(`labels ${labels.map((l) => `\`${l}\``).join(", ")} could not be added: ${messageOf(error)}`);
  }
  if (secondReview) {
    const failed = await requestReviewers(github, repo, pullNumber, secondReview);
    if (failed) warnings.push(`the second review could not be requested: ${failed}`);
  }
  return warnings;
}
