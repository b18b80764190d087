import { getPull, pullsForCommit } from "../github/commits.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { classifyCommit, isBatchWithoutLookup, mergedInto, pullNumbersInMessage, type CommitKind, type PullFacts } from "./commit-kind.js";

export interface ProvenanceInput {
  sha: string;
  message: string;
  /** Pushed by a bot account (the pipeline); undefined for history, where the pusher is unknown. */
  pushedByBot?: boolean;
}

/**
 * How a commit reached the default branch: a batch commit, part of a merged pull request, or a direct
 * push. GitHub's commit → pull request association can lag just after a merge, so when it lists no
 * merged pull request, the numbers GitHub writes into merge and squash subjects are read too, and such a
 * pull request counts only if GitHub names this very commit as its merge commit.
 */
export async function commitProvenance(github: GitHub, repo: RepoRef, input: ProvenanceInput, batchBranchPrefix: string): Promise<CommitKind> {
  const base = {
    message: input.message,
    defaultBranch: repo.defaultBranch,
    repoFullName: `${repo.owner}/${repo.repo}`,
    batchBranchPrefix,
    ...(input.pushedByBot === undefined ? {} : { pushedByBot: input.pushedByBot }),
  };
  if (isBatchWithoutLookup(input.message, input.pushedByBot)) return classifyCommit({ ...base, pulls: [] });
  const pulls: PullFacts[] = await pullsForCommit(github, repo, input.sha);
  if (!pulls.some((p) => mergedInto(p, repo.defaultBranch))) {
    for (const number of pullNumbersInMessage(input.message)) {
      const pull = await getPull(github, repo, number);
      if (pull && mergedInto(pull, repo.defaultBranch) && pull.mergeCommitSha === input.sha) pulls.push(pull);
    }
  }
  return classifyCommit({ ...base, pulls });
}
