/** A pull request associated with a commit, as the classification needs it. */
export interface PullFacts {
  number: number;
  url: string;
  title: string;
  headRef: string;
  /** `owner/repo` of the head branch (null when deleted); a fork's branch is never a batch branch. */
  headRepo?: string | null;
  baseRef: string;
  mergedAt: string | null;
  mergeCommitSha: string | null;
}

/**
 * How a change reached the default branch:
 * - `batch`: a batch run's output, by its `batch_id:` line or through a merged pull request from a
 *   batch branch (squash merges drop the trailer);
 * - `pull`: part of another merged pull request (reviewed the normal way);
 * - `direct`: neither, the runbook's "suspicious output".
 */
export type CommitKind = { kind: "batch"; batchId?: string; pull?: PullFacts } | { kind: "pull"; pull: PullFacts } | { kind: "direct"; why: string };

/** The value of the commit message's `batch_id: <id>` line, if it has one. */
export function batchIdOf(message: string): string | undefined {
  for (const line of message.split("\n")) {
    const match = /^batch_id:[ \t]*(\S.*?)\s*$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Pull request numbers GitHub itself writes into merge messages: `Merge pull request #12 from …` and
 * the squash subject's `(#12)`. Used only as a hint; the pull request is then read and must name this
 * very commit as its merge commit.
 */
export function pullNumbersInMessage(message: string): number[] {
  const subject = message.split("\n")[0] ?? "";
  const numbers = new Set<number>();
  const merge = /^Merge pull request #(\d{1,9})\b/.exec(subject);
  if (merge) numbers.add(Number(merge[1]));
  const squash = /\(#(\d{1,9})\)\s*$/.exec(subject);
  if (squash) numbers.add(Number(squash[1]));
  return [...numbers].slice(0, 2);
}

/** A pull request merged into the default branch. */
export function mergedInto(pull: PullFacts, defaultBranch: string): boolean {
  return pull.mergedAt !== null && pull.baseRef === defaultBranch;
}

export interface ClassifyInput {
  message: string;
  /** Pull requests GitHub associates with the commit (any state). */
  pulls: readonly PullFacts[];
  defaultBranch: string;
  /** `owner/repo`: only pull requests from this repository's own batch branches count as batches. */
  repoFullName: string;
  batchBranchPrefix: string;
  /**
   * Whether the push that brought the commit was made by a bot account (the pipeline). Undefined when
   * unknown (history). A person can type a `batch_id:` line, but cannot push as a bot.
   */
  pushedByBot?: boolean;
}

export function classifyCommit(input: ClassifyInput): CommitKind {
  const merged = input.pulls.find((p) => mergedInto(p, input.defaultBranch));
  const batchId = batchIdOf(input.message);
  if (merged) {
    const ownBranch = !merged.headRepo || merged.headRepo.toLowerCase() === input.repoFullName.toLowerCase();
    if (ownBranch && merged.headRef.startsWith(input.batchBranchPrefix)) return { kind: "batch", pull: merged, ...(batchId ? { batchId } : {}) };
    return { kind: "pull", pull: merged };
  }
  if (batchId !== undefined) {
    if (input.pushedByBot === false) return { kind: "direct", why: "carries a batch_id line but was pushed by a person, not the pipeline" };
    return { kind: "batch", batchId };
  }
  return { kind: "direct", why: "neither a batch commit nor part of a merged pull request" };
}

/** Needs no API call: a batch commit pushed by a bot is a batch commit whatever pull requests exist. */
export function isBatchWithoutLookup(message: string, pushedByBot: boolean | undefined): boolean {
  return pushedByBot !== false && batchIdOf(message) !== undefined;
}
